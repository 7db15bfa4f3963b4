using System.Text.Json;

namespace Tdmp.Features.Common;

/// <summary>One row of the audit log, written in the same transaction as the change it records. <see cref="TenantId"/>
/// is the tenant of what was changed, when that is not the actor's own (a superuser acting in another tenant), so the
/// row shows up for that tenant's admins. <see cref="Actor"/> names the actor when it is not the authenticated caller
/// (an invited user setting a password); <see cref="TenantId"/> is then required.</summary>
public sealed record AuditEntry(
    string Action,
    string? TargetType = null,
    string? TargetId = null,
    long? ProjectId = null,
    object? Details = null,
    long? TenantId = null,
    AuditActor? Actor = null);

/// <summary>An actor known by id and role, not by the request's token.</summary>
public sealed record AuditActor(long UserId, string Role);

/// <summary>
/// The audit log of this request. A command's handler declares its entries with <see cref="Record"/>;
/// <see cref="Pipeline.CommandAudit{TMessage,TResponse}"/> writes them in the command's transaction once the handler
/// has succeeded, so a change and its audit row commit or roll back together. The two writes that must survive a
/// rolled-back transaction (failed logins and wrong passwords) call
/// <see cref="WriteAsync(NpgsqlConnection, NpgsqlTransaction?, long?, long?, string?, AuditEntry, CancellationToken)"/>
/// on a connection of their own.
/// </summary>
public sealed class AuditTrail(ICurrentUser caller)
{
    private readonly List<AuditEntry> declared = [];

    /// <summary>Declares an entry of the command being handled, written when the handler returns (in declaration order).</summary>
    public void Record(AuditEntry entry) => declared.Add(entry);

    /// <summary>Writes the declared entries in the command's transaction and forgets them.</summary>
    internal async Task WriteDeclaredAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        foreach (var entry in declared)
        {
            if (entry.Actor is { } actor)
                await WriteAsync(connection, transaction,
                    entry.TenantId ?? throw new InvalidOperationException("An entry with an actor names its tenant."),
                    actor.UserId, actor.Role, entry, ct);
            else
                await WriteAsync(connection, transaction, entry.TenantId ?? caller.TenantId, caller.UserId, caller.Role.Name(), entry, ct);
        }
        declared.Clear();
    }

    internal bool HasDeclared => declared.Count > 0;

    /// <summary>Forgets what a failed command declared.</summary>
    internal void Discard() => declared.Clear();

    private const string InsertSql = """
        INSERT INTO audit_log (tenant_id, actor_id, actor_role, project_id, action, target_type, target_id, client_ip, details)
        VALUES (@tenant_id, @actor_id, @actor_role, @project_id, @action, @target_type, @target_id, @client_ip, CAST(@details AS jsonb))
        """;

    /// <summary>Records an action of the authenticated caller at once, on the given connection.</summary>
    public Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, AuditEntry entry, CancellationToken ct)
        => WriteAsync(connection, transaction, entry.TenantId ?? caller.TenantId, caller.UserId, caller.Role.Name(), entry, ct);

    /// <summary>Records an action at once whose actor is known by id only (logins) or not at all.</summary>
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
            client_ip = caller.ClientIp,
            details = JsonSerializer.Serialize(entry.Details ?? new { }, StoredJson.Records),
        }, transaction, cancellationToken: ct));
}
