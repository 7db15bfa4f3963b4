namespace Tdmp.Features.Constraints.CreateConstraintSet;

public sealed class CreateConstraintSetHandler(UnitOfWork work, ICurrentUser caller, AuditTrail audit)
    : ICommandHandler<CreateConstraintSetRequest, ConstraintSetResponse>
{
    private const string InsertSetSql = """
        INSERT INTO constraint_sets (tenant_id, schema_id, name, description, created_by, updated_by)
        SELECT s.tenant_id, s.schema_id, @name, @description, @user_id, @user_id
        FROM schemas s WHERE s.schema_id = @schema_id
        ON CONFLICT DO NOTHING
        RETURNING constraint_set_id, tenant_id
        """;

    private const string InsertVersionSql = """
        INSERT INTO constraint_set_versions (constraint_set_id, version, rules, created_by)
        VALUES (@constraint_set_id, 1, CAST(@rules AS jsonb), @user_id)
        """;

    public async ValueTask<ConstraintSetResponse> Handle(CreateConstraintSetRequest command, CancellationToken ct)
    {
        var connection = await work.ConnectionAsync(ct);
        await ConstraintSetChecks.RequireWriterAsync(connection, null, caller, command.SchemaId, ct);
        var repr = await SchemaReprs.LoadAsync(connection, caller, command.SchemaId, ct);
        ConstraintSetChecks.RequireValidRules(repr, command.Rules, (await TenantLimits.LoadAsync(connection, null, caller.TenantId, ct)).Values);

        var (_, transaction) = await work.BeginAsync(ct);
        var (id, tenantId) = await connection.QuerySingleOrDefaultAsync<(long, long)?>(new CommandDefinition(InsertSetSql, new
        {
            name = command.Name, description = command.Description, user_id = caller.UserId, schema_id = command.SchemaId,
        }, transaction, cancellationToken: ct))
            ?? throw new RuleViolationException("name", $"A constraint set named '{command.Name}' already exists in this tenant.");
        await connection.ExecuteAsync(new CommandDefinition(InsertVersionSql, new
        {
            constraint_set_id = id, rules = ConstraintRules.Serialize(command.Rules), user_id = caller.UserId,
        }, transaction, cancellationToken: ct));
        audit.Record(new AuditEntry("constraint_set.created", "constraint_set",
            id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Details: new { command.Name, schema_id = command.SchemaId, rule_count = command.Rules.Count }, TenantId: tenantId));

        var row = await connection.QuerySingleAsync<ConstraintSetResponse.Row>(new CommandDefinition(
            ConstraintSetResponse.SelectSql + " WHERE c.constraint_set_id = @id", new { id }, cancellationToken: ct));
        return row.ToResponse();
    }
}
