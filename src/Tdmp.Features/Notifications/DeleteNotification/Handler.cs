namespace Tdmp.Features.Notifications.DeleteNotification;

public sealed class DeleteNotificationHandler(UnitOfWork work, ICurrentUser caller, AuditTrail audit) : ICommandHandler<DeleteNotificationRequest>
{
    private const string DeleteSql = """
        DELETE FROM notifications WHERE notification_id = @notification_id AND user_id = @user_id
        RETURNING event AS Event, project_id AS ProjectId
        """;

    private sealed record Deleted(string Event, long? ProjectId);

    public async ValueTask<Unit> Handle(DeleteNotificationRequest command, CancellationToken ct)
    {
        var (connection, transaction) = await work.BeginAsync(ct);
        var deleted = await connection.QuerySingleOrDefaultAsync<Deleted>(new CommandDefinition(DeleteSql,
                          new { notification_id = command.NotificationId, user_id = caller.UserId }, transaction, cancellationToken: ct))
                      ?? throw new NotFoundException("Notification not found");
        audit.Record(new AuditEntry("notification.deleted", "notification",
            command.NotificationId.ToString(System.Globalization.CultureInfo.InvariantCulture), deleted.ProjectId, new { @event = deleted.Event }));
        return Unit.Value;
    }
}
