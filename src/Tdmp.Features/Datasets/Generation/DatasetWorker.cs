using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;
using Tdmp.Features.Common.Storage;

namespace Tdmp.Features.Datasets.Generation;

/// <summary>Wakes the generators of this node at once, e.g. right after a dataset was created.</summary>
public interface IDatasetQueue
{
    Task WakeAsync(CancellationToken ct);
}

/// <summary>The generations running on this node: at most <see cref="DatasetOptions.Concurrency"/>, each under a lease.</summary>
public sealed class DatasetWorker(
    IServiceScopeFactory scopes, DatasetOptions options, IHostApplicationLifetime lifetime, IDatasetQueue queue, ILogger<DatasetWorker> logger)
{
    /// <summary>Running generations by claim: a dataset re-claimed by this same node (cancelled and re-run within a
    /// heartbeat) runs under a new claim while the old run notices it lost its own and stops.</summary>
    private readonly ConcurrentDictionary<string, Task> running = new();

    /// <summary>Names this process; each claim adds the dataset and attempt to it in <c>datasets.lease_owner</c>.</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    public int FreeSlots => Math.Max(0, options.Concurrency - running.Count);

    /// <summary>Whether the one generation a node runs beyond <see cref="DatasetOptions.Concurrency"/> is free: it is kept for a
    /// tenant with nothing running, so a small job never waits behind another tenant's long ones. A node with Concurrency 0 (it only serves
    /// requests) keeps none.</summary>
    public bool ExtraSlotFree => options.Concurrency > 0 && running.Count == options.Concurrency;

    /// <summary>Stops this node's run of a dataset at once (cancelled or deleted here); runs on other nodes notice at their
    /// next heartbeat.</summary>
    public void Cancel(long datasetId)
    {
        foreach (var (_, run) in cancellations)
        {
            if (run.DatasetId != datasetId) continue;
            try
            {
                run.Source.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The run ended between the lookup and the cancel: a deleted dataset's run stops at once when it finds no row.
            }
        }
    }

    private readonly ConcurrentDictionary<string, (long DatasetId, CancellationTokenSource Source)> cancellations = new();

    /// <summary>Generates a dataset this node has just claimed, in the background.</summary>
    public void Start(DatasetClaim claim)
    {
        var cancel = new CancellationTokenSource();
        cancellations[claim.LeaseOwner] = (claim.DatasetId, cancel);
        running[claim.LeaseOwner] = Task.Run(async () =>
        {
            var residentBefore = ProcessMemory.Resident;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<IMediator>()
                    .Send(new GenerateDatasetCommand(claim.DatasetId, claim.LeaseOwner, cancel.Token), lifetime.ApplicationStopping);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Generation of dataset {DatasetId} stopped unexpectedly", claim.DatasetId);
            }
            finally
            {
                cancellations.TryRemove(claim.LeaseOwner, out _);
                cancel.Dispose();
                running.TryRemove(claim.LeaseOwner, out _);
                ProcessMemory.GiveBackAfter(residentBefore);
                // A slot is free: take the next queued dataset now rather than at the next poll.
                if (!lifetime.ApplicationStopping.IsCancellationRequested) await queue.WakeAsync(CancellationToken.None);
            }
        });
    }

    /// <summary>Waits for the running generations (they give their datasets back to the queue when the host stops).</summary>
    public Task DrainAsync() => Task.WhenAll(running.Values);
}

/// <summary>Claims queued datasets (and those whose worker died) for this node, as many as it has free slots.</summary>
[DisallowConcurrentExecution]
public sealed class DatasetPickupJob(
    NpgsqlDataSource db, DatasetWorker worker, DatasetOptions options, IFileStorage storage, StorageOptions storageOptions,
    ILogger<DatasetPickupJob> logger) : IJob
{
    public static readonly JobKey Key = new("dataset-pickup");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        if (worker.FreeSlots == 0 && !worker.ExtraSlotFree) return;
        // A node whose disk is below the floor takes no work: another node (or this one, once space is freed) will.
        var free = DiskSpace.FreeBytes(storage.LocalStagingPath);
        if (free < storageOptions.MinFreeBytes)
        {
            logger.LogWarning("Not claiming datasets: {Free} bytes free on the staging disk, below Storage:MinFreeBytes {Floor}", free,
                storageOptions.MinFreeBytes);
            return;
        }
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(DatasetClaims.GiveUpSql, new { max_attempts = DatasetClaims.MaxAttempts },
            cancellationToken: ct));
        // One at a time, so the fair order is computed again after each claim.
        while (worker.FreeSlots > 0 && await ClaimAsync(connection, idleTenantsOnly: false, ct)) { }
        if (worker.ExtraSlotFree) await ClaimAsync(connection, idleTenantsOnly: true, ct);
    }

    private async Task<bool> ClaimAsync(NpgsqlConnection connection, bool idleTenantsOnly, CancellationToken ct)
    {
        var claim = await connection.QuerySingleOrDefaultAsync<DatasetClaim>(new CommandDefinition(DatasetClaims.ClaimSql, new
        {
            owner = worker.Owner, lease = options.Lease, max_attempts = DatasetClaims.MaxAttempts, idle_tenants_only = idleTenantsOnly,
        }, cancellationToken: ct));
        if (claim is null) return false;
        worker.Start(claim);
        return true;
    }
}

public sealed class QuartzDatasetQueue(ISchedulerFactory schedulers) : IDatasetQueue
{
    public async Task WakeAsync(CancellationToken ct)
        => await (await schedulers.GetScheduler(ct)).TriggerJob(DatasetPickupJob.Key, new JobDataMap(), ct);
}
