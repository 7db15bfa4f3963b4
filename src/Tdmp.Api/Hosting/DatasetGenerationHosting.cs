using Quartz;
using Tdmp.Features.Common.Storage;
using Tdmp.Features.Datasets.Generation;
using Tdmp.Features.Retention;

namespace Tdmp.Api.Hosting;

/// <summary>Runs the dataset generators on this node: a Quartz job that claims work every few seconds (and whenever a
/// dataset is created), the hourly retention clean-up, and a clean stop that hands unfinished datasets back to the queue.</summary>
public static class DatasetGenerationHosting
{
    public static IServiceCollection AddDatasetGeneration(this IServiceCollection services, DatasetOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<DatasetWorker>();
        services.AddSingleton<IDatasetQueue, QuartzDatasetQueue>();
        services.AddQuartz(quartz =>
        {
            quartz.AddJob<DatasetPickupJob>(job => job.WithIdentity(DatasetPickupJob.Key).StoreDurably());
            quartz.AddTrigger(trigger => trigger
                .ForJob(DatasetPickupJob.Key)
                .StartNow()
                .WithSimpleSchedule(schedule => schedule.WithInterval(options.PollInterval).RepeatForever()));
            quartz.AddJob<RetentionJob>(job => job.WithIdentity(RetentionJob.Key).StoreDurably());
            quartz.AddTrigger(trigger => trigger
                .ForJob(RetentionJob.Key)
                .StartAt(DateTimeOffset.UtcNow.AddMinutes(1))
                .WithSimpleSchedule(schedule => schedule.WithInterval(options.RetentionInterval).RepeatForever()));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services.AddHostedService<DatasetWorkerLifecycle>();
        return services;
    }

    /// <summary>On start, clears staged files a crashed run left behind; on stop (after Quartz: hosted services stop in
    /// reverse order) waits for the running generations, which give their datasets back to the queue.</summary>
    private sealed class DatasetWorkerLifecycle(DatasetWorker worker, IFileStorage storage) : IHostedService
    {
        /// <summary>Long past any lease: a staged file this old belongs to no live run on any node.</summary>
        private static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(1);

        public Task StartAsync(CancellationToken cancellationToken)
        {
            storage.DeleteAbandonedStaging(AbandonedAfter);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => worker.DrainAsync().WaitAsync(cancellationToken);
    }
}
