using System.Globalization;

namespace Tdmp.Features.Settings.UpdateSettings;

public sealed record UpdateSettingsCommand(string? FullName, string? Theme) : ICommand<SettingsView>;

public sealed class UpdateSettingsHandler(UnitOfWork work, ICurrentUser caller, AuditTrail audit)
    : ICommandHandler<UpdateSettingsCommand, SettingsView>
{
    private const string UpdateSql = """
        UPDATE users
        SET full_name = CASE WHEN @set_full_name THEN @full_name ELSE full_name END,
            theme = COALESCE(@theme, theme),
            updated_at = now()
        WHERE user_id = @user_id
        """;

    public async ValueTask<SettingsView> Handle(UpdateSettingsCommand command, CancellationToken ct)
    {
        var (connection, transaction) = await work.BeginAsync(ct);
        var fields = new[] { command.FullName is null ? null : "full_name", command.Theme is null ? null : "theme" }.OfType<string>().ToArray();
        if (fields.Length > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(UpdateSql, new
            {
                user_id = caller.UserId,
                set_full_name = command.FullName is not null,
                full_name = command.FullName?.Trim() is { Length: > 0 } name ? name : null,
                theme = command.Theme,
            }, transaction, cancellationToken: ct));
            audit.Record(new AuditEntry("settings.updated", "user",
                caller.UserId.ToString(CultureInfo.InvariantCulture), Details: new { fields, theme = command.Theme }));
        }
        var settings = await SettingsView.FindAsync(connection, transaction, caller.UserId, ct);
        return settings;
    }
}
