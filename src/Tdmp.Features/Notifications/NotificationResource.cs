namespace Tdmp.Features.Notifications;

/// <summary>A notification as the notifications endpoints return it.</summary>
public sealed record NotificationResponse
{
    public long NotificationId { get; init; }
    /// <summary>What happened: dataset.completed, dataset.failed, export.completed, export.failed, project.member_added, user.role_changed.</summary>
    public string Event { get; init; } = "";
    public string Title { get; init; } = "";
    public string? Body { get; init; }
    public long? ProjectId { get; init; }
    public DateTime CreatedAt { get; init; }
    /// <summary>When it was marked read; null while unread.</summary>
    public DateTime? ReadAt { get; init; }
    public bool IsRead => ReadAt is not null;

    public const string Columns = """
        n.notification_id AS NotificationId, n.event AS Event, n.title AS Title, n.body AS Body,
        n.project_id AS ProjectId, n.created_at AS CreatedAt, n.read_at AS ReadAt
        """;

    public static NotificationResponse Example => new()
    {
        NotificationId = 88, Event = "project.member_added", Title = "You were added to the project checkout",
        Body = "maria added you to checkout with the edit role.", ProjectId = 3,
        CreatedAt = new DateTime(2026, 1, 6, 10, 35, 0, DateTimeKind.Utc),
    };
}
