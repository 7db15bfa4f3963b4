namespace Tdmp.Features.Projects.RemoveSchemaFromProject;

public sealed record RemoveSchemaFromProjectCommand(long ProjectId, long SchemaId) : ICommand;

public sealed class RemoveSchemaFromProjectHandler(NpgsqlDataSource db, ICurrentUser user, AuditTrail audit)
    : ICommandHandler<RemoveSchemaFromProjectCommand>
{
    private const string UnlinkSql = "DELETE FROM project_schemas WHERE project_id = @project_id AND schema_id = @schema_id RETURNING schema_id";

    public async ValueTask<Unit> Handle(RemoveSchemaFromProjectCommand command, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var grant = await ProjectAccess.RequireManageAsync(connection, transaction, user, command.ProjectId, ct);
        // Datasets already generated from the schema keep it; new ones need it linked again.
        var unlinked = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(UnlinkSql,
            new { project_id = command.ProjectId, schema_id = command.SchemaId }, transaction, cancellationToken: ct));
        if (unlinked is null) throw new NotFoundException("The schema is not linked to this project.");
        await audit.WriteAsync(connection, transaction, grant.TenantId, user.UserId, user.Role.Name(), new AuditEntry("project.schema_unlinked", "schema",
            command.SchemaId.ToString(System.Globalization.CultureInfo.InvariantCulture), command.ProjectId), ct);
        await transaction.CommitAsync(ct);
        return Unit.Value;
    }
}
