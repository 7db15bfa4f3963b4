using Tdmp.Features.Common.Storage;

namespace Tdmp.Features.Datasets.DeleteDataset;

public sealed record DeleteDatasetCommand(long DatasetId) : ICommand;

public sealed class DeleteDatasetHandler(NpgsqlDataSource db, ICurrentUser user, AuditTrail audit, IFileStorage storage, DatasetReadCache readCache)
    : ICommandHandler<DeleteDatasetCommand>
{
    private const string CancelSql = """
        UPDATE datasets SET status = 'cancelled', completed_at = now(), lease_owner = NULL, lease_expires_at = NULL
        WHERE dataset_id = @dataset_id
        """;

    public async ValueTask<Unit> Handle(DeleteDatasetCommand command, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var dataset = await DatasetLock.AcquireAsync(connection, transaction, user, command.DatasetId, ct);
        var mayDelete = dataset.Grant.CanManage || dataset.Grant.CanEdit && dataset.CreatedBy == user.UserId;
        if (!mayDelete)
            throw new ForbiddenException("Only the dataset's creator (with edit rights), the project's managers and admins delete datasets.");

        var cancel = !DatasetStatus.IsFinished(dataset.Status);
        await connection.ExecuteAsync(new CommandDefinition(cancel ? CancelSql : "DELETE FROM datasets WHERE dataset_id = @dataset_id",
            new { dataset_id = command.DatasetId }, transaction, cancellationToken: ct));
        if (cancel)
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM dataset_files WHERE dataset_id = @dataset_id",
                new { dataset_id = command.DatasetId }, transaction, cancellationToken: ct));
        await audit.WriteAsync(connection, transaction, user, new AuditEntry(cancel ? "dataset.cancelled" : "dataset.deleted", "dataset",
            command.DatasetId.ToString(System.Globalization.CultureInfo.InvariantCulture), dataset.ProjectId,
            new { dataset.Name, previous_status = dataset.Status }, dataset.TenantId), ct);
        await transaction.CommitAsync(ct);
        readCache.Evict(command.DatasetId);

        // The generating worker notices at its next heartbeat that the dataset is no longer its own, and stops.
        await DatasetStorageKeys.DeleteFilesAsync(storage, [command.DatasetId], ct);
        return Unit.Value;
    }
}
