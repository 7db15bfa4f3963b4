namespace Tdmp.Features.Constraints.DeleteConstraintSet;

public sealed class DeleteConstraintSetHandler(UnitOfWork work, ICurrentUser caller, AuditTrail audit) : ICommandHandler<DeleteConstraintSetRequest>
{
    private const string FindSql = """
        SELECT c.schema_id, c.tenant_id, c.created_by FROM constraint_sets c
        WHERE c.constraint_set_id = @constraint_set_id AND (@caller_role = 'superuser' OR c.tenant_id = @caller_tenant_id)
        """;

    private const string DeleteSql = "DELETE FROM constraint_sets WHERE constraint_set_id = @constraint_set_id RETURNING name";

    public async ValueTask<Unit> Handle(DeleteConstraintSetRequest command, CancellationToken ct)
    {
        var (connection, transaction) = await work.BeginAsync(ct);
        var (schemaId, tenantId, createdBy) = await connection.QuerySingleOrDefaultAsync<(long, long, long?)?>(new CommandDefinition(FindSql,
            CallerScope.Parameters(caller, new { constraint_set_id = command.ConstraintSetId }), transaction, cancellationToken: ct))
                ?? throw new NotFoundException("Constraint set not found");
        await ConstraintSetChecks.RequireMayChangeAsync(connection, transaction, caller, schemaId, createdBy, ct);
        string name;
        try
        {
            name = await connection.QuerySingleAsync<string>(new CommandDefinition(DeleteSql,
                new { constraint_set_id = command.ConstraintSetId }, transaction, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new RuleViolationException("constraint_set_id", "Datasets use this constraint set; delete them first.");
        }
        audit.Record(new AuditEntry("constraint_set.deleted", "constraint_set",
            command.ConstraintSetId.ToString(System.Globalization.CultureInfo.InvariantCulture), Details: new { name }, TenantId: tenantId));
        return Unit.Value;
    }
}
