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
    private readonly ConcurrentDictionary<long, Task> running = new();

    /// <summary>Names this process in <c>datasets.lease_owner</c>.</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    public int FreeSlots => Math.Max(0, options.Concurrency - running.Count);

    /// <summary>Generates a dataset this node has just claimed, in the background.</summary>
    public void Start(long datasetId)
    {
        running[datasetId] = Task.Run(async () =>
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<IMediator>()
                    .Send(new GenerateDatasetCommand(datasetId, Owner), lifetime.ApplicationStopping);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Generation of dataset {DatasetId} stopped unexpectedly", datasetId);
            }
            finally
            {
                running.TryRemove(datasetId, out _);
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
        var claimed = await connection.QueryAsync<long>(new CommandDefinition(DatasetClaims.ClaimSql,
            new { limit = slots, owner = worker.Owner, lease = options.Lease, max_attempts = DatasetClaims.MaxAttempts }, cancellationToken: ct));
        foreach (var id in claimed) worker.Start(id);
    }
}

public sealed class QuartzDatasetQueue(ISchedulerFactory schedulers) : IDatasetQueue
{
    public async Task WakeAsync(CancellationToken ct)
        => await (await schedulers.GetScheduler(ct)).TriggerJob(DatasetPickupJob.Key, new JobDataMap(), ct);
}
