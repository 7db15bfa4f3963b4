using Tdmp.Features.Common.Storage;

namespace Tdmp.Features.Datasets.DeleteDataset;

public sealed record DeleteDatasetCommand(long DatasetId) : ICommand;

public sealed class DeleteDatasetHandler(NpgsqlDataSource db, ICurrentUser user, AuditTrail audit, IFileStorage storage)
    : ICommandHandler<DeleteDatasetCommand>
{
    private const string FindSql = """
        SELECT d.project_id, d.status, d.created_by, d.name, d.tenant_id FROM datasets d
        WHERE d.dataset_id = @dataset_id AND (d.tenant_id = @tenant_id OR @superuser)
        FOR UPDATE
        """;

    private const string CancelSql = """
        UPDATE datasets SET status = 'cancelled', completed_at = now(), lease_owner = NULL, lease_expires_at = NULL
        WHERE dataset_id = @dataset_id
        """;

    public async ValueTask<Unit> Handle(DeleteDatasetCommand command, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var dataset = await connection.QuerySingleOrDefaultAsync<(long project_id, string status, long? created_by, string name, long tenant_id)?>(
            new CommandDefinition(FindSql, new { dataset_id = command.DatasetId, tenant_id = user.TenantId, superuser = user.Role == TenantRole.Superuser },
                transaction, cancellationToken: ct)) ?? throw new NotFoundException("Dataset not found");
        var grant = await ProjectAccess.RequireVisibleAsync(connection, transaction, user, dataset.project_id, ct);
        var mayDelete = grant.CanManage || grant.CanEdit && dataset.created_by == user.UserId;
        if (!mayDelete)
            throw new ForbiddenException("Only the dataset's creator (with edit rights), the project's managers and admins delete datasets.");

        var cancel = !DatasetStatus.IsFinished(dataset.status);
        await connection.ExecuteAsync(new CommandDefinition(cancel ? CancelSql : "DELETE FROM datasets WHERE dataset_id = @dataset_id",
            new { dataset_id = command.DatasetId }, transaction, cancellationToken: ct));
        if (cancel)
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM dataset_files WHERE dataset_id = @dataset_id",
                new { dataset_id = command.DatasetId }, transaction, cancellationToken: ct));
        await audit.WriteAsync(connection, transaction, user, new AuditEntry(cancel ? "dataset.cancelled" : "dataset.deleted", "dataset",
            command.DatasetId.ToString(System.Globalization.CultureInfo.InvariantCulture), dataset.project_id,
            new { dataset.name, previous_status = dataset.status }, dataset.tenant_id), ct);
        await transaction.CommitAsync(ct);

        // The generating worker notices at its next heartbeat that the dataset is no longer its own, and stops.
        await DatasetStorageKeys.DeleteFilesAsync(storage, [command.DatasetId], ct);
        return Unit.Value;
    }
}
