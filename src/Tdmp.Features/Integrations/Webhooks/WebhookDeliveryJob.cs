using System.Text.Json;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Tdmp.Features.Integrations.Webhooks;

/// <summary>
/// Delivers the outbox: turns each new <c>domain_events</c> row into one <c>webhook_deliveries</c> row per subscribed webhook
/// of its tenant (in one statement, so an event is fanned out exactly once), then sends the due deliveries. Rows are
/// claimed with <c>FOR UPDATE SKIP LOCKED</c> and a short lease (their <c>next_attempt_at</c>), so several nodes share the work
/// and a delivery whose node died is sent again: at least once. A failure is retried with exponential backoff up to
/// <see cref="IntegrationOptions.MaxAttempts"/>; every attempt is logged.
/// </summary>
[DisallowConcurrentExecution]
public sealed class WebhookDeliveryJob(NpgsqlDataSource db, IntegrationSecrets secrets, WebhookSender sender, IntegrationOptions options,
    ILogger<WebhookDeliveryJob> logger) : IJob
{
    public static readonly JobKey Key = new("webhook-delivery");

    private const int BatchSize = 20;
    private const int MaxBatchesPerRun = 10;

    private const string FanOutSql = """
        WITH claimed AS (
            SELECT event_id, tenant_id, event FROM domain_events
            WHERE dispatched_at IS NULL
            ORDER BY event_id
            LIMIT 200
            FOR UPDATE SKIP LOCKED),
        created AS (
            INSERT INTO webhook_deliveries (event_id, integration_id, tenant_id)
            SELECT c.event_id, i.integration_id, c.tenant_id
            FROM claimed c
            JOIN integrations i ON i.tenant_id = c.tenant_id AND i.provider = 'webhook' AND c.event = ANY (i.events)
            ON CONFLICT (event_id, integration_id) DO NOTHING)
        UPDATE domain_events e SET dispatched_at = now()
        FROM claimed c WHERE e.event_id = c.event_id
        """;

    private const string ClaimSql = """
        UPDATE webhook_deliveries d SET next_attempt_at = now() + @lease
        FROM (SELECT delivery_id FROM webhook_deliveries
              WHERE status = 'pending' AND next_attempt_at <= now()
              ORDER BY next_attempt_at
              LIMIT @batch
              FOR UPDATE SKIP LOCKED) c,
             domain_events e
        WHERE d.delivery_id = c.delivery_id AND e.event_id = d.event_id
        RETURNING d.delivery_id AS DeliveryId, d.integration_id AS IntegrationId, d.attempts AS Attempts, e.event AS Event,
                  e.occurred_at AS OccurredAt, e.tenant_id AS TenantId, e.data::text AS DataJson
        """;

    private const string RecordSql = """
        INSERT INTO webhook_delivery_attempts (delivery_id, attempt, status_code, latency_ms, error)
        VALUES (@delivery_id, @attempt, @status_code, @latency_ms, @error);
        UPDATE webhook_deliveries
        SET attempts = @attempt, last_status_code = @status_code, last_error = @error,
            status = CASE WHEN @ok THEN 'delivered' WHEN @attempt >= @max_attempts THEN 'failed' ELSE 'pending' END,
            next_attempt_at = CASE WHEN @ok OR @attempt >= @max_attempts THEN next_attempt_at ELSE now() + @delay END,
            completed_at = CASE WHEN @ok OR @attempt >= @max_attempts THEN now() END
        WHERE delivery_id = @delivery_id
        """;

    private sealed record Due(Guid DeliveryId, long IntegrationId, int Attempts, string Event, DateTime OccurredAt, long TenantId, string DataJson);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        await using (var connection = await db.OpenConnectionAsync(ct))
            await connection.ExecuteAsync(new CommandDefinition(FanOutSql, cancellationToken: ct));

        for (var batch = 0; batch < MaxBatchesPerRun && !ct.IsCancellationRequested; batch++)
        {
            List<Due> due;
            await using (var connection = await db.OpenConnectionAsync(ct))
                due = (await connection.QueryAsync<Due>(new CommandDefinition(ClaimSql, new
                {
                    lease = options.RequestTimeout + options.ConnectTimeout + TimeSpan.FromSeconds(30), batch = BatchSize,
                }, cancellationToken: ct))).ToList();
            if (due.Count == 0) return;
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct },
                async (delivery, token) => await DeliverAsync(delivery, token));
        }
    }

    private async Task DeliverAsync(Due delivery, CancellationToken ct)
    {
        WebhookAttempt attempt;
        await using var connection = await db.OpenConnectionAsync(ct);
        var integration = await IntegrationRecord.FindAsync(connection, delivery.IntegrationId, ct);
        if (integration is null) return; // deleted meanwhile; its deliveries went with it
        try
        {
            var url = integration.Plain()["url"].GetString()!;
            var secret = secrets.Unprotect(integration.ProtectedSecrets)["secret"];
            using var data = JsonDocument.Parse(delivery.DataJson);
            attempt = await sender.SendAsync(url, secret, new WebhookBody(delivery.Event, delivery.DeliveryId,
                DateTime.SpecifyKind(delivery.OccurredAt, DateTimeKind.Utc), delivery.TenantId, data.RootElement.Clone()), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Webhook delivery {DeliveryId} to integration {IntegrationId} failed", delivery.DeliveryId, delivery.IntegrationId);
            attempt = new WebhookAttempt(false, null, 0, "internal error preparing the delivery");
        }

        var number = delivery.Attempts + 1;
        await connection.ExecuteAsync(new CommandDefinition(RecordSql, new
        {
            delivery_id = delivery.DeliveryId, attempt = number, status_code = attempt.StatusCode, latency_ms = attempt.LatencyMs,
            error = attempt.Error, ok = attempt.Ok, max_attempts = options.MaxAttempts, delay = options.RetryDelay(number),
        }, cancellationToken: CancellationToken.None));
    }
}
