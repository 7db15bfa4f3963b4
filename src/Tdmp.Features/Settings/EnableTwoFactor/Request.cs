using FastEndpoints;

namespace Tdmp.Features.Settings.EnableTwoFactor;

public sealed class EnableTwoFactorRequest : Mediator.ICommand<EnableTwoFactorResponse>
{
    /// <summary>Leave out to get a new secret; send the authenticator's current code to turn two-factor login on.</summary>
    public string? Code { get; init; }

    /// <summary>The account's password, required with <c>code</c>: a stolen token alone cannot turn two-factor login on
    /// and lock the owner out.</summary>
    public string? Password { get; init; }

    public sealed class Validator : Validator<EnableTwoFactorRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Code).Matches("^[0-9 ]{6,7}$").When(r => r.Code is not null)
                .WithMessage("The code is the 6 digits the authenticator app shows.");
            RuleFor(r => r.Password).NotEmpty().When(r => !string.IsNullOrWhiteSpace(r.Code))
                .WithMessage("Send the account's password with the code.");
        }
    }
}

/// <summary>Step one: <c>secret</c> and <c>otpauth_uri</c>. Step two: <c>two_factor_enabled</c> and the <c>recovery_codes</c>.
/// Each is shown this once.</summary>
public sealed record EnableTwoFactorResponse
{
    public bool TwoFactorEnabled { get; init; }
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Secret { get; init; }
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? OtpauthUri { get; init; }
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? RecoveryCodes { get; init; }
}
