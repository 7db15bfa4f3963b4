using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tdmp.Features.Common.Storage;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Schema;
using Tdmp.Generation.Writers;

namespace Tdmp.Features.Datasets.Generation;

/// <summary>Generates one dataset this node has claimed: runs the engine into storage under a renewed lease and
/// publishes the files with their sizes and hashes, or records why it failed.</summary>
public sealed record GenerateDatasetCommand(long DatasetId, string LeaseOwner, CancellationToken Cancelled = default) : ICommand;

public sealed class GenerateDatasetHandler(
    NpgsqlDataSource db, IFileStorage storage, DatasetOptions options, StorageOptions storageOptions, Notifier notifier,
    ILogger<GenerateDatasetHandler> logger, SchemaReadLimits readLimits)
    : ICommandHandler<GenerateDatasetCommand>
{
    private const string DatasetSql = """
        SELECT d.tenant_id AS TenantId, d.project_id AS ProjectId, d.name AS Name, d.record_count AS RecordCount, d.types AS Types,
               d.params::text AS ParamsJson, d.seed AS Seed, d.constraint_set_id AS ConstraintSetId,
               d.constraint_set_version AS ConstraintSetVersion, d.created_by AS CreatedBy, d.schema_id AS SchemaId,
               s.repr::text AS ReprJson
        FROM datasets d
        JOIN schemas s ON s.schema_id = d.schema_id
        WHERE d.dataset_id = @dataset_id AND d.lease_owner = @owner AND d.status = 'running'
        """;

    private const string InsertFileSql = """
        INSERT INTO dataset_files (dataset_id, format, file_index, part, file_name, storage_key, record_count, size_bytes, sha256)
        VALUES (@dataset_id, @format, @file_index, @part, @file_name, @storage_key, @record_count, @size_bytes, @sha256)
        """;

    private sealed class Dataset
    {
        public long TenantId { get; init; }
        public long ProjectId { get; init; }
        public string Name { get; init; } = "";
        public long RecordCount { get; init; }
        public string[] Types { get; init; } = [];
        public string ParamsJson { get; init; } = "{}";
        public long Seed { get; init; }
        public long? ConstraintSetId { get; init; }
        public int? ConstraintSetVersion { get; init; }
        public long? CreatedBy { get; init; }
        public long SchemaId { get; init; }
        public string ReprJson { get; init; } = "";
    }

    public async ValueTask<Unit> Handle(GenerateDatasetCommand command, CancellationToken stopping)
    {
        await using var connection = await db.OpenConnectionAsync(stopping);
        var dataset = await connection.QuerySingleOrDefaultAsync<Dataset>(new CommandDefinition(DatasetSql,
            new { dataset_id = command.DatasetId, owner = command.LeaseOwner }, cancellationToken: stopping));
        if (dataset is null) return Unit.Value; // cancelled or deleted between claim and start

        // Lost when the heartbeat finds the dataset is no longer ours, or at once when it is cancelled on this node.
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(stopping, command.Cancelled);
        var limits = await TenantLimits.LoadAsync(connection, null, dataset.TenantId, stopping);
        // The run may write what is left of the tenant's storage, and never more than one dataset's limit.
        var room = limits.MaxStoredBytes - await TenantLimits.StoredAndReservedBytesAsync(connection, null, dataset.TenantId, command.DatasetId,
            stopping);
        var budget = new WriteBudget(Math.Max(0, Math.Min(limits.MaxDatasetBytes, room)), limits.MaxFilesPerDataset,
            limits.MaxDatasetBytes <= room ? "max_dataset_bytes" : "max_stored_bytes", storage.LocalStagingPath, storageOptions.MinFreeBytes);
        var sink = new StagingSink(storage, command.DatasetId, budget);
        var generated = 0L;
        var heartbeat = HeartbeatAsync(command, dataset.RecordCount, () => Interlocked.Read(ref generated), lost);
        try
        {
            var parameters = Params(dataset);
            var repr = await SchemaReprs.ForRootAsync(connection, dataset.SchemaId, SchemaReprs.Deserialize(dataset.ReprJson),
                parameters.RootPath, readLimits, stopping);
            var plan = DatasetRecipe.Plan(repr,
                dataset.ConstraintSetId is { } setId
                    ? await ConstraintRules.LoadAsync(connection, dataset.TenantId, setId, dataset.ConstraintSetVersion!.Value, stopping)
                    : [],
                parameters, limits.Values);
            var progress = new Progress<long>(n => Interlocked.Exchange(ref generated, n));
            // CPU-bound: off the request threads, on as many cores as configured.
            var result = await Task.Run(() => DatasetGenerator.Generate(plan, DatasetRecipe.Options(dataset.Seed, dataset.RecordCount,
                dataset.Types, parameters, options.MaxDegreeOfParallelism, limits.MaxRecordBytes), sink, progress, lost.Token), lost.Token);
            await sink.CommitAllAsync(stopping);
            await PublishAsync(connection, command, dataset, result, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The node is shutting down: hand the dataset back so this or another node finishes it.
            await connection.ExecuteAsync(new CommandDefinition(DatasetClaims.ReleaseSql,
                new { dataset_id = command.DatasetId, owner = command.LeaseOwner }));
        }
        catch (OperationCanceledException)
        {
            // The lease was lost: the dataset was cancelled, deleted or taken over. Its new owner decides what happens.
        }
        catch (Exception e) when (e is UnsatisfiableSchemaException or ArgumentException or ValueLimitException or RecordTooLargeException
            or WriteBudgetException)
        {
            // Nothing of this run is published: its staged files go before the failure is recorded.
            await sink.DisposeAsync();
            await FailAsync(connection, command, dataset, e.Message, stopping);
        }
        catch (Exception e)
        {
            await sink.DisposeAsync();
            var trace = Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");
            logger.LogError(e, "Generating dataset {DatasetId} failed, trace_id {TraceId}", command.DatasetId, trace);
            await FailAsync(connection, command, dataset,
                $"Generation failed unexpectedly (trace_id {trace}). Start it again with GET /datasets/generate/{command.DatasetId}; "
                    + "report the trace_id if it fails again.",
                stopping);
        }
        finally
        {
            await lost.CancelAsync();
            await heartbeat;
            await sink.DisposeAsync();
        }
        return Unit.Value;
    }

    /// <summary>Every <see cref="DatasetOptions.Heartbeat"/>: writes progress and renews the lease; cancels the run when the lease is gone.</summary>
    private async Task HeartbeatAsync(GenerateDatasetCommand command, long total, Func<long> generated, CancellationTokenSource lost)
    {
        using var timer = new PeriodicTimer(options.Heartbeat);
        try
        {
            while (await timer.WaitForNextTickAsync(lost.Token))
            {
                try
                {
                    await using var connection = await db.OpenConnectionAsync(lost.Token);
                    var done = Math.Min(generated(), total);
                    var held = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(DatasetClaims.HeartbeatSql, new
                    {
                        dataset_id = command.DatasetId, owner = command.LeaseOwner, lease = options.Lease,
                        progress = Math.Min(0.999, (double)done / total), records_generated = done,
                    }, cancellationToken: lost.Token));
                    if (held is null) await lost.CancelAsync();
                }
                catch (NpgsqlException e)
                {
                    // A database blip: try again next tick. If it lasts longer than the lease, another node takes over.
                    logger.LogWarning(e, "Heartbeat of dataset {DatasetId} failed", command.DatasetId);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended (or lost its lease): nothing more to report.
        }
    }

    private async Task PublishAsync(NpgsqlConnection connection, GenerateDatasetCommand command, Dataset dataset, GenerationResult result,
        CancellationToken ct)
    {
        // Not the command's unit of work: a generation runs for minutes, so it writes in short transactions of its own
        // (this one at the end of the run), never in one held around the run.
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var owned = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(DatasetClaims.CompleteSql,
            new { dataset_id = command.DatasetId, owner = command.LeaseOwner }, transaction, cancellationToken: ct));
        if (owned is null)
        {
            // Cancelled or deleted in the last moment: nothing lists these files, so they go now.
            await transaction.RollbackAsync(ct);
            await DatasetStorageKeys.DeleteFilesAsync(storage, [command.DatasetId], ct);
            return;
        }
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM dataset_files WHERE dataset_id = @dataset_id",
            new { dataset_id = command.DatasetId }, transaction, cancellationToken: ct));
        foreach (var file in result.Files)
            await connection.ExecuteAsync(new CommandDefinition(InsertFileSql, new
            {
                dataset_id = command.DatasetId,
                format = FormatName(file.Format),
                file_index = file.FileIndex,
                part = file.Part,
                file_name = file.Name,
                storage_key = DatasetStorageKeys.File(command.DatasetId, file.Name),
                record_count = file.RecordCount,
                size_bytes = file.SizeBytes,
                sha256 = file.Sha256,
            }, transaction, cancellationToken: ct));
        await DomainEvents.RaiseAsync(connection, transaction, dataset.TenantId, EventNames.DatasetCompleted, new
        {
            dataset_id = command.DatasetId, project_id = dataset.ProjectId, name = dataset.Name, status = DatasetStatus.Completed,
            record_count = dataset.RecordCount, types = dataset.Types, file_count = result.Files.Count,
            // A webhook body stays small: a split dataset lists its first files here and all of them at GET /datasets/{id}.
            files = result.Files.Take(100).Select(f => new { format = FormatName(f.Format), file_index = f.FileIndex, file_name = f.Name,
                f.RecordCount, f.SizeBytes, f.Sha256 }),
        }, ct);
        if (dataset.CreatedBy is { } creator)
            await notifier.NotifyAsync(connection, transaction, new Notification(creator, EventNames.DatasetCompleted,
                $"Dataset '{dataset.Name}' is ready", $"{dataset.RecordCount:N0} records in {result.Files.Count} file(s).", dataset.ProjectId), ct);
        await transaction.CommitAsync(ct);
    }

    private async Task FailAsync(NpgsqlConnection connection, GenerateDatasetCommand command, Dataset dataset, string error, CancellationToken ct)
    {
        // Not the command's unit of work: a generation runs for minutes, so it writes in short transactions of its own
        // (this one at the end of the run), never in one held around the run.
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var owned = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(DatasetClaims.FailSql,
            new { dataset_id = command.DatasetId, owner = command.LeaseOwner, error }, transaction, cancellationToken: ct));
        if (owned is not null)
            await DomainEvents.RaiseAsync(connection, transaction, dataset.TenantId, EventNames.DatasetFailed, new
            {
                dataset_id = command.DatasetId, project_id = dataset.ProjectId, name = dataset.Name, status = DatasetStatus.Failed, error,
            }, ct);
        if (owned is not null && dataset.CreatedBy is { } creator)
            await notifier.NotifyAsync(connection, transaction, new Notification(creator, EventNames.DatasetFailed,
                $"Dataset '{dataset.Name}' failed", error, dataset.ProjectId), ct);
        await transaction.CommitAsync(ct);
    }

    private static DatasetParams Params(Dataset dataset)
        => JsonSerializer.Deserialize<DatasetParams>(dataset.ParamsJson, StoredJson.Documents) ?? new DatasetParams();

    public static string FormatName(OutputFormat format) => OutputFormats.Of(format).Name;

    /// <summary>Stages each file the engine writes; all are committed only after the whole run succeeded.</summary>
    private sealed class StagingSink(IFileStorage storage, long datasetId, WriteBudget budget) : IOutputSink, IAsyncDisposable
    {
        private readonly List<IStagedFile> staged = [];

        public Stream Open(OutputFileInfo file)
        {
            budget.OpenFile();
            var stagedFile = storage.Stage(DatasetStorageKeys.File(datasetId, file.SuggestedName));
            lock (staged) staged.Add(stagedFile);
            return new BudgetedStream(stagedFile.Stream, budget);
        }

        public async Task CommitAllAsync(CancellationToken ct)
        {
            foreach (var file in staged) await file.CommitAsync(ct);
        }

        /// <summary>Removes what was staged and not committed; safe to call again.</summary>
        public async ValueTask DisposeAsync()
        {
            IStagedFile[] files;
            lock (staged)
            {
                files = [.. staged];
                staged.Clear();
            }
            foreach (var file in files) await file.DisposeAsync();
        }
    }
}
