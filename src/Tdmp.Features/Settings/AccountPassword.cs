using Tdmp.Features.Common.Auth;

namespace Tdmp.Features.Settings;

/// <summary>Checks the caller's password where a settings change needs it (password, e-mail, two-factor, deletion).</summary>
public static class AccountPassword
{
    private const string HashSql = "SELECT password_hash FROM users WHERE user_id = @user_id";

    /// <summary>Throws a 422 on <paramref name="field"/> when <paramref name="password"/> is not the user's password.</summary>
    public static async Task EnsureMatchesAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        PasswordHasher hasher, long userId, string password, string field, CancellationToken ct)
    {
        var hash = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(HashSql, new { user_id = userId }, transaction, cancellationToken: ct));
        if (!hasher.Verify(password, hash))
            throw new RuleViolationException(field, "The password is not correct.");
    }
}
