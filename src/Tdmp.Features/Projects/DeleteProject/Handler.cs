using Tdmp.Features.Common.Storage;

namespace Tdmp.Features.Projects.DeleteProject;

public sealed class DeleteProjectHandler(UnitOfWork work, ICurrentUser caller, AuditTrail audit, IFileStorage storage,
    Datasets.DatasetReadCache readCache) : ICommandHandler<DeleteProjectRequest>
{
    // Members and schema links go with the project (ON DELETE CASCADE); notifications keep their text, without the project.
    private const string DeleteSql = "DELETE FROM projects WHERE project_id = @project_id";

    // Running generations notice at their next heartbeat that their dataset is gone, and stop.
    // Locked first: a dataset created meanwhile waits for this delete (its foreign key check needs the row) and then
    // finds the project gone, instead of slipping in between the two deletes.
    private const string LockSql = "SELECT 1 FROM projects WHERE project_id = @project_id FOR UPDATE";

    private const string DeleteDatasetsSql = "DELETE FROM datasets WHERE project_id = @project_id RETURNING dataset_id";

    public async ValueTask<Unit> Handle(DeleteProjectRequest command, CancellationToken ct)
    {
        var (connection, transaction) = await work.BeginAsync(ct);
        var grant = await ProjectAccess.RequireVisibleAsync(connection, transaction, caller, command.ProjectId, ct);
        if (!grant.CanDelete) throw new ForbiddenException("Only admins and superusers may delete projects.");

        await connection.ExecuteAsync(new CommandDefinition(LockSql, new { project_id = command.ProjectId }, transaction, cancellationToken: ct));
        var datasetIds = (await connection.QueryAsync<long>(new CommandDefinition(DeleteDatasetsSql,
            new { project_id = command.ProjectId }, transaction, cancellationToken: ct))).ToList();
        await connection.ExecuteAsync(new CommandDefinition(DeleteSql, new { project_id = command.ProjectId }, transaction, cancellationToken: ct));
        audit.Record(new AuditEntry("project.deleted", "project",
            command.ProjectId.ToString(System.Globalization.CultureInfo.InvariantCulture), command.ProjectId,
            new { name = grant.Name, deleted_datasets = datasetIds }, TenantId: grant.TenantId));
        work.AfterCommit(async ct =>
        {
            readCache.Evict(datasetIds);
            await DatasetStorageKeys.DeleteFilesAsync(storage, datasetIds, ct);
        });
        return Unit.Value;
    }
}
