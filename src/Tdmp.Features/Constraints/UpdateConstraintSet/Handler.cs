namespace Tdmp.Features.Constraints.UpdateConstraintSet;

public sealed class UpdateConstraintSetHandler(UnitOfWork work, ICurrentUser caller, AuditTrail audit)
    : ICommandHandler<UpdateConstraintSetRequest, ConstraintSetResponse>
{
    // Locks the set so two concurrent saves get consecutive versions.
    private const string LockSql = """
        SELECT c.schema_id, c.version, c.tenant_id, c.created_by FROM constraint_sets c
        WHERE c.constraint_set_id = @constraint_set_id AND (@caller_role = 'superuser' OR c.tenant_id = @caller_tenant_id)
        FOR UPDATE
        """;

    private const string UpdateSql = """
        UPDATE constraint_sets
        SET version = version + 1, name = COALESCE(@name, name), description = COALESCE(@description, description),
            updated_by = @user_id, updated_at = now()
        WHERE constraint_set_id = @constraint_set_id
        RETURNING version
        """;

    private const string InsertVersionSql = """
        INSERT INTO constraint_set_versions (constraint_set_id, version, rules, created_by)
        VALUES (@constraint_set_id, @version, CAST(@rules AS jsonb), @user_id)
        """;

    public async ValueTask<ConstraintSetResponse> Handle(UpdateConstraintSetRequest command, CancellationToken ct)
    {
        var (connection, transaction) = await work.BeginAsync(ct);
        var current = await connection.QuerySingleOrDefaultAsync<(long schema_id, int version, long tenant_id,
            long? created_by)?>(new CommandDefinition(LockSql,
            CallerScope.Parameters(caller, new { constraint_set_id = command.ConstraintSetId }), transaction, cancellationToken: ct))
                ?? throw new NotFoundException("Constraint set not found");

        await ConstraintSetChecks.RequireMayChangeAsync(connection, transaction, caller, current.schema_id, current.created_by, ct);
        var repr = await SchemaReprs.LoadAsync(connection, caller, current.schema_id, ct);
        ConstraintSetChecks.RequireValidRules(repr, command.Rules,
            (await TenantLimits.LoadAsync(connection, transaction, current.tenant_id, ct)).Values);

        int version;
        try
        {
            version = await connection.QuerySingleAsync<int>(new CommandDefinition(UpdateSql, new
            {
                constraint_set_id = command.ConstraintSetId, name = command.Name, description = command.Description, user_id = caller.UserId,
            }, transaction, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new RuleViolationException("name", $"A constraint set named '{command.Name}' already exists in this tenant.");
        }
        await connection.ExecuteAsync(new CommandDefinition(InsertVersionSql, new
        {
            constraint_set_id = command.ConstraintSetId, version, rules = ConstraintRules.Serialize(command.Rules), user_id = caller.UserId,
        }, transaction, cancellationToken: ct));
        audit.Record(new AuditEntry("constraint_set.updated", "constraint_set",
            command.ConstraintSetId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Details: new { version, rule_count = command.Rules.Count }, TenantId: current.tenant_id));

        var row = await connection.QuerySingleAsync<ConstraintSetResponse.Row>(new CommandDefinition(
            ConstraintSetResponse.SelectSql + " WHERE c.constraint_set_id = @id", new { id = command.ConstraintSetId }, cancellationToken: ct));
        return row.ToResponse();
    }
}
