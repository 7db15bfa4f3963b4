using System.Collections.Frozen;

namespace Tdmp.Features.Common.Auth;

/// <summary>
/// The password rules of API.md, for every place a password is chosen: 12 to 128 characters, not the username, not
/// in the shipped list of common passwords (compared case-insensitively). No composition rules, as NIST SP 800-63B advises.
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 12;
    public const int MaxLength = 128;

    private static readonly Lazy<FrozenSet<string>> CommonPasswords = new(LoadCommonPasswords);

    /// <summary>Why <paramref name="password"/> is refused, or null when it is acceptable.</summary>
    public static string? Problem(string? password, string? username)
    {
        if (string.IsNullOrEmpty(password))
            return "A password is required.";
        // Unicode code points, so that a passphrase in any script counts as what the user typed.
        var length = password.EnumerateRunes().Count();
        if (length < MinLength)
            return $"The password must have at least {MinLength} characters.";
        if (length > MaxLength)
            return $"The password must have at most {MaxLength} characters.";
        if (!string.IsNullOrEmpty(username) && string.Equals(password, username, StringComparison.OrdinalIgnoreCase))
            return "The password must not be the username.";
        if (CommonPasswords.Value.Contains(password.ToLowerInvariant()))
            return "This password is on the list of common passwords; choose a less predictable one.";
        return null;
    }

    /// <summary>Throws a 422 on <paramref name="field"/> when the password breaks the policy (for rules that need the database,
    /// such as the username of an invited user).</summary>
    public static void Enforce(string field, string password, string? username)
    {
        if (Problem(password, username) is { } problem)
            throw new RuleViolationException(field, problem);
    }

    /// <summary>The policy as a FluentValidation rule; <paramref name="username"/> picks the username from the request, when it has one.</summary>
    public static IRuleBuilderOptionsConditions<T, string?> MeetsPasswordPolicy<T>(this IRuleBuilder<T, string?> rule,
        Func<T, string?>? username = null)
        => rule.Custom((password, context) =>
        {
            if (Problem(password, username?.Invoke(context.InstanceToValidate)) is { } problem)
                context.AddFailure(new FluentValidation.Results.ValidationFailure(context.PropertyPath, problem) { ErrorCode = "PasswordPolicy" });
        });

    private static FrozenSet<string> LoadCommonPasswords()
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("Tdmp.Features.common-passwords.txt")
            ?? throw new InvalidOperationException("The common password list is not embedded in Tdmp.Features.");
        using var reader = new StreamReader(stream);
        var passwords = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0 && !line.StartsWith('#'))
                passwords.Add(line.ToLowerInvariant());
        return passwords.ToFrozenSet(StringComparer.Ordinal);
    }
}
