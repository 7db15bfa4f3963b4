using System.Globalization;

namespace Tdmp.Features.Datasets;

/// <summary>
/// The requests of this node waiting for datasets to finish (<c>GET /datasets/{id}?wait=N</c>). A waiter holds no
/// database connection and sends no query while it waits: the trigger <c>datasets_notify_status</c> announces every
/// status change on <see cref="Channel"/>, the node's one listening connection (ChangeFeed) hands it to
/// <see cref="Received"/>, and every waiter of that dataset wakes. The finished dataset is then read once for all of
/// them. A lost message only delays: the same listener runs <see cref="PollAsync"/> every few seconds, one query for
/// all the datasets waited on.
/// </summary>
public sealed class DatasetWaiters(NpgsqlDataSource db)
{
    /// <summary>The PostgreSQL channel of status changes; the payload is <c>&lt;dataset_id&gt;:&lt;status&gt;</c>.</summary>
    public const string Channel = "tdmp_dataset_status";

    /// <summary>The status announced when the dataset row is deleted.</summary>
    public const string Deleted = "deleted";

    private const string StatusesSql = "SELECT dataset_id, status FROM datasets WHERE dataset_id = ANY(@ids)";

    private static readonly string ReadSql = DatasetResponse.SelectSql + " WHERE d.dataset_id = @dataset_id";

    private readonly Lock gate = new();
    private readonly Dictionary<long, Waiting> waiting = [];

    /// <summary>The waiters of one dataset: <see cref="Finished"/> completes with the final status (or <see cref="Deleted"/>),
    /// and <see cref="FinalRead"/> is the one read of the finished dataset they all answer with.</summary>
    internal sealed class Waiting(Func<Task<DatasetResponse?>> read)
    {
        public readonly TaskCompletionSource<string> Finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly Lazy<Task<DatasetResponse?>> FinalRead = new(read);
        public int Count;
    }

    /// <summary>One request's wait; dispose it when the request ends.</summary>
    public sealed class Watch : IDisposable
    {
        private readonly DatasetWaiters owner;
        private readonly long datasetId;
        private readonly Waiting waiting;
        private bool disposed;

        internal Watch(DatasetWaiters owner, long datasetId, Waiting waiting)
        {
            this.owner = owner;
            this.datasetId = datasetId;
            this.waiting = waiting;
        }

        /// <summary>Completes with <c>completed</c>, <c>failed</c>, <c>cancelled</c> or <see cref="Deleted"/>.</summary>
        public Task<string> Finished => waiting.Finished.Task;

        /// <summary>The finished dataset, read once for every waiter of this node (null when it is gone).</summary>
        public Task<DatasetResponse?> FinalReadAsync() => waiting.FinalRead.Value;

        public void Dispose()
        {
            if (disposed) return;
            disposed = true;
            owner.Leave(datasetId, waiting);
        }
    }

    /// <summary>Starts waiting on a dataset. Call it before reading the dataset's state, so a change in between is not missed.</summary>
    public Watch Start(long datasetId)
    {
        lock (gate)
        {
            if (!waiting.TryGetValue(datasetId, out var entry))
                waiting[datasetId] = entry = new Waiting(() => ReadAsync(datasetId));
            entry.Count++;
            return new Watch(this, datasetId, entry);
        }
    }

    /// <summary>The datasets waited on now (for the safety poll).</summary>
    public long[] WaitedOn()
    {
        lock (gate) return [.. waiting.Keys];
    }

    /// <summary>A message of <see cref="Channel"/>: wakes the dataset's waiters when the status is final.</summary>
    public void Received(string payload)
    {
        if (TryParse(payload, out var datasetId, out var status)) Changed(datasetId, status);
    }

    /// <summary>Reads a message of <see cref="Channel"/>: <c>&lt;dataset_id&gt;:&lt;status&gt;</c>, <c>:deleted</c> or <c>:changed</c>.</summary>
    public static bool TryParse(string payload, out long datasetId, out string status)
    {
        var colon = payload.IndexOf(':');
        status = colon > 0 ? payload[(colon + 1)..] : "";
        datasetId = 0;
        return colon > 0 && long.TryParse(payload.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out datasetId);
    }

    /// <summary>The safety poll: one query for every dataset waited on, waking those finished (or gone) whose message was lost.</summary>
    public async Task PollAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        // Sent even when nobody waits: it also tells the listener its connection still works.
        var ids = WaitedOn();
        var statuses = (await connection.QueryAsync<(long dataset_id, string status)>(
            new CommandDefinition(StatusesSql, new { ids }, cancellationToken: ct))).ToDictionary(r => r.dataset_id, r => r.status);
        foreach (var id in ids) Changed(id, statuses.GetValueOrDefault(id, Deleted));
    }

    private void Changed(long datasetId, string status)
    {
        if (status != Deleted && !DatasetStatus.IsFinished(status)) return; // queued → running, an export: waiters keep waiting
        Waiting? entry;
        lock (gate)
        {
            // Those who start waiting after this moment read the finished state themselves, under a new entry.
            if (waiting.Remove(datasetId, out entry) is false) return;
        }
        entry.Finished.TrySetResult(status);
    }

    private void Leave(long datasetId, Waiting entry)
    {
        lock (gate)
        {
            if (--entry.Count == 0 && waiting.TryGetValue(datasetId, out var current) && current == entry)
                waiting.Remove(datasetId);
        }
    }

    private async Task<DatasetResponse?> ReadAsync(long datasetId)
    {
        await using var connection = await db.OpenConnectionAsync();
        return (await DatasetResponse.QueryAsync(connection, ReadSql, new { dataset_id = datasetId }, CancellationToken.None)).SingleOrDefault();
    }
}
