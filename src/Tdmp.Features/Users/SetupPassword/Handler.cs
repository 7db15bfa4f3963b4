using System.Globalization;
using Tdmp.Features.Common.Auth;

namespace Tdmp.Features.Users.SetupPassword;

public sealed class SetupPasswordHandler(UnitOfWork work, PasswordHasher hasher, AuditTrail audit, TimeProvider clock)
    : ICommandHandler<SetupPasswordRequest>
{
    public const string InvalidToken = "The invitation token is invalid, expired or already used.";

    private const string FindSql = """
        SELECT i.invitation_id, u.user_id, u.tenant_id, u.username, u.role
        FROM user_invitations i
        JOIN users u ON u.user_id = i.user_id
        WHERE i.token_hash = @token_hash AND i.used_at IS NULL AND i.expires_at > @now
          AND u.is_active AND u.deleted_at IS NULL
        """;

    // Burning the token and checking it is one statement, so a token works once even when sent twice at the same time.
    private const string BurnSql = """
        UPDATE user_invitations SET used_at = @now
        WHERE invitation_id = @invitation_id AND used_at IS NULL AND expires_at > @now
        """;

    private const string SetPasswordSql = "UPDATE users SET password_hash = @password_hash, updated_at = now() WHERE user_id = @user_id";

    private sealed record Invitation(long invitation_id, long user_id, long tenant_id, string username, string role);

    public async ValueTask<Unit> Handle(SetupPasswordRequest command, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var connection = await work.ConnectionAsync(ct);
        var invitation = await connection.QuerySingleOrDefaultAsync<Invitation>(new CommandDefinition(FindSql,
            new { token_hash = OneTimeTokens.Hash(command.Token), now }, cancellationToken: ct))
            ?? throw new RuleViolationException("token", InvalidToken);
        // A refused password leaves the token usable, so the user can try a better one.
        PasswordPolicy.Enforce("password", command.Password, invitation.username);

        var (_, transaction) = await work.BeginAsync(ct);
        if (await connection.ExecuteAsync(new CommandDefinition(BurnSql, new { invitation.invitation_id, now }, transaction,
            cancellationToken: ct)) != 1)
            throw new RuleViolationException("token", InvalidToken);
        await connection.ExecuteAsync(new CommandDefinition(SetPasswordSql,
            new { password_hash = hasher.Hash(command.Password), invitation.user_id }, transaction, cancellationToken: ct));
        // The caller is anonymous (it holds the invitation, not a token): the actor is the invited user.
        audit.Record(new AuditEntry("user.password_set", "user", invitation.user_id.ToString(CultureInfo.InvariantCulture),
            Details: new { invitation_id = invitation.invitation_id }, TenantId: invitation.tenant_id,
            Actor: new AuditActor(invitation.user_id, invitation.role)));
        return Unit.Value;
    }
}
