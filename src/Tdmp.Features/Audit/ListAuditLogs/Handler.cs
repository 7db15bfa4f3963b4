using System.Text.Json;

namespace Tdmp.Features.Audit.ListAuditLogs;

public sealed record ListAuditLogsQuery(
    string? Action, long? ActorId, string? Role, long? ProjectId, long? TenantId, DateTime? Start, DateTime? End, int Limit, int Offset,
        string? Sort = null)
    : IQuery<AuditPage>;

/// <summary>One audit row: who did what, in which tenant and project, from where, when.</summary>
public sealed record AuditLogResponse
{
    public long AuditId { get; init; }
    public DateTime OccurredAt { get; init; }
    public long? TenantId { get; init; }
    public long? ActorId { get; init; }
    public string? ActorUsername { get; init; }
    public string? ActorRole { get; init; }
    public long? ProjectId { get; init; }
    public string Action { get; init; } = "";
    public string? TargetType { get; init; }
    public string? TargetId { get; init; }
    public string? ClientIp { get; init; }
    /// <summary>Further facts: changed fields, old and new role, reason of a failure.</summary>
    public JsonElement Details { get; init; }
}

public sealed record AuditPage(IReadOnlyList<AuditLogResponse> Items, long Total);

public sealed class ListAuditLogsHandler(NpgsqlDataSource db, ICurrentUser caller) : IQueryHandler<ListAuditLogsQuery, AuditPage>
{
    // Admins see their tenant; superusers all tenants (or one, with tenant_id).
    private const string Filter = """
        WHERE (@caller_role = 'superuser' OR a.tenant_id = @caller_tenant_id)
          AND (@tenant_id::bigint IS NULL OR a.tenant_id = @tenant_id::bigint)
          AND (@action::text IS NULL OR a.action = @action::text)
          AND (@actor_id::bigint IS NULL OR a.actor_id = @actor_id::bigint)
          AND (@role::text IS NULL OR a.actor_role = @role::text)
          AND (@project_id::bigint IS NULL OR a.project_id = @project_id::bigint)
          AND (@start::timestamptz IS NULL OR a.occurred_at >= @start::timestamptz)
          AND (@end::timestamptz IS NULL OR a.occurred_at < @end::timestamptz)
        """;

    private const string CountSql = "SELECT count(*) FROM audit_log a\n" + Filter;

    private const string PageSqlTemplate = """
        SELECT a.audit_id AS AuditId, a.occurred_at AS OccurredAt, a.tenant_id AS TenantId, a.actor_id AS ActorId,
               u.username AS ActorUsername, a.actor_role AS ActorRole, a.project_id AS ProjectId, a.action AS Action,
               a.target_type AS TargetType, a.target_id AS TargetId, a.client_ip AS ClientIp, a.details::text AS DetailsJson
        FROM audit_log a
        LEFT JOIN users u ON u.user_id = a.actor_id
        """ + "\n" + Filter + """

        /*order_by*/
        LIMIT @limit OFFSET @offset
        """;

    private static readonly Dictionary<string, string> SortColumns = new()
        { ["occurred_at"] = "a.occurred_at", ["action"] = "a.action", ["actor_username"] = "lower(u.username)", ["audit_id"] = "a.audit_id" };

    private sealed record Row(long AuditId, DateTime OccurredAt, long? TenantId, long? ActorId, string? ActorUsername, string? ActorRole,
        long? ProjectId, string Action, string? TargetType, string? TargetId, string? ClientIp, string DetailsJson);

    public async ValueTask<AuditPage> Handle(ListAuditLogsQuery query, CancellationToken ct)
    {
        var parameters = CallerScope.Parameters(caller);
        parameters.Add("tenant_id", query.TenantId);
        parameters.Add("action", string.IsNullOrWhiteSpace(query.Action) ? null : query.Action.Trim());
        parameters.Add("actor_id", query.ActorId);
        parameters.Add("role", query.Role);
        parameters.Add("project_id", query.ProjectId);
        parameters.Add("start", query.Start);
        parameters.Add("end", query.End);
        parameters.Add("limit", query.Limit);
        parameters.Add("offset", query.Offset);

        await using var connection = await db.OpenConnectionAsync(ct);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, parameters, cancellationToken: ct));
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            PageSqlTemplate.Replace("/*order_by*/", Sorting.OrderBy(query.Sort, "a.audit_id DESC", "a.audit_id", SortColumns)),
            parameters, cancellationToken: ct));
        var items = rows.Select(r => new AuditLogResponse
        {
            AuditId = r.AuditId, OccurredAt = r.OccurredAt, TenantId = r.TenantId, ActorId = r.ActorId, ActorUsername = r.ActorUsername,
            ActorRole = r.ActorRole, ProjectId = r.ProjectId, Action = r.Action, TargetType = r.TargetType, TargetId = r.TargetId,
            ClientIp = r.ClientIp, Details = JsonDocument.Parse(r.DetailsJson).RootElement.Clone(),
        }).ToList();
        return new AuditPage(items, total);
    }
}
