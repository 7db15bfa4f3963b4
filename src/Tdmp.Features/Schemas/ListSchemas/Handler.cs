namespace Tdmp.Features.Schemas.ListSchemas;

public sealed record ListSchemasQuery(string? Type, string? Q, int Limit, int Offset, string? Sort = null)
    : IQuery<(IReadOnlyList<SchemaResponse> Page, long Total)>;

public sealed class ListSchemasHandler(NpgsqlDataSource db, ICurrentUser caller)
    : IQueryHandler<ListSchemasQuery, (IReadOnlyList<SchemaResponse> Page, long Total)>
{
    private const string Filter = $"""
        FROM schemas s
        WHERE {CallerScope.SchemaVisibleSql}
          AND (@type::text IS NULL OR s.type = @type)
          AND (@q::text IS NULL OR s.name ILIKE '%' || @q || '%' OR s.description ILIKE '%' || @q || '%')
        """;

    private const string PageSqlTemplate = $"SELECT {SchemaResponse.Columns} {Filter} /*order_by*/ LIMIT @limit OFFSET @offset";
    private static readonly Dictionary<string, string> SortColumns = new()
        { ["created_at"] = "s.created_at", ["name"] = "lower(s.name)", ["schema_id"] = "s.schema_id" };
    private const string CountSql = $"SELECT count(*) {Filter}";

    public async ValueTask<(IReadOnlyList<SchemaResponse> Page, long Total)> Handle(ListSchemasQuery query, CancellationToken ct)
    {
        var parameters = CallerScope.Parameters(caller, new { type = query.Type, q = query.Q, limit = query.Limit, offset = query.Offset });
        await using var connection = await db.OpenConnectionAsync(ct);
        var page = (await connection.QueryAsync<SchemaResponse>(new CommandDefinition(
            PageSqlTemplate.Replace("/*order_by*/", Sorting.OrderBy(query.Sort, "s.schema_id DESC", "s.schema_id", SortColumns)),
            parameters, cancellationToken: ct))).ToList();
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, parameters, cancellationToken: ct));
        return (page, total);
    }
}
