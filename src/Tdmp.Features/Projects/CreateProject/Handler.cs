namespace Tdmp.Features.Projects.CreateProject;

public sealed record CreateProjectCommand(string Name, string? Description, IReadOnlyList<string> Tags) : ICommand<ProjectResponse>;

public sealed class CreateProjectHandler(UnitOfWork work, ICurrentUser caller, AuditTrail audit)
    : ICommandHandler<CreateProjectCommand, ProjectResponse>
{
    private const string InsertSql = """
        INSERT INTO projects (tenant_id, name, description, tags, created_by)
        VALUES (@tenant_id, @name, @description, @tags, @created_by)
        RETURNING project_id AS ProjectId, tenant_id AS TenantId, name AS Name, description AS Description,
                  tags AS Tags, created_at AS CreatedAt, created_by AS CreatedBy, updated_at AS UpdatedAt
        """;

    public async ValueTask<ProjectResponse> Handle(CreateProjectCommand command, CancellationToken ct)
    {
        var (connection, transaction) = await work.BeginAsync(ct);
        ProjectResponse project;
        try
        {
            project = await connection.QuerySingleAsync<ProjectResponse>(new CommandDefinition(InsertSql, new
            {
                tenant_id = caller.TenantId,
                name = command.Name.Trim(),
                description = command.Description,
                tags = ProjectRules.Normalize(command.Tags),
                created_by = caller.UserId,
            }, transaction, cancellationToken: ct));
        }
        catch (PostgresException e) when (ProjectRules.IsDuplicateName(e))
        {
            throw new RuleViolationException("name", ProjectRules.DuplicateName);
        }

        audit.Record(new AuditEntry("project.created", "project",
            project.ProjectId.ToString(System.Globalization.CultureInfo.InvariantCulture), project.ProjectId,
            new { name = project.Name, tags = project.Tags }));
        await DomainEvents.RaiseAsync(connection, transaction, project.TenantId, EventNames.ProjectCreated, new
        {
            project_id = project.ProjectId, name = project.Name, description = project.Description, tags = project.Tags,
            created_by = project.CreatedBy,
        }, ct);
        return project;
    }
}
