namespace Tdmp.Features.Projects.UpdateProject;

public sealed class UpdateProjectHandler(UnitOfWork work, ICurrentUser caller, AuditTrail audit)
    : ICommandHandler<UpdateProjectRequest, ProjectResponse>
{
    private const string CurrentSql = ProjectRules.SelectProjectSql + "\nWHERE p.project_id = @project_id FOR UPDATE";

    private const string UpdateSql = """
        UPDATE projects
        SET name = @name, description = @description, tags = @tags, updated_at = now()
        WHERE project_id = @project_id
        RETURNING project_id AS ProjectId, tenant_id AS TenantId, name AS Name, description AS Description,
                  tags AS Tags, created_at AS CreatedAt, created_by AS CreatedBy, updated_at AS UpdatedAt
        """;

    public async ValueTask<ProjectResponse> Handle(UpdateProjectRequest command, CancellationToken ct)
    {
        var (connection, transaction) = await work.BeginAsync(ct);
        var grant = await ProjectAccess.RequireManageAsync(connection, transaction, caller, command.ProjectId, ct);
        var before = await connection.QuerySingleAsync<ProjectResponse>(
            new CommandDefinition(CurrentSql, new { project_id = command.ProjectId }, transaction, cancellationToken: ct));

        var name = command.Name?.Trim() ?? before.Name;
        var description = command.Description is null ? before.Description : command.Description.Length == 0 ? null : command.Description;
        var tags = command.Tags is null ? before.Tags : ProjectRules.Normalize(command.Tags);

        ProjectResponse after;
        try
        {
            after = await connection.QuerySingleAsync<ProjectResponse>(new CommandDefinition(UpdateSql, new
            {
                project_id = command.ProjectId, name, description, tags,
            }, transaction, cancellationToken: ct));
        }
        catch (PostgresException e) when (ProjectRules.IsDuplicateName(e))
        {
            throw new RuleViolationException("name", ProjectRules.DuplicateName);
        }

        var changes = new Dictionary<string, object?>();
        if (before.Name != after.Name) changes["name"] = new { from = before.Name, to = after.Name };
        if (before.Description != after.Description) changes["description"] = new { from = before.Description, to = after.Description };
        if (!before.Tags.SequenceEqual(after.Tags)) changes["tags"] = new { from = before.Tags, to = after.Tags };

        audit.Record(new AuditEntry("project.updated", "project",
            command.ProjectId.ToString(System.Globalization.CultureInfo.InvariantCulture), command.ProjectId, new { changes },
                TenantId: grant.TenantId));
        return after;
    }
}
