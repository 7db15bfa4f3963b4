using System.Globalization;

namespace Tdmp.Features.Settings.ChangeEmail;

public sealed record ChangeEmailCommand(string Password, string NewEmail) : ICommand<SettingsView>;

public sealed class ChangeEmailHandler(NpgsqlDataSource db, ICurrentUser caller, AccountPassword accountPassword, AuditTrail audit)
    : ICommandHandler<ChangeEmailCommand, SettingsView>
{
    private const string UpdateSql = "UPDATE users SET email = @email, updated_at = now() WHERE user_id = @user_id";

    public async ValueTask<SettingsView> Handle(ChangeEmailCommand command, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await accountPassword.EnsureMatchesAsync(connection, transaction, command.Password, "password", ct);
        await connection.ExecuteAsync(new CommandDefinition(UpdateSql,
            new { email = command.NewEmail.Trim(), user_id = caller.UserId }, transaction, cancellationToken: ct));
        // The addresses stay out of the audit row, so that deleting the account anonymises it everywhere.
        await audit.WriteAsync(connection, transaction, caller,
            new AuditEntry("user.email_changed", "user", caller.UserId.ToString(CultureInfo.InvariantCulture)), ct);
        var settings = await SettingsView.FindAsync(connection, transaction, caller.UserId, ct);
        await transaction.CommitAsync(ct);
        return settings;
    }
}
