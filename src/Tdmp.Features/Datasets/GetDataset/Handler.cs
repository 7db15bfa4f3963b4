namespace Tdmp.Features.Datasets.GetDataset;

public sealed record GetDatasetQuery(long DatasetId, TimeSpan Wait) : IQuery<DatasetResponse>;

public sealed class GetDatasetHandler(NpgsqlDataSource db, ICurrentUser user, TimeProvider clock) : IQueryHandler<GetDatasetQuery, DatasetResponse>
{
    private const string Sql = DatasetResponse.SelectSql + " WHERE d.dataset_id = @dataset_id AND " + ProjectAccess.VisibleToCallerSql;

    private const string StatusSql = "SELECT status FROM datasets WHERE dataset_id = @dataset_id";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public async ValueTask<DatasetResponse> Handle(GetDatasetQuery query, CancellationToken ct)
    {
        var parameters = CallerScope.Parameters(user);
        parameters.Add("dataset_id", query.DatasetId);
        var dataset = await ReadAsync(parameters, ct);
        if (query.Wait == TimeSpan.Zero || DatasetStatus.IsFinished(dataset.Status)) return dataset;

        // Long poll: CI asks once with ?wait=30 instead of sleeping between requests. Only the status is polled (one
        // cheap query, a pooled connection per poll so waiting requests hold none); the dataset is read again at the end.
        var deadline = clock.GetUtcNow() + query.Wait;
        var status = dataset.Status;
        while (!DatasetStatus.IsFinished(status) && clock.GetUtcNow() < deadline)
        {
            await Task.Delay(PollInterval, clock, ct);
            await using var connection = await db.OpenConnectionAsync(ct);
            status = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(StatusSql, parameters, cancellationToken: ct))
                ?? throw new NotFoundException("Dataset not found");
        }
        return await ReadAsync(parameters, ct);
    }

    private async Task<DatasetResponse> ReadAsync(DynamicParameters parameters, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await DatasetResponse.QueryAsync(connection, Sql, parameters, ct)).SingleOrDefault()
            ?? throw new NotFoundException("Dataset not found");
    }
}
