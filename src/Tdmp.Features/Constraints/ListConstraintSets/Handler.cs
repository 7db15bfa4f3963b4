namespace Tdmp.Features.Constraints.ListConstraintSets;

public sealed record ListConstraintSetsQuery(long? SchemaId, int Limit, int Offset)
    : IQuery<(IReadOnlyList<ConstraintSetResponse> Page, long Total)>;

public sealed class ListConstraintSetsHandler(NpgsqlDataSource db, ICurrentUser user)
    : IQueryHandler<ListConstraintSetsQuery, (IReadOnlyList<ConstraintSetResponse> Page, long Total)>
{
    private const string Filter = " WHERE " + CallerScope.ConstraintSetVisibleSql + " AND (@schema_id::bigint IS NULL OR c.schema_id = @schema_id)";
    private const string PageSql = ConstraintSetResponse.SelectSql + Filter + " ORDER BY c.constraint_set_id DESC LIMIT @limit OFFSET @offset";
    private const string CountSql = "SELECT count(*) FROM constraint_sets c" + Filter;

    public async ValueTask<(IReadOnlyList<ConstraintSetResponse> Page, long Total)> Handle(ListConstraintSetsQuery query, CancellationToken ct)
    {
        var parameters = CallerScope.Parameters(user, new { schema_id = query.SchemaId, limit = query.Limit, offset = query.Offset });
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<ConstraintSetResponse.Row>(new CommandDefinition(PageSql, parameters, cancellationToken: ct));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, parameters, cancellationToken: ct));
        return (rows.Select(r => r.ToResponse()).ToList(), total);
    }
}
