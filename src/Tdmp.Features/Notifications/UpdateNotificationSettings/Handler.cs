namespace Tdmp.Features.Notifications.UpdateNotificationSettings;

public sealed record UpdateNotificationSettingsCommand(IReadOnlyList<(string Event, ChannelChoice Choice)> Changes)
    : ICommand<NotificationSettingsResponse>;

public sealed class UpdateNotificationSettingsHandler(UnitOfWork work, ICurrentUser caller, AuditTrail audit)
    : ICommandHandler<UpdateNotificationSettingsCommand, NotificationSettingsResponse>
{
    private const string UpsertSql = """
        INSERT INTO notification_preferences (user_id, event, in_app, email)
        VALUES (@user_id, @event, COALESCE(@in_app::boolean, true), COALESCE(@email::boolean, false))
        ON CONFLICT (user_id, event) DO UPDATE
        SET in_app = COALESCE(@in_app::boolean, notification_preferences.in_app),
            email = COALESCE(@email::boolean, notification_preferences.email),
            updated_at = now()
        """;

    public async ValueTask<NotificationSettingsResponse> Handle(UpdateNotificationSettingsCommand command, CancellationToken ct)
    {
        var (connection, transaction) = await work.BeginAsync(ct);
        foreach (var (name, choice) in command.Changes)
            await connection.ExecuteAsync(new CommandDefinition(UpsertSql, new
            {
                user_id = caller.UserId, @event = name, in_app = choice.InApp, email = choice.Email,
            }, transaction, cancellationToken: ct));
        var settings = await NotificationPreferences.ReadAsync(connection, transaction, caller.UserId, ct);
        if (command.Changes.Count > 0)
            audit.Record(new AuditEntry("settings.notifications_updated", "user",
                caller.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Details: new { changes = command.Changes.ToDictionary(c => c.Event, c => new { in_app = c.Choice.InApp, email = c.Choice.Email }) }));
        return settings;
    }
}
