using System.Diagnostics;
using System.Text.Json;
using Amazon.S3.Model;
using Tdmp.Features.Integrations.Outbound;
using Tdmp.Features.Integrations.S3;
using Tdmp.Features.Integrations.Webhooks;

namespace Tdmp.Features.Integrations.TestIntegration;

public sealed class TestIntegrationHandler(NpgsqlDataSource db, ICurrentUser caller, IntegrationSecrets secrets, OutboundHttp http,
    WebhookSender webhooks, IntegrationOptions options, TimeProvider clock) : ICommandHandler<TestIntegrationRequest, IntegrationTestResult>
{
    public async ValueTask<IntegrationTestResult> Handle(TestIntegrationRequest command, CancellationToken ct)
    {
        IntegrationRecord integration;
        await using (var connection = await db.OpenConnectionAsync(ct))
            integration = await IntegrationRecord.RequireAsync(connection, null, caller, command.IntegrationId, ct);
        return integration.Provider == IntegrationProviders.S3 ? await ProbeBucketAsync(integration, ct) : await PingAsync(integration, ct);
    }

    /// <summary>A signed <c>ping</c> event, as every delivery is signed; not written to the delivery log.</summary>
    private async Task<IntegrationTestResult> PingAsync(IntegrationRecord integration, CancellationToken ct)
    {
        var url = integration.Plain()["url"].GetString()!;
        var secret = secrets.Unprotect(integration.ProtectedSecrets)["secret"];
        var body = new WebhookBody("ping", Guid.NewGuid(), clock.GetUtcNow().UtcDateTime, integration.TenantId,
            JsonSerializer.SerializeToElement(new { integration_id = integration.IntegrationId, name = integration.Name }, StoredJson.Records));
        var attempt = await webhooks.SendAsync(url, secret, body, ct);
        return new IntegrationTestResult(attempt.Ok, attempt.Ok ? $"HTTP {attempt.StatusCode}: the receiver accepted a signed ping" : attempt.Error!,
            attempt.LatencyMs);
    }

    /// <summary>Writes a small probe object under the prefix and removes it again: proves the bucket exists and takes writes.</summary>
    private async Task<IntegrationTestResult> ProbeBucketAsync(IntegrationRecord integration, CancellationToken ct)
    {
        var target = S3Target.From(integration, secrets);
        var key = ExportPrefixes.Join(target.Prefix, $".tdmp-probe-{Guid.NewGuid():N}");
        var watch = Stopwatch.StartNew();
        using var client = target.CreateClient(http, options.RequestTimeout, retries: 0);
        try
        {
            await client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = target.Bucket, Key = key, ContentBody = "TDMP connection test; safe to delete.", UseChunkEncoding = false,
            }, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            return new IntegrationTestResult(false, S3Target.Describe(e), (int)watch.ElapsedMilliseconds);
        }
        var latency = (int)watch.ElapsedMilliseconds;
        try
        {
            await client.DeleteObjectAsync(target.Bucket, key, ct);
            return new IntegrationTestResult(true, $"wrote and removed a probe object in bucket {target.Bucket}", latency);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            return new IntegrationTestResult(true, $"wrote a probe object to {target.Bucket}/{key} but could not remove it: {S3Target.Describe(e)}",
                latency);
        }
    }
}
