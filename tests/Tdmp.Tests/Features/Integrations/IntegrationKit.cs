namespace Tdmp.Tests.Features.Integrations;

/// <summary>An admin of a fresh tenant, and the integrations tests create with it.</summary>
public static class IntegrationKit
{
    public const string WebhookSecret = "a webhook secret of the tests";

    public static async Task<(TestTenant Tenant, TestUser Admin, HttpClient Client)> AdminAsync(TdmpApi api)
    {
        var tenant = await api.CreateTenantAsync();
        var admin = await tenant.CreateUserAsync(TenantRole.Admin);
        return (tenant, admin, await admin.LoginAsync());
    }

    public static object S3Config(
        string bucket, string? endpoint = null, string? secret = LocalServers.S3SecretKey, string? prefix = null) => new Dictionary<string, object?>
    {
        ["bucket"] = bucket,
        ["region"] = "us-east-1",
        ["endpoint_url"] = endpoint ?? LocalServers.S3Url,
        ["force_path_style"] = true,
        ["access_key_id"] = LocalServers.S3AccessKey,
        ["secret_access_key"] = secret,
        ["prefix"] = prefix,
    }.Where(p => p.Value is not null).ToDictionary();

    public static async Task<long> CreateAsync(HttpClient client, object request)
    {
        var created = await (await client.PostAsJsonAsync("/integrations", request)).ExpectAsync(HttpStatusCode.Created);
        return created.GetProperty("integration_id").GetInt64();
    }

    public static Task<long> CreateS3Async(HttpClient client, string bucket, string? prefix = null)
        => CreateAsync(client, new { name = Workspace.Unique("s3"), provider = "s3", config = S3Config(bucket, prefix: prefix) });

    public static Task<long> CreateWebhookAsync(HttpClient client, string url, params string[] events)
        => CreateAsync(client, new
        {
            name = Workspace.Unique("hook"), provider = "webhook",
            config = new { url, secret = WebhookSecret },
            events = events.Length == 0 ? null : events,
        });

    public static async Task<JsonElement> TestAsync(HttpClient client, long integrationId)
        => await (await client.PostAsync($"/integrations/{integrationId}/test", null)).ExpectAsync(HttpStatusCode.OK);
}
