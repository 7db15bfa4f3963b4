using System.Text.Json;

namespace Tdmp.Features.Common;

/// <summary>The events webhooks can subscribe to, as API.md names them.</summary>
public static class DomainEventNames
{
    public const string DatasetCompleted = "dataset.completed";
    public const string DatasetFailed = "dataset.failed";
    public const string SchemaUploaded = "schema.uploaded";
    public const string ProjectCreated = "project.created";

    public static readonly string[] All = [DatasetCompleted, DatasetFailed, SchemaUploaded, ProjectCreated];
}

/// <summary>
/// Raises a domain event into the outbox table <c>domain_events</c>, in the caller's transaction, so the event exists exactly
/// when the change does; the webhook dispatcher delivers it later, at least once:
/// <c>await DomainEvents.RaiseAsync(connection, transaction, tenantId, DomainEventNames.ProjectCreated, new { project_id = 3 }, ct);</c>
/// </summary>
public static class DomainEvents
{
    private const string InsertSql = """
        INSERT INTO domain_events (tenant_id, event, data) VALUES (@tenant_id, @event, CAST(@data AS jsonb))
        """;

    public static Task RaiseAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long tenantId, string eventName, object data, CancellationToken ct)
    {
        if (!DomainEventNames.All.Contains(eventName))
            throw new ArgumentException($"Unknown domain event '{eventName}'.", nameof(eventName));
        return connection.ExecuteAsync(new CommandDefinition(InsertSql,
            new { tenant_id = tenantId, @event = eventName, data = JsonSerializer.Serialize(data, StoredJson.Records) }, transaction, cancellationToken: ct));
    }
}
