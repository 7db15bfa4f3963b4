namespace Tdmp.Features.Datasets.GetDataset;

public sealed record GetDatasetQuery(long DatasetId, TimeSpan Wait) : IQuery<DatasetResponse>;

public sealed class GetDatasetHandler(NpgsqlDataSource db, ICurrentUser user, TimeProvider clock) : IQueryHandler<GetDatasetQuery, DatasetResponse>
{
    private const string Sql = DatasetResponse.SelectSql + " WHERE d.dataset_id = @dataset_id AND " + ProjectAccess.VisibleToCallerSql;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public async ValueTask<DatasetResponse> Handle(GetDatasetQuery query, CancellationToken ct)
    {
        var parameters = ProjectAccess.CallerParameters(user);
        parameters.Add("dataset_id", query.DatasetId);
        var deadline = clock.GetUtcNow() + query.Wait;
        while (true)
        {
            DatasetResponse? dataset;
            await using (var connection = await db.OpenConnectionAsync(ct))
                dataset = (await DatasetResponse.QueryAsync(connection, Sql, parameters, ct)).SingleOrDefault();
            if (dataset is null) throw new NotFoundException("Dataset not found");
            // Long poll: CI asks once with ?wait=30 instead of sleeping between requests.
            if (DatasetStatus.IsFinished(dataset.Status) || clock.GetUtcNow() >= deadline) return dataset;
            await Task.Delay(PollInterval, clock, ct);
        }
    }
}
