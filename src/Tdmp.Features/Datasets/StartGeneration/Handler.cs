using Tdmp.Features.Datasets.Generation;

namespace Tdmp.Features.Datasets.StartGeneration;

public sealed record StartGenerationCommand(long DatasetId) : ICommand<GenerationStarted>;

public sealed class StartGenerationHandler(NpgsqlDataSource db, ICurrentUser user, AuditTrail audit, IDatasetQueue queue)
    : ICommandHandler<StartGenerationCommand, GenerationStarted>
{
    private const string FindSql = """
        SELECT d.project_id, d.status, d.tenant_id FROM datasets d
        WHERE d.dataset_id = @dataset_id AND (d.tenant_id = @tenant_id OR @superuser)
        FOR UPDATE
        """;

    private const string RequeueSql = """
        UPDATE datasets SET status = 'queued', progress = 0, records_generated = 0, error = NULL, completed_at = NULL, attempts = 0
        WHERE dataset_id = @dataset_id
        """;

    public async ValueTask<GenerationStarted> Handle(StartGenerationCommand command, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var dataset = await connection.QuerySingleOrDefaultAsync<(long project_id, string status, long tenant_id)?>(new CommandDefinition(FindSql,
            new { dataset_id = command.DatasetId, tenant_id = user.TenantId, superuser = user.Role == TenantRole.Superuser },
            transaction, cancellationToken: ct)) ?? throw new NotFoundException("Dataset not found");
        await ProjectAccess.RequireEditAsync(connection, transaction, user, dataset.project_id, ct);

        switch (dataset.status)
        {
            case DatasetStatus.Queued:
                break;
            case DatasetStatus.Failed or DatasetStatus.Cancelled:
                await connection.ExecuteAsync(new CommandDefinition(RequeueSql, new { dataset_id = command.DatasetId }, transaction, cancellationToken: ct));
                await audit.WriteAsync(connection, transaction, user, new AuditEntry("dataset.requeued", "dataset",
                    command.DatasetId.ToString(System.Globalization.CultureInfo.InvariantCulture), dataset.project_id,
                    new { previous_status = dataset.status }, dataset.tenant_id), ct);
                break;
            default:
                throw new RuleViolationException("dataset_id",
                    $"The dataset is {dataset.status}; only queued, failed or cancelled datasets can be started.");
        }
        await transaction.CommitAsync(ct);
        await queue.WakeAsync(ct);
        return new GenerationStarted(command.DatasetId, DatasetStatus.Queued);
    }
}
