namespace Tdmp.Features.Integrations.ListDeliveries;

public sealed record ListDeliveriesQuery(long IntegrationId, string? Status, int Limit, int Offset, string? Sort = null) : IQuery<DeliveryPage>;

public sealed record DeliveryPage(IReadOnlyList<DeliveryResponse> Items, long Total);

public sealed class ListDeliveriesHandler(NpgsqlDataSource db, ICurrentUser caller) : IQueryHandler<ListDeliveriesQuery, DeliveryPage>
{
    private const string Filter = "WHERE d.integration_id = @integration_id AND (@status::text IS NULL OR d.status = @status::text)";

    private const string CountSql = "SELECT count(*) FROM webhook_deliveries d " + Filter;

    private const string PageSqlTemplate = """
        SELECT d.delivery_id AS DeliveryId, d.event_id AS EventId, e.event AS Event, d.status AS Status, d.attempts AS Attempts,
               CASE WHEN d.status = 'pending' THEN d.next_attempt_at END AS NextAttemptAt, d.last_status_code AS LastStatusCode,
               d.last_error AS LastError, e.occurred_at AS OccurredAt, d.created_at AS CreatedAt, d.completed_at AS CompletedAt
        FROM webhook_deliveries d
        JOIN domain_events e ON e.event_id = d.event_id
        """ + "\n" + Filter + "\n/*order_by*/ LIMIT @limit OFFSET @offset";

    private static readonly Dictionary<string, string> SortColumns = new() { ["created_at"] = "d.created_at", ["occurred_at"] = "e.occurred_at",
        ["completed_at"] = "d.completed_at", ["status"] = "d.status", ["attempts"] = "d.attempts", ["event_id"] = "d.event_id" };

    private const string AttemptsSql = """
        SELECT delivery_id, attempt, status_code, latency_ms, error, attempted_at
        FROM webhook_delivery_attempts
        WHERE delivery_id = ANY(@delivery_ids)
        ORDER BY delivery_id, attempt
        """;

    private sealed record AttemptRow(Guid delivery_id, int attempt, int? status_code, int latency_ms, string? error, DateTime attempted_at);

    public async ValueTask<DeliveryPage> Handle(ListDeliveriesQuery query, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await IntegrationRecord.RequireAsync(connection, null, caller, query.IntegrationId, ct);
        var parameters = new { integration_id = query.IntegrationId, status = query.Status, limit = query.Limit, offset = query.Offset };
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, parameters, cancellationToken: ct));
        var rows = (await connection.QueryAsync<DeliveryResponse>(new CommandDefinition(
            PageSqlTemplate.Replace("/*order_by*/", Sorting.OrderBy(query.Sort, "d.created_at DESC, d.event_id DESC", "d.event_id", SortColumns)),
            parameters, cancellationToken: ct))).ToList();
        var attempts = (await connection.QueryAsync<AttemptRow>(new CommandDefinition(AttemptsSql,
                new { delivery_ids = rows.Select(r => r.DeliveryId).ToArray() }, cancellationToken: ct)))
            .ToLookup(a => a.delivery_id, a => new DeliveryAttempt(a.attempt, a.status_code, a.latency_ms, a.error, a.attempted_at));
        return new DeliveryPage(rows.Select(r => r with { AttemptLog = attempts[r.DeliveryId].ToList() }).ToList(), total);
    }
}
