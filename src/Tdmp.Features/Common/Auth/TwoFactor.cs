using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using OtpNet;

namespace Tdmp.Features.Common.Auth;

/// <summary>A user's TOTP enrolment as stored: the encrypted secret, and whether it was confirmed.</summary>
public sealed record TwoFactorEnrolment(long UserId, string ProtectedSecret, DateTime? EnabledAt)
{
    public bool IsEnabled => EnabledAt is not null;
}

/// <summary>
/// Two-factor login (TOTP, RFC 6238: SHA-1, 6 digits, 30-second steps, ±1 step of drift) and its recovery codes. Secrets are
/// encrypted with ASP.NET Data Protection, whose key ring every node reads from the database. A code is accepted at most
/// once: a TOTP code only for a time step later than the last accepted one, a recovery code only while unused, each
/// checked and consumed by one atomic UPDATE so that two concurrent requests cannot both succeed.
/// </summary>
public sealed class TwoFactor(IDataProtectionProvider protection, TimeProvider clock)
{
    public const string Issuer = "TDMP";
    public const int RecoveryCodeCount = 10;

    /// <summary>Without look-alikes (0/o, 1/l): 32 symbols, so 12 of them carry 60 random bits.</summary>
    private const string RecoveryAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    private readonly IDataProtector protector = protection.CreateProtector("Tdmp.TwoFactor.TotpSecret.v1");

    private const string FindSql = """
        SELECT user_id AS UserId, protected_secret AS ProtectedSecret, enabled_at AS EnabledAt
        FROM user_two_factor
        WHERE user_id = @user_id
        """;

    // The WHERE clause is the replay guard: of two requests with the same code, the second finds the step already used.
    private const string ConsumeStepSql = """
        UPDATE user_two_factor SET last_used_step = @step
        WHERE user_id = @user_id AND (last_used_step IS NULL OR last_used_step < @step)
        """;

    private const string ConsumeRecoveryCodeSql = """
        UPDATE user_recovery_codes SET used_at = now()
        WHERE user_id = @user_id AND code_hash = @code_hash AND used_at IS NULL
        """;

    private const string ReplaceRecoveryCodesSql = """
        DELETE FROM user_recovery_codes WHERE user_id = @user_id;
        INSERT INTO user_recovery_codes (user_id, code_hash) SELECT @user_id, unnest(@code_hashes);
        """;

    public static Task<TwoFactorEnrolment?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long userId, CancellationToken ct)
        => connection.QuerySingleOrDefaultAsync<TwoFactorEnrolment>(
            new CommandDefinition(FindSql, new { user_id = userId }, transaction, cancellationToken: ct));

    /// <summary>A new random 160-bit secret, base32 as authenticator apps take it.</summary>
    public static string NewSecret() => Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));

    public string Protect(string secret) => protector.Protect(secret);

    public string Unprotect(string protectedSecret) => protector.Unprotect(protectedSecret);

    /// <summary>The URI an authenticator app scans: <c>otpauth://totp/TDMP:&lt;username&gt;?secret=...&amp;issuer=TDMP</c>.</summary>
    public static string OtpauthUri(string username, string secret)
        => $"otpauth://totp/{Issuer}:{Uri.EscapeDataString(username)}?secret={secret}&issuer={Issuer}";

    /// <summary>The time step <paramref name="code"/> is valid for (now, one step before or after), or null.</summary>
    public long? MatchingStep(string secret, string code)
    {
        var normalised = code.Replace(" ", "", StringComparison.Ordinal);
        if (normalised.Length != 6 || !normalised.All(char.IsAsciiDigit))
            return null;
        var totp = new Totp(Base32Encoding.ToBytes(secret));
        return totp.VerifyTotp(clock.GetUtcNow().UtcDateTime, normalised, out var step, new VerificationWindow(previous: 1, future: 1))
            ? step
            : null;
    }

    /// <summary>Marks <paramref name="step"/> as used; false when it (or a later one) already was.</summary>
    public static async Task<bool> TryConsumeStepAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long userId, long step,
        CancellationToken ct)
        => await connection.ExecuteAsync(new CommandDefinition(ConsumeStepSql, new { user_id = userId, step }, transaction,
            cancellationToken: ct)) == 1;

    /// <summary>
    /// Accepts a TOTP code of an enrolment, or one of its unused recovery codes, and consumes it in the same statement
    /// that checks it; false for a wrong, stale or already used code.
    /// </summary>
    public async Task<bool> TryAcceptAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, TwoFactorEnrolment enrolment, string code,
        CancellationToken ct)
    {
        if (MatchingStep(Unprotect(enrolment.ProtectedSecret), code) is { } step)
            return await TryConsumeStepAsync(connection, transaction, enrolment.UserId, step, ct);
        if (NormaliseRecoveryCode(code) is not { } recovery)
            return false;
        return await connection.ExecuteAsync(new CommandDefinition(ConsumeRecoveryCodeSql,
            new { user_id = enrolment.UserId, code_hash = OneTimeTokens.Hash(recovery) }, transaction, cancellationToken: ct)) == 1;
    }

    /// <summary>Issues <see cref="RecoveryCodeCount"/> new codes (<c>xxxx-xxxx-xxxx</c>), replacing any earlier ones; only hashes are
    /// stored.</summary>
    public static async Task<IReadOnlyList<string>> IssueRecoveryCodesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long userId,
        CancellationToken ct)
    {
        var codes = Enumerable.Range(0, RecoveryCodeCount)
            .Select(_ => RandomNumberGenerator.GetString(RecoveryAlphabet, 12))
            .Select(c => $"{c[..4]}-{c[4..8]}-{c[8..]}")
            .ToList();
        await connection.ExecuteAsync(new CommandDefinition(ReplaceRecoveryCodesSql, new
        {
            user_id = userId,
            code_hashes = codes.Select(c => OneTimeTokens.Hash(NormaliseRecoveryCode(c)!)).ToArray(),
        }, transaction, cancellationToken: ct));
        return codes;
    }

    private static string? NormaliseRecoveryCode(string code)
    {
        var normalised = new string(code.Where(c => c is not ('-' or ' ')).Select(char.ToLowerInvariant).ToArray());
        return normalised.Length == 12 && normalised.All(c => RecoveryAlphabet.Contains(c)) ? normalised : null;
    }
}
