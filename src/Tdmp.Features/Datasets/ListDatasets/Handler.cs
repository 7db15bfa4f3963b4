namespace Tdmp.Features.Datasets.ListDatasets;

public sealed record ListDatasetsQuery(long? ProjectId, string? Status, long? SchemaId, int Limit, int Offset, string? Sort = null,
    DateTimeOffset? CreatedAfter = null, DateTimeOffset? CreatedBefore = null)
    : IQuery<(IReadOnlyList<DatasetResponse> Page, long Total)>;

public sealed class ListDatasetsHandler(NpgsqlDataSource db, ICurrentUser caller)
    : IQueryHandler<ListDatasetsQuery, (IReadOnlyList<DatasetResponse> Page, long Total)>
{
    private const string Filter = " WHERE " + ProjectAccess.VisibleToCallerSql + """
         AND (@project_id::bigint IS NULL OR d.project_id = @project_id)
         AND (@status::text IS NULL OR d.status = @status)
         AND (@schema_id::bigint IS NULL OR d.schema_id = @schema_id)
         AND (@created_after::timestamptz IS NULL OR d.created_at >= @created_after)
         AND (@created_before::timestamptz IS NULL OR d.created_at < @created_before)
        """;

    private static readonly string PageSqlTemplate = DatasetResponse.SelectSql + Filter + " /*order_by*/ LIMIT @limit OFFSET @offset";
    private static readonly Dictionary<string, string> SortColumns = new() { ["created_at"] = "d.created_at", ["name"] = "lower(d.name)",
        ["status"] = "d.status", ["record_count"] = "d.record_count", ["completed_at"] = "d.completed_at", ["dataset_id"] = "d.dataset_id" };
    private const string CountSql = "SELECT count(*) FROM datasets d JOIN projects p ON p.project_id = d.project_id" + Filter;

    public async ValueTask<(IReadOnlyList<DatasetResponse> Page, long Total)> Handle(ListDatasetsQuery query, CancellationToken ct)
    {
        var parameters = CallerScope.Parameters(caller);
        parameters.AddDynamicParams(new { project_id = query.ProjectId, status = query.Status, schema_id = query.SchemaId,
            created_after = query.CreatedAfter?.UtcDateTime, created_before = query.CreatedBefore?.UtcDateTime, limit = query.Limit,
                offset = query.Offset });
        await using var connection = await db.OpenConnectionAsync(ct);
        var page = await DatasetResponse.QueryAsync(connection,
            PageSqlTemplate.Replace("/*order_by*/", Sorting.OrderBy(query.Sort, "d.dataset_id DESC", "d.dataset_id", SortColumns)), parameters, ct);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, parameters, cancellationToken: ct));
        return (page, total);
    }
}
