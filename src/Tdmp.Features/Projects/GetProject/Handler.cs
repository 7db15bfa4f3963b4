namespace Tdmp.Features.Projects.GetProject;

/// <summary>A member of the project with its project role (<c>view</c> or <c>edit</c>).</summary>
public sealed record ProjectMember(long UserId, string Username, string Role);

/// <summary>A schema linked to the project.</summary>
public sealed record ProjectSchema(long SchemaId, string Name, string Type);

/// <summary>One of the project's latest datasets.</summary>
public sealed record ProjectDataset(long DatasetId, string Name, string Status, DateTime CreatedAt);

/// <summary>The project with its members, linked schemas and latest 50 datasets.</summary>
public sealed record ProjectDetailResponse : ProjectResponse
{
    // After the project's own fields, which System.Text.Json would otherwise put last for a derived record.
    [System.Text.Json.Serialization.JsonPropertyOrder(1)] public IReadOnlyList<ProjectMember> Members { get; init; } = [];
    [System.Text.Json.Serialization.JsonPropertyOrder(1)] public IReadOnlyList<ProjectSchema> Schemas { get; init; } = [];
    /// <summary>The latest 50 datasets, newest first.</summary>
    [System.Text.Json.Serialization.JsonPropertyOrder(1)] public IReadOnlyList<ProjectDataset> Datasets { get; init; } = [];
}

public sealed class GetProjectHandler(NpgsqlDataSource db, ICurrentUser caller) : IQueryHandler<GetProjectRequest, ProjectDetailResponse>
{
    private const string ProjectSql = ProjectRules.SelectProjectSql + "\nWHERE p.project_id = @project_id";

    private const string MembersSql = """
        SELECT m.user_id AS UserId, u.username AS Username, m.role AS Role
        FROM project_members m
        JOIN users u ON u.user_id = m.user_id
        WHERE m.project_id = @project_id
        ORDER BY lower(u.username)
        """;

    private const string SchemasSql = """
        SELECT s.schema_id AS SchemaId, s.name AS Name, s.type AS Type
        FROM project_schemas ps
        JOIN schemas s ON s.schema_id = ps.schema_id
        WHERE ps.project_id = @project_id
        ORDER BY lower(s.name)
        """;

    public async ValueTask<ProjectDetailResponse> Handle(GetProjectRequest query, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await ProjectAccess.RequireVisibleAsync(connection, null, caller, query.ProjectId, ct);
        var args = new { project_id = query.ProjectId };
        var project = await connection.QuerySingleAsync<ProjectResponse>(new CommandDefinition(ProjectSql, args, cancellationToken: ct));
        var members = await connection.QueryAsync<ProjectMember>(new CommandDefinition(MembersSql, args, cancellationToken: ct));
        var schemas = await connection.QueryAsync<ProjectSchema>(new CommandDefinition(SchemasSql, args, cancellationToken: ct));
        return new ProjectDetailResponse
        {
            ProjectId = project.ProjectId, TenantId = project.TenantId, Name = project.Name, Description = project.Description,
            Tags = project.Tags, CreatedAt = project.CreatedAt, CreatedBy = project.CreatedBy, UpdatedAt = project.UpdatedAt,
            Members = members.ToList(),
            Schemas = schemas.ToList(),
            Datasets = await LatestDatasetsAsync(connection, query.ProjectId, ct),
        };
    }

    private const string LatestDatasetsSql = """
        SELECT d.dataset_id AS DatasetId, d.name AS Name, d.status AS Status, d.created_at AS CreatedAt
        FROM datasets d
        WHERE d.project_id = @project_id
        ORDER BY d.created_at DESC, d.dataset_id DESC
        LIMIT 50
        """;

    private static async Task<IReadOnlyList<ProjectDataset>> LatestDatasetsAsync(NpgsqlConnection connection, long projectId, CancellationToken ct)
        => (await connection.QueryAsync<ProjectDataset>(
            new CommandDefinition(LatestDatasetsSql, new { project_id = projectId }, cancellationToken: ct))).ToList();
}
