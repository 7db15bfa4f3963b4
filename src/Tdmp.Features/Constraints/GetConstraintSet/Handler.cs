namespace Tdmp.Features.Constraints.GetConstraintSet;

public sealed class GetConstraintSetHandler(NpgsqlDataSource db, ICurrentUser caller) : IQueryHandler<GetConstraintSetRequest, ConstraintSetResponse>
{
    private const string Sql = ConstraintSetResponse.SelectSql
        + " WHERE c.constraint_set_id = @constraint_set_id AND " + CallerScope.ConstraintSetVisibleSql;

    public async ValueTask<ConstraintSetResponse> Handle(GetConstraintSetRequest query, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<ConstraintSetResponse.Row>(new CommandDefinition(Sql,
            CallerScope.Parameters(caller, new { constraint_set_id = query.ConstraintSetId }), cancellationToken: ct));
        return row?.ToResponse() ?? throw new NotFoundException("Constraint set not found");
    }
}
