using System.Globalization;

namespace Tdmp.Features.Settings.ChangeEmail;

public sealed class ChangeEmailHandler(UnitOfWork work, ICurrentUser caller, AccountPassword accountPassword, AuditTrail audit)
    : ICommandHandler<ChangeEmailRequest, SettingsView>
{
    private const string UpdateSql = "UPDATE users SET email = @email, updated_at = now() WHERE user_id = @user_id";

    public async ValueTask<SettingsView> Handle(ChangeEmailRequest command, CancellationToken ct)
    {
        var (connection, transaction) = await work.BeginAsync(ct);
        await accountPassword.EnsureMatchesAsync(connection, transaction, command.Password, "password", ct);
        await connection.ExecuteAsync(new CommandDefinition(UpdateSql,
            new { email = command.NewEmail.Trim(), user_id = caller.UserId }, transaction, cancellationToken: ct));
        // The addresses stay out of the audit row, so that deleting the account anonymises it everywhere.
        audit.Record(new AuditEntry("user.email_changed", "user", caller.UserId.ToString(CultureInfo.InvariantCulture)));
        var settings = await SettingsView.FindAsync(connection, transaction, caller.UserId, ct);
        return settings;
    }
}
