namespace Tdmp.Features.Datasets.Generation;

/// <summary>A worker's hold on one dataset: <see cref="LeaseOwner"/> names the node, the dataset and the attempt, so
/// every claim is distinct even when one node claims the same dataset twice.</summary>
public sealed record DatasetClaim(long DatasetId, string LeaseOwner);

/// <summary>The queue is the datasets table: the SQL that claims, renews and settles a worker's hold on a dataset.</summary>
public static class DatasetClaims
{
    /// <summary>
    /// Claims the next dataset: queued ones, and running ones whose worker died (lease lapsed). Fair across tenants: the
    /// tenant with the fewest running datasets (cluster-wide) goes first, oldest first within it, so one tenant's backlog
    /// never starves another's small job. With <c>@idle_tenants_only</c> only a tenant with nothing running qualifies:
    /// the extra slot a node keeps for such tenants while its regular slots are busy.
    /// </summary>
    public const string ClaimSql = """
        WITH next AS (
            SELECT d.dataset_id
            FROM datasets d
            WHERE (d.status = 'queued' OR (d.status = 'running' AND d.lease_expires_at < now() AND d.attempts < @max_attempts))
              AND (NOT @idle_tenants_only OR NOT EXISTS (
                    SELECT 1 FROM datasets r WHERE r.tenant_id = d.tenant_id AND r.status = 'running' AND r.lease_expires_at >= now()))
            ORDER BY (SELECT count(*) FROM datasets r WHERE r.tenant_id = d.tenant_id AND r.status = 'running' AND r.lease_expires_at >= now()),
                     d.created_at
            LIMIT 1
            FOR UPDATE SKIP LOCKED
        )
        UPDATE datasets d
        SET status = 'running', lease_owner = @owner || '/' || d.dataset_id || '#' || (d.attempts + 1), lease_expires_at = now() + @lease,
            attempts = d.attempts + 1, started_at = now(), completed_at = NULL, progress = 0, records_generated = 0, error = NULL
        FROM next
        WHERE d.dataset_id = next.dataset_id
        RETURNING d.dataset_id AS DatasetId, d.lease_owner AS LeaseOwner
        """;

    /// <summary>A dataset whose workers keep dying (a crash it causes itself, say) is given up rather than claimed forever.</summary>
    public const string GiveUpSql = """
        UPDATE datasets
        SET status = 'failed', completed_at = now(), lease_owner = NULL, lease_expires_at = NULL,
            error = 'Generation was interrupted ' || attempts || ' times without finishing. Try a smaller record_count or report it.'
        WHERE status = 'running' AND lease_expires_at < now() AND attempts >= @max_attempts
        """;

    public const int MaxAttempts = 5;

    /// <summary>Writes progress and extends the lease; no row means the worker lost the dataset (cancelled, deleted, taken over).</summary>
    public const string HeartbeatSql = """
        UPDATE datasets
        SET progress = @progress, records_generated = @records_generated, lease_expires_at = now() + @lease
        WHERE dataset_id = @dataset_id AND lease_owner = @owner AND status = 'running'
        RETURNING dataset_id
        """;

    /// <summary>Gives a dataset back to the queue when this node stops before finishing it; a clean stop is not counted
    /// as an attempt.</summary>
    public const string ReleaseSql = """
        UPDATE datasets SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL, attempts = attempts - 1
        WHERE dataset_id = @dataset_id AND lease_owner = @owner AND status = 'running'
        """;

    public const string CompleteSql = """
        UPDATE datasets
        SET status = 'completed', progress = 1, records_generated = record_count, completed_at = now(),
            lease_owner = NULL, lease_expires_at = NULL
        WHERE dataset_id = @dataset_id AND lease_owner = @owner AND status = 'running'
        RETURNING dataset_id
        """;

    public const string FailSql = """
        UPDATE datasets
        SET status = 'failed', error = @error, completed_at = now(), lease_owner = NULL, lease_expires_at = NULL
        WHERE dataset_id = @dataset_id AND lease_owner = @owner AND status = 'running'
        RETURNING dataset_id
        """;
}
