using System.Globalization;
using Tdmp.Features.Common.Auth;

namespace Tdmp.Features.Settings.DeleteAccount;

public sealed class DeleteAccountHandler(UnitOfWork work, ICurrentUser caller, AccountPassword accountPassword, AuditTrail audit, Sessions sessions)
    : ICommandHandler<DeleteAccountRequest>
{
    // The row stays (audit rows and datasets point at it) but says nothing about the person any more. The new username
    // has a character that usernames may not have, so it never collides with a real one.
    private const string AnonymiseSql = """
        UPDATE users
        SET username = 'deleted:' || user_id, email = 'deleted-' || user_id || '@deleted.invalid', full_name = NULL,
            password_hash = NULL, theme = 'system', is_active = false, deleted_at = now(), updated_at = now()
        WHERE user_id = @user_id;
        DELETE FROM user_avatars WHERE user_id = @user_id;
        DELETE FROM user_recovery_codes WHERE user_id = @user_id;
        DELETE FROM user_two_factor WHERE user_id = @user_id;
        UPDATE user_invitations SET used_at = now() WHERE user_id = @user_id AND used_at IS NULL;
        """;

    public async ValueTask<Unit> Handle(DeleteAccountRequest command, CancellationToken ct)
    {
        var (connection, transaction) = await work.BeginAsync(ct);
        await accountPassword.EnsureMatchesAsync(connection, transaction, command.Password, "password", ct);
        await TenantAdmins.EnsureAnotherRemainsAsync(connection, transaction, caller.TenantId, caller.UserId, caller.Role, null, "account", ct);

        await connection.ExecuteAsync(new CommandDefinition(AnonymiseSql, new { user_id = caller.UserId }, transaction, cancellationToken: ct));
        await sessions.RevokeAllAsync(connection, transaction, caller.UserId, keep: null, ct);
        audit.Record(new AuditEntry("user.deleted", "user", caller.UserId.ToString(CultureInfo.InvariantCulture)));
        return Unit.Value;
    }
}
