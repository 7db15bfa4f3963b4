using System.Collections.Concurrent;
using Tdmp.Features.Datasets.Generation;

namespace Tdmp.Features.Datasets;

/// <summary>
/// Finished datasets as <c>GET /datasets/{id}</c> last read them, so that the status read CI jobs repeat is answered
/// without a query. Only finished datasets are kept (a running one changes every second), and only admins and
/// superusers are answered from here (whether they see a dataset follows from its tenant alone; testers' and managers'
/// project membership is asked of the database).
/// <para>
/// Every change of a dataset or its exports is announced on <see cref="DatasetWaiters.Channel"/> (triggers), and the
/// node's listener calls <see cref="Received"/>; the handlers that change a finished dataset also call
/// <see cref="Evict(long)"/> right after their commit, so this node never answers from before its own change. Should a
/// message be lost, a copy is used for at most <see cref="DatasetOptions.ReadCacheTtl"/>.
/// </para>
/// </summary>
public sealed class DatasetReadCache(DatasetOptions options, TimeProvider clock)
{
    private sealed record Entry(DatasetResponse Response, long LoadedAt);

    private readonly ConcurrentDictionary<long, Entry> entries = new();

    /// <summary>Counts evictions: a read that overlapped one may be from before the change, so it is not kept.</summary>
    private long evictions;

    /// <summary>What a read needs to hand to <see cref="Remember"/>.</summary>
    public readonly record struct ReadTicket(long Evictions, long StartedAt);

    /// <summary>The kept copy, when there is a fresh one and the caller sees it by its role and tenant alone.</summary>
    public DatasetResponse? Find(long datasetId, ICurrentUser caller)
    {
        if (caller.Role < TenantRole.Admin) return null;
        if (!entries.TryGetValue(datasetId, out var entry) || clock.GetElapsedTime(entry.LoadedAt) >= options.ReadCacheTtl) return null;
        return caller.Role == TenantRole.Superuser || entry.Response.TenantId == caller.TenantId ? entry.Response : null;
    }

    /// <summary>Call before reading the dataset from the database.</summary>
    public ReadTicket StartRead() => new(Interlocked.Read(ref evictions), clock.GetTimestamp());

    /// <summary>Keeps a finished dataset just read, unless something was evicted since the read started.</summary>
    public void Remember(DatasetResponse dataset, ReadTicket ticket)
    {
        if (options.ReadCacheTtl <= TimeSpan.Zero || !DatasetStatus.IsFinished(dataset.Status)) return;
        if (Interlocked.Read(ref evictions) == ticket.Evictions) entries[dataset.DatasetId] = new Entry(dataset, ticket.StartedAt);
    }

    /// <summary>A message of <see cref="DatasetWaiters.Channel"/>: whatever it says, the copy is stale.</summary>
    public void Received(string payload)
    {
        if (DatasetWaiters.TryParse(payload, out var datasetId, out _)) Evict(datasetId);
    }

    public void Evict(long datasetId)
    {
        Interlocked.Increment(ref evictions);
        entries.TryRemove(datasetId, out _);
    }

    public void Evict(IEnumerable<long> datasetIds)
    {
        foreach (var id in datasetIds) Evict(id);
    }

    /// <summary>Forgets everything: the listener reconnected and may have missed changes.</summary>
    public void EvictAll()
    {
        Interlocked.Increment(ref evictions);
        entries.Clear();
    }

    /// <summary>Drops copies past their TTL.</summary>
    public void Prune()
    {
        foreach (var (id, entry) in entries)
            if (clock.GetElapsedTime(entry.LoadedAt) >= options.ReadCacheTtl) entries.TryRemove(id, out _);
    }
}
