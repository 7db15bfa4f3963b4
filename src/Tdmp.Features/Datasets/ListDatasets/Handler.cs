namespace Tdmp.Features.Datasets.ListDatasets;

public sealed record ListDatasetsQuery(long? ProjectId, string? Status, long? SchemaId, int Limit, int Offset)
    : IQuery<(IReadOnlyList<DatasetResponse> Page, long Total)>;

public sealed class ListDatasetsHandler(NpgsqlDataSource db, ICurrentUser user)
    : IQueryHandler<ListDatasetsQuery, (IReadOnlyList<DatasetResponse> Page, long Total)>
{
    private const string Filter = " WHERE " + ProjectAccess.VisibleToCallerSql + """
         AND (@project_id::bigint IS NULL OR d.project_id = @project_id)
         AND (@status::text IS NULL OR d.status = @status)
         AND (@schema_id::bigint IS NULL OR d.schema_id = @schema_id)
        """;

    private const string PageSql = DatasetResponse.SelectSql + Filter + " ORDER BY d.dataset_id DESC LIMIT @limit OFFSET @offset";
    private const string CountSql = "SELECT count(*) FROM datasets d JOIN projects p ON p.project_id = d.project_id" + Filter;

    public async ValueTask<(IReadOnlyList<DatasetResponse> Page, long Total)> Handle(ListDatasetsQuery query, CancellationToken ct)
    {
        var parameters = CallerScope.Parameters(user);
        parameters.AddDynamicParams(new { project_id = query.ProjectId, status = query.Status, schema_id = query.SchemaId, limit = query.Limit, offset = query.Offset });
        await using var connection = await db.OpenConnectionAsync(ct);
        var page = await DatasetResponse.QueryAsync(connection, PageSql, parameters, ct);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, parameters, cancellationToken: ct));
        return (page, total);
    }
}
