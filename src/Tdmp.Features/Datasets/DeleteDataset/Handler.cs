using Tdmp.Features.Common.Storage;

namespace Tdmp.Features.Datasets.DeleteDataset;

public sealed class DeleteDatasetHandler(
    UnitOfWork work, ICurrentUser caller, AuditTrail audit, IFileStorage storage, DatasetReadCache readCache, Generation.DatasetWorker worker)
    : ICommandHandler<DeleteDatasetRequest>
{
    public async ValueTask<Unit> Handle(DeleteDatasetRequest command, CancellationToken ct)
    {
        var (connection, transaction) = await work.BeginAsync(ct);
        var dataset = await DatasetLock.AcquireAsync(connection, transaction, caller, command.DatasetId, ct);
        var mayDelete = dataset.Grant.CanManage || dataset.Grant.CanEdit && dataset.CreatedBy == caller.UserId;
        if (!mayDelete)
            throw new ForbiddenException("Only the dataset's creator (with edit rights), the project's managers and admins delete datasets.");

        // Every state is deleted: a running generation loses its lease with the row and stops at its next heartbeat.
        var running = !DatasetStatus.IsFinished(dataset.Status);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM datasets WHERE dataset_id = @dataset_id",
            new { dataset_id = command.DatasetId }, transaction, cancellationToken: ct));
        audit.Record(new AuditEntry("dataset.deleted", "dataset",
            command.DatasetId.ToString(System.Globalization.CultureInfo.InvariantCulture), dataset.ProjectId,
            new { dataset.Name, previous_status = dataset.Status }, dataset.TenantId));
        work.AfterCommit(async ct =>
        {
            readCache.Evict(command.DatasetId);
            // A run on this node stops now; one on another node notices at its next heartbeat (a second) and stops. The files
            // go after the commit; a run still writing stages its files and discards them when it stops.
            if (running) worker.Cancel(command.DatasetId);
            await DatasetStorageKeys.DeleteFilesAsync(storage, [command.DatasetId], ct);
        });
        return Unit.Value;
    }
}
