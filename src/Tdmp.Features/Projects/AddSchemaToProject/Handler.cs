namespace Tdmp.Features.Projects.AddSchemaToProject;

public sealed class AddSchemaToProjectHandler(UnitOfWork work, ICurrentUser caller, AuditTrail audit)
    : ICommandHandler<AddSchemaToProjectRequest, LinkedSchemaResponse>
{
    // Only schemas of the project's own tenant; another tenant's schema id is "not found".
    private const string FindSchemaSql = """
        SELECT s.schema_id AS SchemaId, s.name AS Name, s.type AS Type
        FROM schemas s
        WHERE s.schema_id = @schema_id AND s.tenant_id = @tenant_id
        """;

    // Linking twice is harmless: the first link (and its time) stays.
    private const string LinkSql = """
        WITH inserted AS (
            INSERT INTO project_schemas (project_id, schema_id, linked_by)
            VALUES (@project_id, @schema_id, @linked_by)
            ON CONFLICT (project_id, schema_id) DO NOTHING
            RETURNING linked_at, true AS is_new
        )
        SELECT linked_at AS LinkedAt, is_new AS IsNew FROM inserted
        UNION ALL
        SELECT linked_at, false FROM project_schemas
        WHERE project_id = @project_id AND schema_id = @schema_id AND NOT EXISTS (SELECT 1 FROM inserted)
        """;

    private sealed record SchemaRow(long SchemaId, string Name, string Type);
    private sealed record Link(DateTime LinkedAt, bool IsNew);

    public async ValueTask<LinkedSchemaResponse> Handle(AddSchemaToProjectRequest command, CancellationToken ct)
    {
        var (connection, transaction) = await work.BeginAsync(ct);
        var grant = await ProjectAccess.RequireManageAsync(connection, transaction, caller, command.ProjectId, ct);
        var schema = await connection.QuerySingleOrDefaultAsync<SchemaRow>(new CommandDefinition(FindSchemaSql,
                         new { schema_id = command.SchemaId, tenant_id = grant.TenantId }, transaction, cancellationToken: ct))
                     ?? throw new NotFoundException("Schema not found");
        Link link;
        try
        {
            link = await connection.QuerySingleAsync<Link>(new CommandDefinition(LinkSql, new
            {
                project_id = command.ProjectId, schema_id = command.SchemaId, linked_by = caller.UserId,
            }, transaction, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new NotFoundException("Project or schema not found"); // deleted while this request ran
        }

        audit.Record(new AuditEntry("project.schema_linked", "schema",
            command.SchemaId.ToString(System.Globalization.CultureInfo.InvariantCulture), command.ProjectId,
            new { name = schema.Name, already_linked = !link.IsNew }, TenantId: grant.TenantId));
        return new LinkedSchemaResponse(command.ProjectId, schema.SchemaId, schema.Name, schema.Type, link.LinkedAt);
    }
}
