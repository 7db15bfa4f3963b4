namespace Tdmp.Features.Notifications.GetNotificationSettings;

public sealed record GetNotificationSettingsQuery : IQuery<NotificationSettingsResponse>;

public sealed class GetNotificationSettingsHandler(NpgsqlDataSource db, ICurrentUser caller)
    : IQueryHandler<GetNotificationSettingsQuery, NotificationSettingsResponse>
{
    public async ValueTask<NotificationSettingsResponse> Handle(GetNotificationSettingsQuery query, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await NotificationPreferences.ReadAsync(connection, null, caller.UserId, ct);
    }
}
