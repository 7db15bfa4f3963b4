namespace Tdmp.Features.Projects.AddUserToProject;

public sealed class AddUserToProjectHandler(UnitOfWork work, ICurrentUser caller, AuditTrail audit, Notifier notifier)
    : ICommandHandler<AddUserToProjectRequest, MembershipResponse>
{
    // Only users of the project's own tenant: a user id of another tenant is "not found", never a cross-tenant membership.
    private const string FindUserSql = """
        SELECT u.user_id AS UserId, u.username AS Username, u.is_active AS IsActive
        FROM users u
        WHERE u.user_id = @user_id AND u.tenant_id = @tenant_id
        """;

    private const string CurrentRoleSql = "SELECT role FROM project_members WHERE project_id = @project_id AND user_id = @user_id FOR UPDATE";

    private const string UpsertSql = """
        INSERT INTO project_members (project_id, user_id, role, added_by)
        VALUES (@project_id, @user_id, @role, @added_by)
        ON CONFLICT (project_id, user_id) DO UPDATE SET role = excluded.role, added_by = excluded.added_by, added_at = now()
        RETURNING added_at
        """;

    private sealed record TargetUser(long UserId, string Username, bool IsActive);

    public async ValueTask<MembershipResponse> Handle(AddUserToProjectRequest command, CancellationToken ct)
    {
        var (connection, transaction) = await work.BeginAsync(ct);
        var grant = await ProjectAccess.RequireManageAsync(connection, transaction, caller, command.ProjectId, ct);

        var target = await connection.QuerySingleOrDefaultAsync<TargetUser>(new CommandDefinition(FindUserSql,
                         new { user_id = command.UserId, tenant_id = grant.TenantId }, transaction, cancellationToken: ct))
                     ?? throw new NotFoundException("User not found");
        if (!target.IsActive)
            throw new RuleViolationException("user_id", "The user is deactivated and cannot become a member.");

        var previousRole = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(CurrentRoleSql,
            new { project_id = command.ProjectId, user_id = command.UserId }, transaction, cancellationToken: ct));
        DateTime addedAt;
        try
        {
            addedAt = await connection.QuerySingleAsync<DateTime>(new CommandDefinition(UpsertSql, new
            {
                project_id = command.ProjectId, user_id = command.UserId, role = command.Role, added_by = caller.UserId,
            }, transaction, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new NotFoundException("Project not found"); // deleted while this request ran
        }

        var userId = command.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var entry = previousRole is null
            ? new AuditEntry("project.member_added", "user", userId, command.ProjectId, new { role = command.Role })
            : new AuditEntry("project.member_role_changed", "user", userId, command.ProjectId, new { from = previousRole, to = command.Role });
        audit.Record(entry with { TenantId = grant.TenantId });

        if (previousRole is null)
            await notifier.NotifyAsync(connection, transaction, new Notification(command.UserId, EventNames.ProjectMemberAdded,
                $"You were added to the project {grant.Name}",
                $"{caller.Username} added you to {grant.Name} with the {command.Role} role.", command.ProjectId), ct);
        return new MembershipResponse(command.ProjectId, target.UserId, target.Username, command.Role, addedAt);
    }
}
