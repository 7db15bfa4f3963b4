using Dapper;
using static Tdmp.Tests.Features.Integrations.IntegrationKit;

namespace Tdmp.Tests.Features.Integrations;

/// <summary>Events through the outbox to a real receiver on loopback: signed, retried with backoff, logged, never lost.</summary>
[Collection(IntegrationsApiCollection.Name)]
public sealed class WebhookDeliveryTests(TdmpApi api)
{
    [Fact]
    public async Task Project_created_is_delivered_signed_with_event_and_delivery_headers()
    {
        var (tenant, _, client) = await AdminAsync(api);
        using var receiver = new WebhookReceiver();
        var id = await CreateWebhookAsync(client, receiver.Url, "project.created", "schema.uploaded");
        var projectId = await Workspace.CreateProjectAsync(client);

        var delivered = Assert.Single(await receiver.WaitForAsync(r => r.Headers.GetValueOrDefault("X-Tdmp-Event") == "project.created"));
        Assert.Equal("POST", delivered.Method);
        Assert.Equal(IntegrationsTests.WebhookSignature(delivered.Body), delivered.Headers["X-Tdmp-Signature"]);
        var body = delivered.Json;
        Assert.Equal("project.created", body.GetProperty("event").GetString());
        Assert.Equal(tenant.Id, body.GetProperty("tenant_id").GetInt64());
        Assert.Equal(projectId, body.GetProperty("data").GetProperty("project_id").GetInt64());
        Assert.Equal(delivered.Headers["X-Tdmp-Delivery"], body.GetProperty("delivery_id").GetString());
        Assert.EndsWith("Z", body.GetProperty("occurred_at").GetString());
        Assert.StartsWith("application/json", delivered.Headers["Content-Type"]);

        // The README's receiver check (openssl) accepts it, and refuses a body changed by one byte.
        Assert.Equal("genuine", await ReadmeSignatureCheckAsync(delivered.Body, delivered.Headers["X-Tdmp-Signature"]));
        Assert.Equal("forged", await ReadmeSignatureCheckAsync([.. delivered.Body, (byte)' '], delivered.Headers["X-Tdmp-Signature"]));

        var log = await WaitForDeliveryAsync(client, id, "delivered");
        Assert.Equal(body.GetProperty("delivery_id").GetString(), log.GetProperty("delivery_id").GetString());
        var attempt = Assert.Single(log.GetProperty("attempt_log").EnumerateArray());
        Assert.Equal(200, attempt.GetProperty("status_code").GetInt32());
    }

    [Fact]
    public async Task A_failed_delivery_is_retried_with_backoff_and_every_attempt_is_logged()
    {
        var (_, _, client) = await AdminAsync(api);
        using var receiver = new WebhookReceiver();
        receiver.AnswerNext(500, 503);
        var id = await CreateWebhookAsync(client, receiver.Url, "schema.uploaded");
        var schemaId = await Workspace.UploadSharedSchemaAsync(client, "order.schema.json");

        var log = await WaitForDeliveryAsync(client, id, "delivered");
        Assert.Equal(3, log.GetProperty("attempts").GetInt32());
        var attempts = log.GetProperty("attempt_log").EnumerateArray().ToList();
        Assert.Equal([500, 503, 200], attempts.Select(a => a.GetProperty("status_code").GetInt32()));
        Assert.Equal(["HTTP 500", "HTTP 503", null], attempts.Select(a => a.GetProperty("error").GetString()));
        Assert.All(attempts, a => Assert.True(a.GetProperty("latency_ms").GetInt32() >= 0));
        // Backoff: the second wait (1 s) is longer than the first (0.5 s in the tests). Read from the table, because the
        // API writes whole seconds and two attempts 0.5 s apart may show the same second.
        List<DateTime> times;
        await using (var db = api.OpenDb())
            times = [.. await db.QueryAsync<DateTime>(
                "SELECT attempted_at FROM webhook_delivery_attempts WHERE delivery_id = @id ORDER BY attempt",
                new { id = Guid.Parse(log.GetProperty("delivery_id").GetString()!) })];
        Assert.Equal(3, times.Count);
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(450), $"{times[0]:O} {times[1]:O}");
        Assert.True(times[2] - times[1] >= TimeSpan.FromMilliseconds(950), $"{times[1]:O} {times[2]:O}");

