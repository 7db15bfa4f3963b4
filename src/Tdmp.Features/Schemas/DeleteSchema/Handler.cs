namespace Tdmp.Features.Schemas.DeleteSchema;

public sealed record DeleteSchemaCommand(long SchemaId) : ICommand;

public sealed class DeleteSchemaHandler(NpgsqlDataSource db, ICurrentUser user, AuditTrail audit) : ICommandHandler<DeleteSchemaCommand>
{
    private const string DeleteSql = """
        DELETE FROM schemas s
        WHERE s.schema_id = @schema_id AND (@caller_role = 'superuser' OR s.tenant_id = @caller_tenant_id)
        RETURNING s.name, s.tenant_id
        """;

    public async ValueTask<Unit> Handle(DeleteSchemaCommand command, CancellationToken ct)
    {
        if (user.Role < TenantRole.Manager)
            throw new ForbiddenException("Only managers, admins and superusers delete schemas.");
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        (string name, long tenant_id) deleted;
        try
        {
            deleted = await connection.QuerySingleOrDefaultAsync<(string name, long tenant_id)?>(new CommandDefinition(DeleteSql,
                CallerScope.Parameters(user, new { schema_id = command.SchemaId }), transaction, cancellationToken: ct))
                    ?? throw new NotFoundException("Schema not found");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            // Only datasets and constraint sets refer to schemas without ON DELETE CASCADE.
            throw new RuleViolationException("schema_id", "The schema is in use by a dataset or constraint set; delete those first.");
        }
        await audit.WriteAsync(connection, transaction, user, new AuditEntry("schema.deleted", "schema",
            command.SchemaId.ToString(System.Globalization.CultureInfo.InvariantCulture), Details: new { deleted.name }, TenantId: deleted.tenant_id), ct);
        await transaction.CommitAsync(ct);
        return Unit.Value;
    }
}
