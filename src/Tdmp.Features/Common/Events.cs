using System.Text.Json;

namespace Tdmp.Features.Common;

/// <summary>
/// The names of the events of the service, one set for both audiences: webhooks subscribe to <see cref="Webhooks"/>,
/// users are notified of <see cref="Notifications"/> (as stored and as <c>POST /settings/notifications</c> names them).
/// A dataset's completion and failure are in both.
/// </summary>
public static class EventNames
{
    public const string DatasetCompleted = "dataset.completed";
    public const string DatasetFailed = "dataset.failed";
    public const string SchemaUploaded = "schema.uploaded";
    public const string ProjectCreated = "project.created";
    public const string ExportCompleted = "export.completed";
    public const string ExportFailed = "export.failed";
    public const string ProjectMemberAdded = "project.member_added";
    public const string UserRoleChanged = "user.role_changed";

    /// <summary>The events webhooks can subscribe to, as API.md names them.</summary>
    public static readonly string[] Webhooks = [DatasetCompleted, DatasetFailed, SchemaUploaded, ProjectCreated];

    /// <summary>The events a user can be notified of.</summary>
    public static readonly string[] Notifications =
        [DatasetCompleted, DatasetFailed, ExportCompleted, ExportFailed, ProjectMemberAdded, UserRoleChanged];
}

/// <summary>
/// Raises a domain event into the outbox table <c>domain_events</c>, in the caller's transaction, so the event exists exactly
/// when the change does; the webhook dispatcher delivers it later, at least once:
/// <c>await DomainEvents.RaiseAsync(connection, transaction, tenantId, EventNames.ProjectCreated, new { project_id = 3 }, ct);</c>
/// </summary>
public static class DomainEvents
{
    private const string InsertSql = """
        INSERT INTO domain_events (tenant_id, event, data) VALUES (@tenant_id, @event, CAST(@data AS jsonb))
        """;

    public static Task RaiseAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long tenantId, string eventName, object data,
        CancellationToken ct)
    {
        if (!EventNames.Webhooks.Contains(eventName))
            throw new ArgumentException($"Unknown domain event '{eventName}'.", nameof(eventName));
        return connection.ExecuteAsync(new CommandDefinition(InsertSql,
            new { tenant_id = tenantId, @event = eventName, data = JsonSerializer.Serialize(data, StoredJson.Records) }, transaction,
                cancellationToken: ct));
    }
}