        var requests = receiver.Requests;
        Assert.Equal(3, requests.Count);
        Assert.Single(requests.Select(r => r.Headers["X-Tdmp-Delivery"]).Distinct());
        Assert.All(requests, r => Assert.Equal(schemaId, r.Json.GetProperty("data").GetProperty("schema_id").GetInt64()));
    }

    [Fact]
    public async Task Dataset_completed_reaches_a_webhook_subscribed_to_dataset_events_only()
    {
        var (_, _, client) = await AdminAsync(api);
        using var receiver = new WebhookReceiver();
        await CreateWebhookAsync(client, receiver.Url, "dataset.completed", "dataset.failed");
        var (projectId, schemaId) = await Workspace.ProjectWithSchemaAsync(client, "order.schema.json");
        var dataset = await Workspace.GenerateAsync(client, new { name = "hooked", project_id = projectId, schema_id = schemaId, record_count = 3 });

        var completed = Assert.Single(await receiver.WaitForAsync(r => r.Headers["X-Tdmp-Event"] == "dataset.completed"));
        var data = completed.Json.GetProperty("data");
        Assert.Equal(dataset.GetProperty("dataset_id").GetInt64(), data.GetProperty("dataset_id").GetInt64());
        Assert.Equal(dataset.GetProperty("files")[0].GetProperty("sha256").GetString(),
            data.GetProperty("files")[0].GetProperty("sha256").GetString());
        Assert.DoesNotContain(receiver.Requests, r => r.Headers["X-Tdmp-Event"] is "project.created" or "schema.uploaded");
    }

    [Fact]
    public async Task Events_in_the_outbox_before_a_restart_are_delivered_by_the_job()
    {
        var (tenant, _, client) = await AdminAsync(api);
        using var receiver = new WebhookReceiver();
        await CreateWebhookAsync(client, receiver.Url, "dataset.failed");
        // As a node leaves them when it dies right after committing: events not yet fanned out, and a delivery claimed
        // (its lease running) but never attempted. The job of this (restarted) node delivers both.
        await using (var db = api.OpenDb())
        {
            await db.ExecuteAsync("""
                INSERT INTO domain_events (tenant_id, event, data) VALUES
                (@tenant, 'dataset.failed', '{"dataset_id": 901, "error": "left behind 1"}'),
                (@tenant, 'dataset.failed', '{"dataset_id": 902, "error": "left behind 2"}')
                """, new { tenant = tenant.Id });
        }
        var received = await receiver.WaitForAsync(r => r.Headers["X-Tdmp-Event"] == "dataset.failed", count: 2);
        Assert.Equal([901L, 902L], received.Select(r => r.Json.GetProperty("data").GetProperty("dataset_id").GetInt64()).Order());

        long eventId;
        await using (var db = api.OpenDb())
        {
            eventId = await db.QuerySingleAsync<long>("""
                INSERT INTO domain_events (tenant_id, event, data, dispatched_at) VALUES (@tenant, 'dataset.failed', '{"dataset_id": 903}', now())
                RETURNING event_id
                """, new { tenant = tenant.Id });
            await db.ExecuteAsync("""
                INSERT INTO webhook_deliveries (event_id, integration_id, tenant_id, next_attempt_at)
                SELECT @eventId, integration_id, tenant_id, now() + interval '1 second' FROM integrations WHERE tenant_id = @tenant
                """, new { eventId, tenant = tenant.Id });
        }
        Assert.Single(await receiver.WaitForAsync(r => r.Json.GetProperty("data").GetProperty("dataset_id").GetInt64() == 903));
    }

    [Fact]
    public async Task A_webhook_that_keeps_failing_is_given_up_after_the_last_attempt()
    {
        var (_, _, client) = await AdminAsync(api);
        var deadPort = LocalServers.FreePort();
        var id = await CreateWebhookAsync(client, $"http://127.0.0.1:{deadPort}/hook", "project.created");
        await Workspace.CreateProjectAsync(client);
        // The tests allow four attempts, 0.5, 1 and 2 s apart (production: six, from 30 s on).
        var log = await WaitForDeliveryAsync(client, id, "failed", seconds: 30);
        Assert.Equal(4, log.GetProperty("attempts").GetInt32());
        Assert.All(log.GetProperty("attempt_log").EnumerateArray(), a => Assert.Equal("connection refused", a.GetProperty("error").GetString()));
        Assert.Equal(JsonValueKind.Null, log.GetProperty("next_attempt_at").ValueKind);
    }

    private static async Task<string> ReadmeSignatureCheckAsync(byte[] body, string signature)
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(Tdmp.Tests.Generation.Engine.ExternalValidators.RepoRoot, "README.md"));
        var script = readme.Split("<!-- webhook-signature:start -->")[1].Split("<!-- webhook-signature:end -->")[0].Replace("```bash", "")
            .Replace("```", "");
        var work = Directory.CreateTempSubdirectory("tdmp-signature-").FullName;
        await File.WriteAllBytesAsync(Path.Combine(work, "body.json"), body);
        var start = new System.Diagnostics.ProcessStartInfo("bash", ["-c", script]) { WorkingDirectory = work, RedirectStandardOutput = true };
        start.Environment["WEBHOOK_SECRET"] = WebhookSecret;
        start.Environment["SIGNATURE"] = signature;
        using var bash = System.Diagnostics.Process.Start(start)!;
        var output = await bash.StandardOutput.ReadToEndAsync();
        await bash.WaitForExitAsync();
        return output.Trim();
    }

    public static async Task<JsonElement> WaitForDeliveryAsync(HttpClient client, long integrationId, string status, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var deliveries = await (await client.GetAsync($"/integrations/{integrationId}/deliveries")).ExpectAsync(HttpStatusCode.OK);
            var match = deliveries.EnumerateArray().FirstOrDefault(d => d.GetProperty("status").GetString() == status);
            if (match.ValueKind != JsonValueKind.Undefined) return match;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No {status} delivery in {seconds} s: {deliveries}");
            await Task.Delay(200);
        }
    }
}
