namespace Tdmp.Features.Schemas.DeleteSchema;

public sealed class DeleteSchemaHandler(UnitOfWork work, ICurrentUser caller, AuditTrail audit) : ICommandHandler<DeleteSchemaRequest>
{
    private const string DeleteSql = """
        DELETE FROM schemas s
        WHERE s.schema_id = @schema_id AND (@caller_role = 'superuser' OR s.tenant_id = @caller_tenant_id)
        RETURNING s.name, s.tenant_id
        """;

    public async ValueTask<Unit> Handle(DeleteSchemaRequest command, CancellationToken ct)
    {
        var (connection, transaction) = await work.BeginAsync(ct);
        (string name, long tenant_id) deleted;
        try
        {
            deleted = await connection.QuerySingleOrDefaultAsync<(string name, long tenant_id)?>(new CommandDefinition(DeleteSql,
                CallerScope.Parameters(caller, new { schema_id = command.SchemaId }), transaction, cancellationToken: ct))
                    ?? throw new NotFoundException("Schema not found");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            // Only datasets and constraint sets refer to schemas without ON DELETE CASCADE.
            throw new RuleViolationException("schema_id", "The schema is in use by a dataset or constraint set; delete those first.");
        }
        audit.Record(new AuditEntry("schema.deleted", "schema",
            command.SchemaId.ToString(System.Globalization.CultureInfo.InvariantCulture), Details: new { deleted.name },
                TenantId: deleted.tenant_id));
        return Unit.Value;
    }
}
