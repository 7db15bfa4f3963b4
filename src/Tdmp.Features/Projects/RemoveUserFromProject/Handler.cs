namespace Tdmp.Features.Projects.RemoveUserFromProject;

public sealed record RemoveUserFromProjectCommand(long ProjectId, long UserId) : ICommand;

public sealed class RemoveUserFromProjectHandler(NpgsqlDataSource db, ICurrentUser user, AuditTrail audit)
    : ICommandHandler<RemoveUserFromProjectCommand>
{
    private const string DeleteSql = "DELETE FROM project_members WHERE project_id = @project_id AND user_id = @user_id RETURNING role";

    public async ValueTask<Unit> Handle(RemoveUserFromProjectCommand command, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var grant = await ProjectAccess.RequireManageAsync(connection, transaction, user, command.ProjectId, ct);
        // The last member may go too: the creator (a manager), admins and superusers still reach the project.
        var role = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(DeleteSql,
                       new { project_id = command.ProjectId, user_id = command.UserId }, transaction, cancellationToken: ct))
                   ?? throw new NotFoundException("The user is not a member of this project.");
        await audit.WriteAsync(connection, transaction, grant.TenantId, user.UserId, user.Role.Name(), new AuditEntry("project.member_removed", "user",
            command.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture), command.ProjectId, new { role }), ct);
        await transaction.CommitAsync(ct);
        return Unit.Value;
    }
}
