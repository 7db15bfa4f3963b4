using Tdmp.Features.Common.Auth;

namespace Tdmp.Features.Settings;

/// <summary>
/// Checks the caller's password where a settings change needs it (password, e-mail, two-factor, deletion). Wrong
/// passwords are audited and limited like failed logins, so a stolen token cannot be used to guess the password here.
/// </summary>
public sealed class AccountPassword(NpgsqlDataSource db, PasswordHasher hasher, AuditTrail audit, ICurrentUser caller, AuthOptions options)
{
    public const string FailedAction = "user.password_check_failed";

    private const string HashSql = "SELECT password_hash FROM users WHERE user_id = @user_id";

    private const string RecentFailuresSql = """
        SELECT count(*) FROM audit_log
        WHERE action = 'user.password_check_failed' AND actor_id = @user_id AND occurred_at > now() - @window
        """;

    /// <summary>Throws a 422 on <paramref name="field"/> when <paramref name="password"/> is not the caller's password,
    /// and a 429 after too many wrong ones in the login window.</summary>
    public async Task EnsureMatchesAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string password, string field,
        CancellationToken ct)
    {
        var failures = await connection.ExecuteScalarAsync<long>(new CommandDefinition(RecentFailuresSql,
            new { user_id = caller.UserId, window = options.LoginWindow }, transaction, cancellationToken: ct));
        if (failures >= options.MaxFailedLoginsPerUserAndAddress)
            throw new TooManyRequestsException("Too many wrong passwords; try again later.", options.LoginWindow);

        var hash = await connection.QuerySingleOrDefaultAsync<string?>(
            new CommandDefinition(HashSql, new { user_id = caller.UserId }, transaction, cancellationToken: ct));
        if (hasher.Verify(password, hash)) return;

        // On its own connection: the caller's transaction is rolled back by the 422 that follows.
        await using (var own = await db.OpenConnectionAsync(ct))
            await audit.WriteAsync(own, null, new AuditEntry(FailedAction, "user",
                caller.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture), Details: new { field }), ct);
        throw new RuleViolationException(field, "The password is not correct.");
    }
}
