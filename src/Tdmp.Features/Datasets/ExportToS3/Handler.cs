using System.Globalization;
using Quartz;
using Tdmp.Features.Integrations;
using Tdmp.Features.Integrations.Exports;
using Tdmp.Features.Integrations.S3;

namespace Tdmp.Features.Datasets.ExportToS3;

public sealed class ExportToS3Handler(UnitOfWork work, ICurrentUser caller, AuditTrail audit, IntegrationSecrets secrets,
    ISchedulerFactory schedulers, DatasetReadCache readCache)
    : ICommandHandler<ExportToS3Request, DatasetExport>
{
    private const string DatasetSql = """
        SELECT d.project_id, d.tenant_id, d.status, d.types
        FROM datasets d
        JOIN projects p ON p.project_id = d.project_id
        WHERE d.dataset_id = @dataset_id AND
        """ + ProjectAccess.VisibleToCallerSql;

    private const string IntegrationSql = "SELECT " + IntegrationRecord.Columns + """
         FROM integrations i
        WHERE i.integration_id = @integration_id AND i.tenant_id = @tenant_id AND i.provider = 's3'
        """;

    private const string InsertSql = """
        INSERT INTO dataset_exports (dataset_id, integration_id, tenant_id, prefix, types, requested_by)
        VALUES (@dataset_id, @integration_id, @tenant_id, @prefix, @types, @requested_by)
        RETURNING
        """ + " " + DatasetExport.Columns;

    private sealed class DatasetRow
    {
        public long project_id { get; init; }
        public long tenant_id { get; init; }
        public string status { get; init; } = "";
        public string[] types { get; init; } = [];
    }

    public async ValueTask<DatasetExport> Handle(ExportToS3Request command, CancellationToken ct)
    {
        var (connection, transaction) = await work.BeginAsync(ct);
        var parameters = CallerScope.Parameters(caller);
        parameters.Add("dataset_id", command.DatasetId);
        var dataset = await connection.QuerySingleOrDefaultAsync<DatasetRow>(
            new CommandDefinition(DatasetSql, parameters, transaction, cancellationToken: ct))
            ?? throw new NotFoundException("Dataset not found");
        await ProjectAccess.RequireEditAsync(connection, transaction, caller, dataset.project_id, ct);
        if (dataset.status != DatasetStatus.Completed)
            throw new RuleViolationException("dataset_id",
                $"The dataset is {dataset.status}, not completed; only a completed dataset's files can be exported.");

        var integration = await connection.QuerySingleOrDefaultAsync<IntegrationRecord>(new CommandDefinition(IntegrationSql,
            new { integration_id = command.IntegrationId, tenant_id = dataset.tenant_id }, transaction, cancellationToken: ct))
            ?? throw new RuleViolationException("integration_id",
                "No S3 integration with this id in the dataset's tenant (see GET /integrations?provider=s3).");
        var types = command.Types?.Distinct().ToArray() ?? dataset.types;
        if (types.Except(dataset.types).ToList() is { Count: > 0 } missing)
            throw new RuleViolationException("types",
                $"The dataset was not generated as {string.Join(", ", missing)}; it has {string.Join(", ", dataset.types)}.");
        var prefix = (command.Prefix ?? S3Target.From(integration, secrets).Prefix ?? "").Trim('/');

        var export = await connection.QuerySingleAsync<DatasetExport>(new CommandDefinition(InsertSql, new
        {
            dataset_id = command.DatasetId, integration_id = integration.IntegrationId, tenant_id = dataset.tenant_id,
            prefix, types, requested_by = caller.UserId,
        }, transaction, cancellationToken: ct));
        audit.Record(new AuditEntry("dataset.exported", "dataset",
            command.DatasetId.ToString(CultureInfo.InvariantCulture), dataset.project_id,
            new { export.ExportId, export.IntegrationId, integration_name = integration.Name, prefix, types }, TenantId: dataset.tenant_id));
        work.AfterCommit(async ct =>
        {
            readCache.Evict(command.DatasetId); // the dataset lists its exports
            await (await schedulers.GetScheduler(ct)).TriggerJob(DatasetExportJob.Key, ct);
        });
        return export;
    }
}
