namespace Tdmp.Features.Common;

/// <summary>What the caller may do with one project, by API.md's role table.</summary>
/// <param name="MemberRole">The caller's own membership role (<c>view</c> or <c>edit</c>), or null.</param>
public sealed record ProjectGrant(long ProjectId, long TenantId, string Name, long? CreatedBy, string? MemberRole, TenantRole CallerRole,
    long CallerId)
{
    /// <summary>See the project, its schemas, constraint sets and datasets; download data.</summary>
    public bool CanSee => CallerRole switch
    {
        TenantRole.Tester => MemberRole is not null,
        TenantRole.Manager => MemberRole is not null || CreatedBy == CallerId,
        _ => true,
    };

    /// <summary>Create constraint sets and datasets in the project: testers need <c>edit</c> membership,
    /// managers membership of any kind or being the creator, admins and superusers always.</summary>
    public bool CanEdit => CallerRole switch
    {
        TenantRole.Tester => MemberRole == ProjectRoles.Edit,
        _ => CanSee,
    };

    /// <summary>Update the project, add and remove members, link schemas: the creating manager, admins, superusers.</summary>
    public bool CanManage => CallerRole switch
    {
        TenantRole.Tester => false,
        TenantRole.Manager => CreatedBy == CallerId,
        _ => true,
    };

    /// <summary>Delete the project: admins and superusers.</summary>
    public bool CanDelete => CallerRole >= TenantRole.Admin;
}

/// <summary>The project member roles of API.md.</summary>
public static class ProjectRoles
{
    public const string View = "view";
    public const string Edit = "edit";
    public static readonly string[] All = [View, Edit];
}

/// <summary>
/// Who may see and change which project: the one place that reads API.md's role table for projects, shared by
/// projects, datasets and constraint sets. A project the caller may not see is "not found" (404), never 403.
/// </summary>
public static class ProjectAccess
{
    private const string GrantSql = """
        SELECT p.project_id AS ProjectId, p.tenant_id AS TenantId, p.name AS Name, p.created_by AS CreatedBy, m.role AS MemberRole
        FROM projects p
        LEFT JOIN project_members m ON m.project_id = p.project_id AND m.user_id = @caller_user_id
        WHERE p.project_id = @project_id AND (@caller_role = 'superuser' OR p.tenant_id = @caller_tenant_id)
        """;

    /// <summary>
    /// A SQL condition on a project aliased <c>p</c>: true when the caller may see it. Needs the parameters of
    /// <see cref="CallerScope.Parameters"/>; list queries (projects, datasets, constraint sets) put it in their WHERE.
    /// </summary>
    public const string VisibleToCallerSql = """
        (@caller_role = 'superuser'
         OR (p.tenant_id = @caller_tenant_id
             AND (@caller_role = 'admin'
                  OR EXISTS (SELECT 1 FROM project_members vm WHERE vm.project_id = p.project_id AND vm.user_id = @caller_user_id)
                  OR (@caller_role = 'manager' AND p.created_by = @caller_user_id))))
        """;

    /// <summary>The caller's grant on the project, or null when it does not exist or is in a tenant the caller does not see.</summary>
    public static async Task<ProjectGrant?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        ICurrentUser caller, long projectId, CancellationToken ct)
    {
        var parameters = CallerScope.Parameters(caller);
        parameters.Add("project_id", projectId);
        var row = await connection.QuerySingleOrDefaultAsync<GrantRow>(
            new CommandDefinition(GrantSql, parameters, transaction, cancellationToken: ct));
        return row is null ? null : new ProjectGrant(row.ProjectId, row.TenantId, row.Name, row.CreatedBy, row.MemberRole, caller.Role,
            caller.UserId);
    }

    /// <summary>The grant when the caller may see the project; else <see cref="NotFoundException"/>.</summary>
    public static async Task<ProjectGrant> RequireVisibleAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        ICurrentUser caller, long projectId, CancellationToken ct)
    {
        var grant = await FindAsync(connection, transaction, caller, projectId, ct);
        return grant is { CanSee: true } ? grant : throw new NotFoundException("Project not found");
    }

    /// <summary>404 when the caller may not see the project, 403 when it sees it but may not create datasets or constraint sets in it.</summary>
    public static async Task<ProjectGrant> RequireEditAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        ICurrentUser caller, long projectId, CancellationToken ct)
    {
        var grant = await RequireVisibleAsync(connection, transaction, caller, projectId, ct);
        return grant.CanEdit ? grant : throw new ForbiddenException("Creating in this project needs the edit role in it.");
    }

    /// <summary>404 when the caller may not see the project, 403 when it sees it but may not manage it.</summary>
    public static async Task<ProjectGrant> RequireManageAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        ICurrentUser caller, long projectId, CancellationToken ct)
    {
        var grant = await RequireVisibleAsync(connection, transaction, caller, projectId, ct);
        return grant.CanManage ? grant : throw new ForbiddenException("Only the project's creator, admins and superusers may manage this project.");
    }

    private sealed record GrantRow(long ProjectId, long TenantId, string Name, long? CreatedBy, string? MemberRole);
}
