using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

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

    /// <summary>Generates a dataset this node has just claimed, in the background.</summary>
    public void Start(DatasetClaim claim)
    {
        running[claim.LeaseOwner] = Task.Run(async () =>
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<IMediator>()
                    .Send(new GenerateDatasetCommand(claim.DatasetId, claim.LeaseOwner), lifetime.ApplicationStopping);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Generation of dataset {DatasetId} stopped unexpectedly", claim.DatasetId);
            }
            finally
            {
                running.TryRemove(claim.LeaseOwner, out _);
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
public sealed class DatasetPickupJob(NpgsqlDataSource db, DatasetWorker worker, DatasetOptions options) : IJob
{
    public static readonly JobKey Key = new("dataset-pickup");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var slots = worker.FreeSlots;
        if (slots == 0) return;
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(DatasetClaims.GiveUpSql, new { max_attempts = DatasetClaims.MaxAttempts }, cancellationToken: ct));
        var claimed = await connection.QueryAsync<DatasetClaim>(new CommandDefinition(DatasetClaims.ClaimSql,
            new { limit = slots, owner = worker.Owner, lease = options.Lease, max_attempts = DatasetClaims.MaxAttempts }, cancellationToken: ct));
        foreach (var claim in claimed) worker.Start(claim);
    }
}

public sealed class QuartzDatasetQueue(ISchedulerFactory schedulers) : IDatasetQueue
{
    public async Task WakeAsync(CancellationToken ct)
        => await (await schedulers.GetScheduler(ct)).TriggerJob(DatasetPickupJob.Key, new JobDataMap(), ct);
}
