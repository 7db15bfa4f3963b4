using System.Text.Json;

namespace Tdmp.Features.Common;

/// <summary>One row of the audit log, written in the same transaction as the change it records. <see cref="TenantId"/>
/// is the tenant of what was changed, when that is not the actor's own (a superuser acting in another tenant), so the
/// row shows up for that tenant's admins.</summary>
public sealed record AuditEntry(
    string Action,
    string? TargetType = null,
    string? TargetId = null,
    long? ProjectId = null,
    object? Details = null,
    long? TenantId = null);

/// <summary>Writes audit rows for the caller of this request (or an anonymous one, as for failed logins).</summary>
public sealed class AuditTrail(IHttpContextAccessor accessor)
{
    private const string InsertSql = """
        INSERT INTO audit_log (tenant_id, actor_id, actor_role, project_id, action, target_type, target_id, client_ip, details)
        VALUES (@tenant_id, @actor_id, @actor_role, @project_id, @action, @target_type, @target_id, @client_ip, CAST(@details AS jsonb))
        """;

    /// <summary>Records an action of the authenticated caller.</summary>
    public Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, ICurrentUser actor, AuditEntry entry, CancellationToken ct)
        => WriteAsync(connection, transaction, entry.TenantId ?? actor.TenantId, actor.UserId, actor.Role.Name(), entry, ct);

    /// <summary>Records an action whose actor is known by id only (logins) or not at all.</summary>
    public Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        long? tenantId, long? actorId, string? actorRole, AuditEntry entry, CancellationToken ct)
        => connection.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            tenant_id = tenantId,
            actor_id = actorId,
            actor_role = actorRole,
            project_id = entry.ProjectId,
            action = entry.Action,
            target_type = entry.TargetType,
            target_id = entry.TargetId,
            client_ip = accessor.HttpContext?.Connection.RemoteIpAddress?.ToString(),
            details = JsonSerializer.Serialize(entry.Details ?? new { }, StoredJson.Records),
        }, transaction, cancellationToken: ct));
}
