using System.Globalization;
using Tdmp.Features.Common.Auth;

namespace Tdmp.Features.Settings.ChangePassword;

public sealed class ChangePasswordHandler(UnitOfWork work, ICurrentUser caller, PasswordHasher hasher, AccountPassword accountPassword,
    AuditTrail audit, Sessions sessions)
    : ICommandHandler<ChangePasswordRequest>
{
    private const string UpdateSql = "UPDATE users SET password_hash = @password_hash, updated_at = now() WHERE user_id = @user_id";

    public async ValueTask<Unit> Handle(ChangePasswordRequest command, CancellationToken ct)
    {
        var (connection, transaction) = await work.BeginAsync(ct);
        await accountPassword.EnsureMatchesAsync(connection, transaction, command.CurrentPassword, "current_password", ct);
        PasswordPolicy.Enforce("new_password", command.NewPassword, caller.Username);

        await connection.ExecuteAsync(new CommandDefinition(UpdateSql,
            new { password_hash = hasher.Hash(command.NewPassword), user_id = caller.UserId }, transaction, cancellationToken: ct));
        // Whoever holds an older login token (perhaps the reason for the change) is logged out; this session goes on.
        // Access tokens stay: CI jobs hold them, and they never depended on the password.
        await sessions.RevokeOtherLoginsAsync(connection, transaction, caller.UserId, keep: caller.SessionId, ct);
        audit.Record(new AuditEntry("user.password_changed", "user", caller.UserId.ToString(CultureInfo.InvariantCulture)));
        return Unit.Value;
    }
}
