namespace Tdmp.Features.Constraints.ListConstraintSets;

public sealed record ListConstraintSetsQuery(long? SchemaId, int Limit, int Offset, string? Sort = null)
    : IQuery<(IReadOnlyList<ConstraintSetResponse> Page, long Total)>;

public sealed class ListConstraintSetsHandler(NpgsqlDataSource db, ICurrentUser caller)
    : IQueryHandler<ListConstraintSetsQuery, (IReadOnlyList<ConstraintSetResponse> Page, long Total)>
{
    private const string Filter = " WHERE " + CallerScope.ConstraintSetVisibleSql + " AND (@schema_id::bigint IS NULL OR c.schema_id = @schema_id)";
    private const string PageSqlTemplate = ConstraintSetResponse.SelectSql + Filter + " /*order_by*/ LIMIT @limit OFFSET @offset";
    private static readonly Dictionary<string, string> SortColumns = new() { ["created_at"] = "c.created_at", ["updated_at"] = "c.updated_at",
        ["name"] = "lower(c.name)", ["constraint_set_id"] = "c.constraint_set_id" };
    private const string CountSql = "SELECT count(*) FROM constraint_sets c" + Filter;

    public async ValueTask<(IReadOnlyList<ConstraintSetResponse> Page, long Total)> Handle(ListConstraintSetsQuery query, CancellationToken ct)
    {
        var parameters = CallerScope.Parameters(caller, new { schema_id = query.SchemaId, limit = query.Limit, offset = query.Offset });
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<ConstraintSetResponse.Row>(new CommandDefinition(
            PageSqlTemplate.Replace("/*order_by*/", Sorting.OrderBy(query.Sort, "c.constraint_set_id DESC", "c.constraint_set_id", SortColumns)),
            parameters, cancellationToken: ct));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, parameters, cancellationToken: ct));
        return (rows.Select(r => r.ToResponse()).ToList(), total);
    }
}
