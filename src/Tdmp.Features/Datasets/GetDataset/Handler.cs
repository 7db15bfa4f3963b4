namespace Tdmp.Features.Datasets.GetDataset;

public sealed record GetDatasetQuery(long DatasetId, TimeSpan Wait) : IQuery<DatasetResponse>;

public sealed class GetDatasetHandler(NpgsqlDataSource db, ICurrentUser caller, DatasetWaiters waiters, DatasetReadCache readCache,
    TimeProvider clock)
    : IQueryHandler<GetDatasetQuery, DatasetResponse>
{
    private static readonly string Sql = DatasetResponse.SelectSql + " WHERE d.dataset_id = @dataset_id AND " + ProjectAccess.VisibleToCallerSql;

    /// <summary>How often a waiter whose answer could not be read (database unreachable) tries again before its deadline.</summary>
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(500);

    public async ValueTask<DatasetResponse> Handle(GetDatasetQuery query, CancellationToken ct)
    {
        var parameters = CallerScope.Parameters(caller);
        parameters.Add("dataset_id", query.DatasetId);
        if (query.Wait == TimeSpan.Zero) return await ReadAsync(query.DatasetId, parameters, ct);

        // Long poll: CI asks once with ?wait=60 instead of sleeping between requests. The wait starts before the first
        // read so that a change in between is not missed; while waiting, the request holds no connection and sends no
        // query (DatasetWaiters wakes it when the node hears the status change).
        var deadline = clock.GetUtcNow() + query.Wait;
        using var watch = waiters.Start(query.DatasetId);
        var dataset = await ReadBeforeDeadlineAsync(query.DatasetId, parameters, deadline, ct);
        if (DatasetStatus.IsFinished(dataset.Status)) return dataset;

        var remaining = deadline - clock.GetUtcNow();
        string? finished = null;
        if (remaining > TimeSpan.Zero)
        {
            try
            {
                finished = await watch.Finished.WaitAsync(remaining, clock, ct);
            }
            catch (TimeoutException)
            {
                // Time is up: answer with the state as it is now.
            }
        }
        if (finished == DatasetWaiters.Deleted) throw new NotFoundException("Dataset not found");
        try
        {
            // The caller saw this dataset a moment ago; the finished state is read once for all of this node's waiters.
            if (finished is not null) return await watch.FinalReadAsync() ?? throw new NotFoundException("Dataset not found");
        }
        catch (NpgsqlException)
        {
            // The database is away: fall through to this request's own reads, which retry until the deadline.
        }
        return await ReadBeforeDeadlineAsync(query.DatasetId, parameters, deadline, ct);
    }

    /// <summary>Reads the dataset, trying again while the database is unreachable; at the deadline a clean 503.</summary>
    private async Task<DatasetResponse> ReadBeforeDeadlineAsync(long datasetId, DynamicParameters parameters, DateTimeOffset deadline,
        CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return await ReadAsync(datasetId, parameters, ct);
            }
            catch (NpgsqlException e) when (e.IsTransient)
            {
                if (clock.GetUtcNow() + RetryInterval >= deadline)
                    throw new ServiceUnavailableException("The database is unavailable just now; ask again shortly.", TimeSpan.FromSeconds(5));
                await Task.Delay(RetryInterval, clock, ct);
            }
        }
    }

    /// <summary>One round trip, or none for a finished dataset this node has read a moment ago (DatasetReadCache).</summary>
    private async Task<DatasetResponse> ReadAsync(long datasetId, DynamicParameters parameters, CancellationToken ct)
    {
        if (readCache.Find(datasetId, caller) is { } kept) return kept;
        var ticket = readCache.StartRead();
        await using var connection = await db.OpenConnectionAsync(ct);
        var dataset = (await DatasetResponse.QueryAsync(connection, Sql, parameters, ct)).SingleOrDefault()
            ?? throw new NotFoundException("Dataset not found");
        readCache.Remember(dataset, ticket);
        return dataset;
    }
}
