using Quartz;
using Tdmp.Features.Common;
using Tdmp.Features.Common.Mail;
using Tdmp.Features.Integrations;
using Tdmp.Features.Integrations.Exports;
using Tdmp.Features.Integrations.Mail;
using Tdmp.Features.Integrations.Outbound;
using Tdmp.Features.Integrations.Webhooks;

namespace Tdmp.Api.Hosting;

/// <summary>Integrations on this node: the guarded outbound HTTP client, encrypted integration secrets, the mail outbox, and
/// the Quartz jobs that deliver webhooks, run S3 exports and send mail (each claims its rows, so every node may run them).</summary>
public static class IntegrationsHosting
{
    public static IServiceCollection AddIntegrations(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Integrations").Get<IntegrationOptions>() ?? new IntegrationOptions();
        var mail = configuration.GetSection("Mail").Get<MailOptions>() ?? new MailOptions();
        services.AddSingleton(options);
        services.AddSingleton(mail);
        services.AddSingleton<IntegrationSecrets>();
        services.AddSingleton<OutboundHttp>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<MailOutbox>();
        // Queues notification mails in the outbox; with no Mail__Host configured it queues nothing.
        services.AddSingleton<INotificationMailer, OutboxNotificationMailer>();
        services.AddQuartz(quartz =>
        {
            Every<WebhookDeliveryJob>(quartz, WebhookDeliveryJob.Key, options.PollInterval);
            Every<DatasetExportJob>(quartz, DatasetExportJob.Key, options.PollInterval);
            Every<MailDeliveryJob>(quartz, MailDeliveryJob.Key, mail.PollInterval);
        });
        return services;
    }

    private static void Every<TJob>(IQuartzBuilder quartz, JobKey key, TimeSpan interval) where TJob : IJob
    {
        quartz.AddJob<TJob>(job => job.WithIdentity(key).StoreDurably());
        quartz.AddTrigger(trigger => trigger
            .ForJob(key)
            .StartAt(DateTimeOffset.UtcNow.AddSeconds(1))
            .WithSimpleSchedule(schedule => schedule.WithInterval(interval).RepeatForever()));
    }
}
