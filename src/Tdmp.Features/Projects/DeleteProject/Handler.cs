namespace Tdmp.Features.Projects.DeleteProject;

public sealed record DeleteProjectCommand(long ProjectId) : ICommand;

public sealed class DeleteProjectHandler(NpgsqlDataSource db, ICurrentUser user, AuditTrail audit) : ICommandHandler<DeleteProjectCommand>
{
    // Members and schema links go with the project (ON DELETE CASCADE); notifications keep their text, without the project.
    private const string DeleteSql = "DELETE FROM projects WHERE project_id = @project_id";

    public async ValueTask<Unit> Handle(DeleteProjectCommand command, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var grant = await ProjectAccess.RequireVisibleAsync(connection, transaction, user, command.ProjectId, ct);
        if (!grant.CanDelete) throw new ForbiddenException("Only admins and superusers may delete projects.");

        await RemoveDatasetsAsync(connection, transaction, command.ProjectId, ct);
        await connection.ExecuteAsync(new CommandDefinition(DeleteSql, new { project_id = command.ProjectId }, transaction, cancellationToken: ct));
        await audit.WriteAsync(connection, transaction, grant.TenantId, user.UserId, user.Role.Name(), new AuditEntry("project.deleted", "project",
            command.ProjectId.ToString(System.Globalization.CultureInfo.InvariantCulture), command.ProjectId, new { name = grant.Name }), ct);
        await transaction.CommitAsync(ct);
        return Unit.Value;
    }

    /// <summary>
    /// SEAM(datasets): the datasets issue deletes the project's datasets here (cancelling running generations) in the same
    /// transaction, and removes their files once it has committed. Until the datasets table exists there is nothing to remove.
    /// </summary>
    private static Task RemoveDatasetsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long projectId, CancellationToken ct)
    {
        _ = (connection, transaction, projectId, ct);
        return Task.CompletedTask;
    }
}
