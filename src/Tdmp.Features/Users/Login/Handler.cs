using Tdmp.Features.Common.Auth;

namespace Tdmp.Features.Users.Login;

public sealed record LoginCommand(string Username, string Password, string? Otp, string? UserAgent)
    : ICommand<TokenResponse>;

public sealed class LoginHandler(
    NpgsqlDataSource db, PasswordHasher hasher, TokenIssuer issuer, AuthOptions options, AuditTrail audit, TimeProvider clock, ICurrentUser caller,
    TwoFactor twoFactor)
    : ICommandHandler<LoginCommand, TokenResponse>
{
    public const string WrongCredentials = "Incorrect username or password";
    public const string TwoFactorCodeRequired = "Two-factor code required: send the code of your authenticator app (or a recovery code) as otp.";
    public const string InvalidTwoFactorCode = "Invalid two-factor code: it is wrong, expired or was already used.";

    private const string FindUserSql = """
        SELECT u.user_id, u.tenant_id, u.username, u.role, u.password_hash, u.is_active
        FROM users u
        WHERE lower(u.username) = lower(@username)
        """;

    // Failed logins are counted from the audit log itself, so every node sees the same numbers.
    private const string RecentFailuresSql = """
        SELECT
            count(*) FILTER (WHERE lower(target_id) = lower(@username) AND client_ip IS NOT DISTINCT FROM @client_ip) AS user_and_address,
            count(*) FILTER (WHERE client_ip IS NOT DISTINCT FROM @client_ip)                         AS address,
            count(*) FILTER (WHERE lower(target_id) = lower(@username))                           AS username,
            min(occurred_at)                                                                       AS oldest
        FROM audit_log
        WHERE action = 'user.login_failed' AND occurred_at > @since
        """;

    private const string CreateSessionSql = """
        INSERT INTO sessions (session_id, user_id, expires_at, client_ip, user_agent)
        VALUES (@session_id, @user_id, @expires_at, @client_ip, @user_agent)
        """;

    private sealed record UserRow(long user_id, long tenant_id, string username, string role, string? password_hash, bool is_active);
    private sealed record Failures(long user_and_address, long address, long username, DateTime? oldest);

    public async ValueTask<TokenResponse> Handle(LoginCommand command, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await RefuseWhenRateLimitedAsync(connection, command, ct);

        var user = await connection.QuerySingleOrDefaultAsync<UserRow>(
            new CommandDefinition(FindUserSql, new { username = command.Username }, cancellationToken: ct));
        var passwordMatches = hasher.Verify(command.Password, user?.password_hash);
        if (user is null || !passwordMatches || !user.is_active)
        {
            await audit.WriteAsync(connection, null, user?.tenant_id, user?.user_id, user?.role,
                new AuditEntry("user.login_failed", "user", command.Username,
                    Details: new { reason = user is null ? "unknown user" : !passwordMatches ? "wrong password" : "inactive user" }), ct);
            throw new UnauthorizedException(WrongCredentials);
        }

        var role = TenantRoles.Parse(user.role);
        var sessionId = Guid.NewGuid();
        var (token, expiresAt) = issuer.Issue(user.user_id, user.tenant_id, user.username, role, sessionId);

        // Its own transaction, not the command's unit of work: a refused two-factor code rolls back (the code stays
        // unused) and is then audited outside it, like a wrong password.
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // The code is consumed in this transaction; a refused one counts as a failed login like a wrong password.
        if (await TwoFactor.FindAsync(connection, transaction, user.user_id, ct) is { IsEnabled: true } enrolment)
        {
            var missing = string.IsNullOrWhiteSpace(command.Otp);
            if (missing || !await twoFactor.TryAcceptAsync(connection, transaction, enrolment, command.Otp!, ct))
            {
                await transaction.RollbackAsync(ct);
                await audit.WriteAsync(connection, null, user.tenant_id, user.user_id, user.role,
                    new AuditEntry("user.login_failed", "user", command.Username,
                        Details: new { reason = missing ? "two-factor code missing" : "wrong two-factor code" }), ct);
                throw new UnauthorizedException(missing ? TwoFactorCodeRequired : InvalidTwoFactorCode);
            }
        }
        await connection.ExecuteAsync(new CommandDefinition(CreateSessionSql, new
        {
            session_id = sessionId,
            user_id = user.user_id,
            expires_at = expiresAt.UtcDateTime,
            client_ip = caller.ClientIp,
            user_agent = command.UserAgent,
        }, transaction, cancellationToken: ct));
        await audit.WriteAsync(connection, transaction, user.tenant_id, user.user_id, user.role,
            new AuditEntry("user.login", "user", user.user_id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Details: new { session_id = sessionId }), ct);
        await transaction.CommitAsync(ct);

        return new TokenResponse(token, "bearer", (long)options.TokenLifetime.TotalSeconds);
    }

    private async Task RefuseWhenRateLimitedAsync(NpgsqlConnection connection, LoginCommand command, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var failures = await connection.QuerySingleAsync<Failures>(new CommandDefinition(RecentFailuresSql, new
        {
            username = command.Username,
            client_ip = caller.ClientIp,
            since = (now - options.LoginWindow).UtcDateTime,
        }, cancellationToken: ct));

        var limited = failures.user_and_address >= options.MaxFailedLoginsPerUserAndAddress
            || failures.address >= options.MaxFailedLoginsPerAddress
            || failures.username >= options.MaxFailedLoginsPerUser;
        if (!limited) return;

        // The window slides: the caller may try again once the oldest counted failure leaves it.
        var oldest = failures.oldest is { } o ? new DateTimeOffset(DateTime.SpecifyKind(o, DateTimeKind.Utc)) : now;
        var retryAfter = oldest + options.LoginWindow - now;
        throw new TooManyRequestsException(
            "Too many failed logins; try again later.",
            retryAfter > TimeSpan.FromSeconds(1) ? retryAfter : TimeSpan.FromSeconds(1));
    }
}
