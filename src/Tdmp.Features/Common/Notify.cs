namespace Tdmp.Features.Common;

/// <summary>Something to tell one user.</summary>
public sealed record Notification(long UserId, string Event, string Title, string? Body = null, long? ProjectId = null);

/// <summary>An e-mail the notifier wants sent; the mail integration decides how and when.</summary>
public sealed record NotificationEmail(long UserId, string To, string Event, string Subject, string? Body);

/// <summary>
/// Sends notification e-mails: <c>OutboxNotificationMailer</c> (Common/Mail) queues them in <c>mail_outbox</c>, or nothing while no
/// mail is configured. It is called inside the transaction of the change, so an implementation queues rather than sends at once.
/// </summary>
public interface INotificationMailer
{
    Task EnqueueAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, NotificationEmail email, CancellationToken ct);
}

/// <summary>
/// Notifies a user of an event, honouring the user's preferences (no row: in-app on, e-mail off). Call it with the
/// connection and transaction of the change, so the notification exists exactly when the change does:
/// <c>await notifier.NotifyAsync(connection, transaction, new Notification(userId, EventNames.UserRoleChanged, "Your role is now admin"), ct);</c>
/// </summary>
public sealed class Notifier(INotificationMailer mailer)
{
    private const string RecipientSql = """
        SELECT u.tenant_id AS TenantId, u.email AS Email, u.is_active AS IsActive,
               COALESCE(np.in_app, true) AS InApp, COALESCE(np.email, false) AS ByEmail
        FROM users u
        LEFT JOIN notification_preferences np ON np.user_id = u.user_id AND np.event = @event
        WHERE u.user_id = @user_id
        """;

    private const string InsertSql = """
        INSERT INTO notifications (tenant_id, user_id, event, title, body, project_id)
        VALUES (@tenant_id, @user_id, @event, @title, @body, @project_id)
        """;

    /// <summary>Creates the in-app row and/or queues the e-mail, as the user chose; returns whether an in-app row was made.</summary>
    public async Task<bool> NotifyAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Notification notification, CancellationToken ct)
    {
        if (!EventNames.Notifications.Contains(notification.Event))
            throw new ArgumentException($"Unknown notification event '{notification.Event}'.", nameof(notification));

        var recipient = await connection.QuerySingleOrDefaultAsync<Recipient>(new CommandDefinition(RecipientSql,
            new { user_id = notification.UserId, @event = notification.Event }, transaction, cancellationToken: ct));
        if (recipient is null || !recipient.IsActive) return false;

        if (recipient.ByEmail)
            await mailer.EnqueueAsync(connection, transaction,
                new NotificationEmail(notification.UserId, recipient.Email, notification.Event, notification.Title, notification.Body), ct);
        if (!recipient.InApp) return false;

        await connection.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            tenant_id = recipient.TenantId,
            user_id = notification.UserId,
            @event = notification.Event,
            title = notification.Title,
            body = notification.Body,
            project_id = notification.ProjectId,
        }, transaction, cancellationToken: ct));
        return true;
    }

    private sealed record Recipient(long TenantId, string Email, bool IsActive, bool InApp, bool ByEmail);
}
