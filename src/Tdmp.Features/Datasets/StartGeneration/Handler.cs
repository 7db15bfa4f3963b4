using Tdmp.Features.Datasets.Generation;

namespace Tdmp.Features.Datasets.StartGeneration;

public sealed class StartGenerationHandler(UnitOfWork work, ICurrentUser caller, AuditTrail audit, IDatasetQueue queue, DatasetReadCache readCache)
    : ICommandHandler<StartGenerationRequest, GenerationStarted>
{
    private const string RequeueSql = """
        UPDATE datasets SET status = 'queued', progress = 0, records_generated = 0, error = NULL, completed_at = NULL, attempts = 0
        WHERE dataset_id = @dataset_id
        """;

    public async ValueTask<GenerationStarted> Handle(StartGenerationRequest command, CancellationToken ct)
    {
        var (connection, transaction) = await work.BeginAsync(ct);
        var dataset = await DatasetLock.AcquireAsync(connection, transaction, caller, command.DatasetId, ct);
        if (!dataset.Grant.CanEdit) throw new ForbiddenException("Starting generation needs the edit role in the project.");

        switch (dataset.Status)
        {
            case DatasetStatus.Queued:
                break;
            case DatasetStatus.Failed or DatasetStatus.Cancelled:
                await connection.ExecuteAsync(new CommandDefinition(RequeueSql, new { dataset_id = command.DatasetId }, transaction,
                    cancellationToken: ct));
                audit.Record(new AuditEntry("dataset.requeued", "dataset",
                    command.DatasetId.ToString(System.Globalization.CultureInfo.InvariantCulture), dataset.ProjectId,
                    new { previous_status = dataset.Status }, dataset.TenantId));
                break;
            default:
                throw new RuleViolationException("dataset_id",
                    $"The dataset is {dataset.Status}; only queued, failed or cancelled datasets can be started.");
        }
        work.AfterCommit(async ct =>
        {
            readCache.Evict(command.DatasetId);
            await queue.WakeAsync(ct);
        });
        return new GenerationStarted(command.DatasetId, DatasetStatus.Queued);
    }
}
