namespace Tdmp.Features.Notifications.MarkNotificationRead;

public sealed record MarkNotificationReadCommand(long NotificationId) : ICommand<NotificationResponse>;

public sealed class MarkNotificationReadHandler(NpgsqlDataSource db, ICurrentUser user, AuditTrail audit)
    : ICommandHandler<MarkNotificationReadCommand, NotificationResponse>
{
    // Reading twice keeps the first read time. Only the recipient's own notifications: others' are "not found".
    private const string MarkSql = """
        UPDATE notifications n SET read_at = COALESCE(n.read_at, now())
        WHERE n.notification_id = @notification_id AND n.user_id = @user_id
        RETURNING
        """ + " " + NotificationResponse.Columns;

    public async ValueTask<NotificationResponse> Handle(MarkNotificationReadCommand command, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var notification = await connection.QuerySingleOrDefaultAsync<NotificationResponse>(new CommandDefinition(MarkSql,
                               new { notification_id = command.NotificationId, user_id = user.UserId }, transaction, cancellationToken: ct))
                           ?? throw new NotFoundException("Notification not found");
        await audit.WriteAsync(connection, transaction, user, new AuditEntry("notification.read", "notification",
            command.NotificationId.ToString(System.Globalization.CultureInfo.InvariantCulture), notification.ProjectId), ct);
        await transaction.CommitAsync(ct);
        return notification;
    }
}
