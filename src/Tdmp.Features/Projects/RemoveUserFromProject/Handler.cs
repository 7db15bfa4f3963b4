namespace Tdmp.Features.Projects.RemoveUserFromProject;

public sealed class RemoveUserFromProjectHandler(UnitOfWork work, ICurrentUser caller, AuditTrail audit)
    : ICommandHandler<RemoveUserFromProjectRequest>
{
    private const string DeleteSql = "DELETE FROM project_members WHERE project_id = @project_id AND user_id = @user_id RETURNING role";

    public async ValueTask<Unit> Handle(RemoveUserFromProjectRequest command, CancellationToken ct)
    {
        var (connection, transaction) = await work.BeginAsync(ct);
        var grant = await ProjectAccess.RequireManageAsync(connection, transaction, caller, command.ProjectId, ct);
        // The last member may go too: the creator (a manager), admins and superusers still reach the project.
        var role = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(DeleteSql,
                       new { project_id = command.ProjectId, user_id = command.UserId }, transaction, cancellationToken: ct))
                   ?? throw new NotFoundException("The user is not a member of this project.");
        audit.Record(new AuditEntry("project.member_removed", "user",
            command.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture), command.ProjectId, new { role }, TenantId: grant.TenantId));
        return Unit.Value;
    }
}
