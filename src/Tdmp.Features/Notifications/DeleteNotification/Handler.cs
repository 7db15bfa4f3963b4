namespace Tdmp.Features.Notifications.DeleteNotification;

public sealed record DeleteNotificationCommand(long NotificationId) : ICommand;

public sealed class DeleteNotificationHandler(NpgsqlDataSource db, ICurrentUser user, AuditTrail audit) : ICommandHandler<DeleteNotificationCommand>
{
    private const string DeleteSql = """
        DELETE FROM notifications WHERE notification_id = @notification_id AND user_id = @user_id
        RETURNING event AS Event, project_id AS ProjectId
        """;

    private sealed record Deleted(string Event, long? ProjectId);

    public async ValueTask<Unit> Handle(DeleteNotificationCommand command, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var deleted = await connection.QuerySingleOrDefaultAsync<Deleted>(new CommandDefinition(DeleteSql,
                          new { notification_id = command.NotificationId, user_id = user.UserId }, transaction, cancellationToken: ct))
                      ?? throw new NotFoundException("Notification not found");
        await audit.WriteAsync(connection, transaction, user, new AuditEntry("notification.deleted", "notification",
            command.NotificationId.ToString(System.Globalization.CultureInfo.InvariantCulture), deleted.ProjectId, new { @event = deleted.Event }), ct);
        await transaction.CommitAsync(ct);
        return Unit.Value;
    }
}
