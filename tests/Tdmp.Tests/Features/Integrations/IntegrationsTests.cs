using Dapper;
using static Tdmp.Tests.Features.Integrations.IntegrationKit;

namespace Tdmp.Tests.Features.Integrations;

/// <summary>Managing integrations: providers, CRUD, secrets kept encrypted and masked, and the connection test against real targets.</summary>
[Collection(IntegrationsApiCollection.Name)]
public sealed class IntegrationsTests(TdmpApi api)
{
    [Fact]
    public async Task Providers_list_s3_and_webhook_with_their_fields()
    {
        var (_, _, client) = await AdminAsync(api);
        var providers = await (await client.GetAsync("/integrations/providers")).ExpectAsync(HttpStatusCode.OK);
        var s3 = providers.EnumerateArray().Single(p => p.GetProperty("provider").GetString() == "s3");
        var fields = s3.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        Assert.Equal(["bucket", "region", "endpoint_url", "force_path_style", "access_key_id", "secret_access_key", "prefix"], fields.Keys);
        Assert.True(fields["secret_access_key"].GetProperty("secret").GetBoolean());
        Assert.True(fields["bucket"].GetProperty("required").GetBoolean());
        Assert.Equal("boolean", fields["force_path_style"].GetProperty("type").GetString());
        var webhook = providers.EnumerateArray().Single(p => p.GetProperty("provider").GetString() == "webhook");
        Assert.Equal(["url", "secret", "events"], webhook.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Secrets_are_masked_encrypted_at_rest_and_kept_by_a_put_of_the_mask()
    {
        var (tenant, _, client) = await AdminAsync(api);
        const string secret = "super-secret-access-key-0123456789";
        var created = await (await client.PostAsJsonAsync("/integrations", new
        {
            name = "exports", provider = "s3", config = S3Config("bucket-one", secret: secret),
        })).ExpectAsync(HttpStatusCode.Created);
        var id = created.GetProperty("integration_id").GetInt64();
        Assert.Equal("***", created.GetProperty("config").GetProperty("secret_access_key").GetString());
        Assert.Equal("bucket-one", created.GetProperty("config").GetProperty("bucket").GetString());
        Assert.DoesNotContain(secret, created.ToString());

        await using (var db = api.OpenDb())
        {
            var row = await db.QuerySingleAsync<string>("SELECT to_jsonb(i)::text FROM integrations i WHERE integration_id = @id", new { id });
            Assert.DoesNotContain(secret, row);
            var audit = await db.QuerySingleAsync<string>("SELECT string_agg(details::text, ' ') FROM audit_log WHERE tenant_id = @id",
                new { id = tenant.Id });
            Assert.DoesNotContain(secret, audit);
        }

        // A client sends back what it read, with a changed bucket: the secret stays.
        var config = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(created.GetProperty("config").GetRawText())!;
        config["bucket"] = JsonSerializer.SerializeToElement("bucket-two");
        var updated = await (await client.PutAsJsonAsync($"/integrations/{id}", new { name = "exports renamed", config }))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("bucket-two", updated.GetProperty("config").GetProperty("bucket").GetString());
        Assert.Equal("exports renamed", updated.GetProperty("name").GetString());
        Assert.Equal(secret, StoredSecrets(id)["secret_access_key"]);

        // A new secret replaces it.
        config["secret_access_key"] = JsonSerializer.SerializeToElement("another-secret-key");
        await (await client.PutAsJsonAsync($"/integrations/{id}", new { config })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("another-secret-key", StoredSecrets(id)["secret_access_key"]);

        var listed = await (await client.GetAsync("/integrations")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("***", listed.EnumerateArray().Single().GetProperty("config").GetProperty("secret_access_key").GetString());
        Assert.Equal("***", (await (await client.GetAsync($"/integrations/{id}")).ExpectAsync(HttpStatusCode.OK))
            .GetProperty("config").GetProperty("secret_access_key").GetString());
    }

    [Fact]
    public async Task Integrations_and_deliveries_sort_by_a_named_field_and_an_unknown_field_is_422()
    {
        var (_, _, client) = await AdminAsync(api);
        var ids = new List<long>();
        foreach (var name in new[] { "beta", "alpha", "gamma" })
            ids.Add((await (await client.PostAsJsonAsync("/integrations", new
            {
                name, provider = "webhook", config = new { url = "https://hooks.example.com/" + name, secret = WebhookSecret },
                events = new[] { "project.created" },
            })).ExpectAsync(HttpStatusCode.Created)).GetProperty("integration_id").GetInt64());
        string[] Names(JsonElement list) => list.EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToArray();
        Assert.Equal(["alpha", "beta", "gamma"], Names(await (await client.GetAsync("/integrations")).ExpectAsync(HttpStatusCode.OK)));
        Assert.Equal(["gamma", "beta", "alpha"], Names(await (await client.GetAsync("/integrations?sort=-name")).ExpectAsync(HttpStatusCode.OK)));
        Assert.Equal(["gamma", "alpha", "beta"],
            Names(await (await client.GetAsync("/integrations?sort=-integration_id")).ExpectAsync(HttpStatusCode.OK)));
        var problem = await (await client.GetAsync("/integrations?sort=colour")).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("'provider'", problem.GetProperty("errors").GetProperty("sort")[0].GetString());

        await (await client.GetAsync($"/integrations/{ids[0]}/deliveries?sort=-occurred_at")).ExpectAsync(HttpStatusCode.OK);
        problem = await (await client.GetAsync($"/integrations/{ids[0]}/deliveries?sort=colour"))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("'attempts'", problem.GetProperty("errors").GetProperty("sort")[0].GetString());
    }

    private Dictionary<string, string> StoredSecrets(long id)
    {
        using var db = api.OpenDb();
        var stored = db.QuerySingle<string>("SELECT protected_secrets FROM integrations WHERE integration_id = @id", new { id });
        return api.Service<Tdmp.Features.Integrations.IntegrationSecrets>().Unprotect(stored);
    }

    [Fact]
    public async Task Create_list_update_delete_and_other_tenants_see_nothing()
    {
        var (_, _, client) = await AdminAsync(api);
        var (_, _, stranger) = await AdminAsync(api);
        var response = await client.PostAsJsonAsync("/integrations", new
        {
            name = "hook", provider = "webhook", config = new { url = "https://hooks.example.com/tdmp", secret = WebhookSecret },
            events = new[] { "project.created" },
        });
        var created = await response.ExpectAsync(HttpStatusCode.Created);
        var id = created.GetProperty("integration_id").GetInt64();
        Assert.Equal($"/integrations/{id}", response.Headers.Location?.ToString());
        Assert.Equal(["project.created"], created.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("***", created.GetProperty("config").GetProperty("secret").GetString());

        var list = await client.GetAsync("/integrations?provider=webhook");
        Assert.Equal("1", list.Headers.GetValues("X-Total-Count").Single());
        Assert.Empty((await (await stranger.GetAsync("/integrations")).ExpectAsync(HttpStatusCode.OK)).EnumerateArray());
        await (await stranger.GetAsync($"/integrations/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.PutAsJsonAsync($"/integrations/{id}", new { name = "x" })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.DeleteAsync($"/integrations/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.PostAsync($"/integrations/{id}/test", null)).ExpectProblemAsync(HttpStatusCode.NotFound);

        var updated = await (await client.PutAsJsonAsync($"/integrations/{id}", new { events = new[] { "dataset.completed", "dataset.failed" } }))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["dataset.completed", "dataset.failed"], updated.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("https://hooks.example.com/tdmp", updated.GetProperty("config").GetProperty("url").GetString());

        await (await client.DeleteAsync($"/integrations/{id}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await client.GetAsync($"/integrations/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);

        await using var db = api.OpenDb();
        var actions = await db.QueryAsync<string>(
            "SELECT action FROM audit_log WHERE target_type = 'integration' AND target_id = @id ORDER BY audit_id",
            new { id = id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(["integration.created", "integration.updated", "integration.deleted"], actions);
    }

    [Fact]
    public async Task Invalid_configurations_are_422_with_field_errors()
    {
        var (_, _, client) = await AdminAsync(api);
        var problem = await (await client.PostAsJsonAsync("/integrations", new
        {
            name = "bad", provider = "s3", config = new { bucket = "Not_A_Bucket", force_path_style = "yes", colour = "blue" },
        })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "config.bucket", "config.force_path_style", "config.colour", "config.access_key_id",
            "config.secret_access_key" })
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");

        var hook = await (await client.PostAsJsonAsync("/integrations", new
        {
            name = "bad hook", provider = "webhook", config = new { url = "ftp://example.com/x", secret = "***" },
            events = new[] { "dataset.exploded" },
        })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        foreach (var field in new[] { "config.url", "config.secret", "events" })
            Assert.True(hook.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}");

        await (await client.PostAsJsonAsync("/integrations", new { name = "x", provider = "ftp", config = new { } }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await client.PostAsJsonAsync("/integrations", new { name = "x", provider = "s3", config = new { }, password = "p" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);

        var id = await CreateWebhookAsync(client, "https://hooks.example.com/a");
        var name = (await (await client.GetAsync($"/integrations/{id}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("name").GetString();
        await (await client.PostAsJsonAsync("/integrations", new
        {
            name = name!.ToUpperInvariant(), provider = "webhook", config = new { url = "https://hooks.example.com/b", secret = WebhookSecret },
        })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await client.PutAsJsonAsync($"/integrations/{id}", new { provider = "s3" })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task S3_test_writes_a_probe_to_s3rver_and_names_what_fails()
    {
        var (_, _, client) = await AdminAsync(api);
        var bucket = await LocalServers.CreateBucketAsync();
        var ok = await TestAsync(client, await CreateS3Async(client, bucket, prefix: "probe-here"));
        Assert.True(ok.GetProperty("ok").GetBoolean(), ok.ToString());
        Assert.True(ok.GetProperty("latency_ms").GetInt32() >= 0);
        using (var s3 = LocalServers.S3Client())
            Assert.Empty((await s3.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = bucket })).S3Objects ?? []);

        var missing = await TestAsync(client, await CreateS3Async(client, "no-such-bucket-" + Guid.NewGuid().ToString("N")[..8]));
        Assert.False(missing.GetProperty("ok").GetBoolean());
        Assert.Equal("bucket not found", missing.GetProperty("detail").GetString());

        var refused = await TestAsync(client, await CreateAsync(client, new
        {
            name = Workspace.Unique("s3"), provider = "s3", config = S3Config(bucket, endpoint: $"http://127.0.0.1:{LocalServers.FreePort()}"),
        }));
        Assert.False(refused.GetProperty("ok").GetBoolean());
        Assert.Equal("connection refused", refused.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Webhook_test_sends_a_signed_ping_and_names_what_fails_without_the_body()
    {
        var (tenant, _, client) = await AdminAsync(api);
        using var receiver = new WebhookReceiver();
        var id = await CreateWebhookAsync(client, receiver.Url);

        var ok = await TestAsync(client, id);
        Assert.True(ok.GetProperty("ok").GetBoolean(), ok.ToString());
        var ping = Assert.Single(receiver.Requests);
        Assert.Equal("ping", ping.Headers["X-Tdmp-Event"]);
        Assert.Equal(WebhookSignature(ping.Body), ping.Headers["X-Tdmp-Signature"]);
        Assert.Equal("ping", ping.Json.GetProperty("event").GetString());
        Assert.Equal(tenant.Id, ping.Json.GetProperty("tenant_id").GetInt64());
        Assert.Equal(ping.Headers["X-Tdmp-Delivery"], ping.Json.GetProperty("delivery_id").GetString());

        receiver.AnswerNext(500);
        var failed = await TestAsync(client, id);
        Assert.False(failed.GetProperty("ok").GetBoolean());
        Assert.Equal("HTTP 500", failed.GetProperty("detail").GetString());
        Assert.DoesNotContain("stack trace", failed.ToString());

        receiver.RedirectTo = "http://169.254.169.254/latest/meta-data/";
        receiver.AnswerNext(302);
        var redirected = await TestAsync(client, id);
        Assert.False(redirected.GetProperty("ok").GetBoolean());
        Assert.Equal("HTTP 302 (redirects are not followed)", redirected.GetProperty("detail").GetString());
        Assert.Equal(3, receiver.Requests.Count);

        var refused = await TestAsync(client, await CreateWebhookAsync(client, $"http://127.0.0.1:{LocalServers.FreePort()}/hook"));
        Assert.False(refused.GetProperty("ok").GetBoolean());
        Assert.Equal("connection refused", refused.GetProperty("detail").GetString());
    }

    /// <summary>What a receiver computes: HMAC-SHA256 of the raw body with the shared secret, hex.</summary>
    public static string WebhookSignature(byte[] body)
        => "sha256=" + Convert.ToHexStringLower(
            System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(WebhookSecret), body));
}
