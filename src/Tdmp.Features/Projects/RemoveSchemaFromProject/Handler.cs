namespace Tdmp.Features.Projects.RemoveSchemaFromProject;

public sealed class RemoveSchemaFromProjectHandler(UnitOfWork work, ICurrentUser caller, AuditTrail audit)
    : ICommandHandler<RemoveSchemaFromProjectRequest>
{
    private const string UnlinkSql = "DELETE FROM project_schemas WHERE project_id = @project_id AND schema_id = @schema_id RETURNING schema_id";

    public async ValueTask<Unit> Handle(RemoveSchemaFromProjectRequest command, CancellationToken ct)
    {
        var (connection, transaction) = await work.BeginAsync(ct);
        var grant = await ProjectAccess.RequireManageAsync(connection, transaction, caller, command.ProjectId, ct);
        // Datasets already generated from the schema keep it; new ones need it linked again.
        var unlinked = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(UnlinkSql,
            new { project_id = command.ProjectId, schema_id = command.SchemaId }, transaction, cancellationToken: ct));
        if (unlinked is null) throw new NotFoundException("The schema is not linked to this project.");
        audit.Record(new AuditEntry("project.schema_unlinked", "schema",
            command.SchemaId.ToString(System.Globalization.CultureInfo.InvariantCulture), command.ProjectId, TenantId: grant.TenantId));
        return Unit.Value;
    }
}
