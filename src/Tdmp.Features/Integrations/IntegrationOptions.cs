namespace Tdmp.Features.Integrations;

/// <summary>The <c>Integrations</c> configuration section.</summary>
public sealed class IntegrationOptions
{
    /// <summary>Lets webhooks and S3 endpoints reach loopback, private and link-local addresses (off: SSRF protection).</summary>
    public bool AllowPrivateTargets { get; set; }
    /// <summary>Time to open a connection to a webhook or S3 endpoint.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>Time a webhook receiver (or an S3 probe) has to answer.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>How often the webhook job looks for events and due deliveries, and the export job for queued exports.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>Delay before the first retry of a webhook delivery; doubled for each further one.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Attempts of one webhook delivery before it is given up (30 s, 1, 2, 4, 8 min between them by default).</summary>
    public int MaxAttempts { get; set; } = 6;
    /// <summary>Files from this size on are uploaded to S3 in parts.</summary>
    public long MultipartThresholdBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>The delay after attempt <paramref name="attempt"/> (1-based) failed: base × 2^(attempt-1), at most a day.</summary>
    public TimeSpan RetryDelay(int attempt)
        => TimeSpan.FromTicks(Math.Min(TimeSpan.FromDays(1).Ticks, RetryBaseDelay.Ticks * (1L << Math.Clamp(attempt - 1, 0, 30))));
}
