using Microsoft.Extensions.Logging;
using Quartz;
using Tdmp.Features.Common.Storage;

namespace Tdmp.Features.Retention;

/// <summary>
/// The hourly clean-up: deletes finished datasets older than their tenant's <c>dataset_retention_days</c> (with their
/// files, audited as <c>dataset.expired</c>), remembered idempotency keys older than 24 hours, and outbox rows that were handled more than
/// <see cref="OutboxKeepDays"/>
/// days ago. Every node schedules it; a PostgreSQL advisory lock lets only one run it at a time.
/// </summary>
[DisallowConcurrentExecution]
public sealed class RetentionJob(NpgsqlDataSource db, IFileStorage storage, Datasets.DatasetReadCache readCache, ILogger<RetentionJob> logger) : IJob
{
    public static readonly JobKey Key = new("retention");

    /// <summary>Any fixed number, distinct from the migration lock.</summary>
    private const long RetentionLockKey = 7_310_002;

    /// <summary>How long delivered webhooks (with their attempt log) and sent mails stay for inspection.</summary>
    public const int OutboxKeepDays = 30;

    // Deliveries and their attempts go with their event (ON DELETE CASCADE); an event with a delivery still pending stays.
    private const string PruneOutboxesSql = """
        DELETE FROM domain_events e
        WHERE e.dispatched_at < now() - make_interval(days => @keep_days)
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries w WHERE w.event_id = e.event_id AND w.status = 'pending');
        DELETE FROM mail_outbox WHERE status <> 'pending' AND created_at < now() - make_interval(days => @keep_days);
        DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours';
        """;

    private const string ExpiredSql = """
        DELETE FROM datasets d
        USING tenants t
        WHERE t.tenant_id = d.tenant_id
          AND d.status IN ('completed', 'failed', 'cancelled')
          AND COALESCE(d.completed_at, d.created_at) < now() - make_interval(days => t.dataset_retention_days)
        RETURNING d.dataset_id, d.tenant_id, d.project_id, d.name
        """;

    // The service itself acts here, so the row has no actor.
    private const string AuditSql = """
        INSERT INTO audit_log (tenant_id, project_id, action, target_type, target_id, details)
        SELECT tenant_id, project_id, 'dataset.expired', 'dataset', dataset_id::text, jsonb_build_object('name', name)
        FROM unnest(@tenant_ids, @project_ids, @dataset_ids, @names) AS e(tenant_id, project_id, dataset_id, name)
        """;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        if (!await connection.ExecuteScalarAsync<bool>("SELECT pg_try_advisory_lock(@key)", new { key = RetentionLockKey }))
            return; // another node is on it
        try
        {
            // A Quartz job, not a command: its transaction is on the connection that holds the advisory lock.
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var expired = (await connection.QueryAsync<(long dataset_id, long tenant_id, long project_id, string name)>(
                new CommandDefinition(ExpiredSql, transaction: transaction, cancellationToken: ct))).ToList();
            await connection.ExecuteAsync(new CommandDefinition(AuditSql, new
            {
                tenant_ids = expired.Select(e => e.tenant_id).ToArray(),
                project_ids = expired.Select(e => e.project_id).ToArray(),
                dataset_ids = expired.Select(e => e.dataset_id).ToArray(),
                names = expired.Select(e => e.name).ToArray(),
            }, transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(PruneOutboxesSql, new { keep_days = OutboxKeepDays }, transaction,
                cancellationToken: ct));
            await transaction.CommitAsync(ct);
            readCache.Evict(expired.Select(e => e.dataset_id));
            await DatasetStorageKeys.DeleteFilesAsync(storage, expired.Select(e => e.dataset_id), ct);
            if (expired.Count > 0)
                logger.LogInformation("Retention deleted {Count} datasets: {Ids}", expired.Count,
                    string.Join(", ", expired.Select(e => e.dataset_id)));
        }
        finally
        {
            await connection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = RetentionLockKey });
        }
    }
}
