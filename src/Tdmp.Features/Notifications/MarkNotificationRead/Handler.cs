namespace Tdmp.Features.Notifications.MarkNotificationRead;

public sealed class MarkNotificationReadHandler(UnitOfWork work, ICurrentUser caller, AuditTrail audit)
    : ICommandHandler<MarkNotificationReadRequest, NotificationResponse>
{
    // Reading twice keeps the first read time. Only the recipient's own notifications: others' are "not found".
    private const string MarkSql = """
        UPDATE notifications n SET read_at = COALESCE(n.read_at, now())
        WHERE n.notification_id = @notification_id AND n.user_id = @user_id
        RETURNING
        """ + " " + NotificationResponse.Columns;

    public async ValueTask<NotificationResponse> Handle(MarkNotificationReadRequest command, CancellationToken ct)
    {
        var (connection, transaction) = await work.BeginAsync(ct);
        var notification = await connection.QuerySingleOrDefaultAsync<NotificationResponse>(new CommandDefinition(MarkSql,
                               new { notification_id = command.NotificationId, user_id = caller.UserId }, transaction, cancellationToken: ct))
                           ?? throw new NotFoundException("Notification not found");
        audit.Record(new AuditEntry("notification.read", "notification",
            command.NotificationId.ToString(System.Globalization.CultureInfo.InvariantCulture), notification.ProjectId));
        return notification;
    }
}
