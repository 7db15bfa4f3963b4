using Microsoft.Extensions.Logging;
using Quartz;
using Tdmp.Features.Common.Storage;

namespace Tdmp.Features.Datasets.Retention;

/// <summary>Deletes finished datasets older than their tenant's <c>dataset_retention_days</c>, with their files.
/// Every node schedules it; a PostgreSQL advisory lock lets only one run it at a time.</summary>
[DisallowConcurrentExecution]
public sealed class DatasetRetentionJob(NpgsqlDataSource db, IFileStorage storage, ILogger<DatasetRetentionJob> logger) : IJob
{
    public static readonly JobKey Key = new("dataset-retention");

    /// <summary>Any fixed number, distinct from the migration lock.</summary>
    private const long RetentionLockKey = 7_310_002;

    private const string ExpiredSql = """
        DELETE FROM datasets d
        USING tenants t
        WHERE t.tenant_id = d.tenant_id
          AND d.status IN ('completed', 'failed', 'cancelled')
          AND COALESCE(d.completed_at, d.created_at) < now() - make_interval(days => t.dataset_retention_days)
        RETURNING d.dataset_id
        """;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        if (!await connection.ExecuteScalarAsync<bool>("SELECT pg_try_advisory_lock(@key)", new { key = RetentionLockKey }))
            return; // another node is on it
        try
        {
            var expired = (await connection.QueryAsync<long>(new CommandDefinition(ExpiredSql, cancellationToken: ct))).ToList();
            await DatasetStorageKeys.DeleteFilesAsync(storage, expired, ct);
            if (expired.Count > 0)
                logger.LogInformation("Retention deleted {Count} datasets: {Ids}", expired.Count, string.Join(", ", expired));
        }
        finally
        {
            await connection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = RetentionLockKey });
        }
    }
}
