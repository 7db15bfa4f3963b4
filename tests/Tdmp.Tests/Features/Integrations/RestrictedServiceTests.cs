using System.Net.Http.Headers;
using System.Security.Cryptography;
using Dapper;
using Npgsql;
using static Tdmp.Tests.Features.Integrations.IntegrationKit;

namespace Tdmp.Tests.Features.Integrations;

/// <summary>
/// The service as an operator runs it by default, as its own process on its own database: private targets refused, no
/// SMTP configured, and (here) dataset files in S3 (s3rver) instead of on disk.
/// </summary>
public sealed class RestrictedServiceTests(RestrictedServiceTests.Service service) : IClassFixture<RestrictedServiceTests.Service>
{
    public sealed class Service : IAsyncLifetime
    {
        public ServiceProcess Process { get; private set; } = null!;
        public string Database { get; } = TestDatabase.CreateFresh("restricted");
        public string Bucket { get; private set; } = "";

        public async Task InitializeAsync()
        {
            Bucket = await LocalServers.CreateBucketAsync();
            Process = await ServiceProcess.StartAsync(Database, Directory.CreateTempSubdirectory("tdmp-unused-").FullName,
                new Dictionary<string, string>
            {
                ["Integrations__AllowPrivateTargets"] = "false",
                ["Mail__Host"] = "",
                ["Storage__S3__Bucket"] = Bucket,
                ["Storage__S3__ServiceUrl"] = LocalServers.S3Url,
                ["Storage__S3__Region"] = "us-east-1",
                ["Storage__S3__AccessKey"] = LocalServers.S3AccessKey,
                ["Storage__S3__SecretKey"] = LocalServers.S3SecretKey,
                ["Storage__S3__ForcePathStyle"] = "true",
            });
        }

        public async Task<HttpClient> SuperuserAsync()
        {
            var client = Process.Client();
            var token = await TdmpApi.TokenAsync(client, TdmpApi.SuperuserName, TdmpApi.SuperuserPassword);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return client;
        }

        public async Task DisposeAsync() => await Process.DisposeAsync();
    }

    [Fact]
    public async Task Webhooks_to_private_targets_are_refused_on_create_and_at_connect_time()
    {
        var client = await service.SuperuserAsync();
        using var receiver = new WebhookReceiver();
        var problem = await (await client.PostAsJsonAsync("/integrations", new
        {
            name = "loopback", provider = "webhook", config = new { url = receiver.Url, secret = WebhookSecret },
        })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("loopback", problem.GetProperty("errors").GetProperty("config.url")[0].GetString());
        await (await client.PostAsJsonAsync("/integrations", new
        {
            name = "metadata", provider = "webhook", config = new { url = "http://169.254.169.254/latest/meta-data/", secret = WebhookSecret },
        })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        // A host name is only resolved when connecting; one that points at loopback then (as after a DNS change) is refused.
        var id = await CreateWebhookAsync(client, "https://hooks.example.com/tdmp");
        await using (var db = new NpgsqlConnection(service.Database))
            await db.ExecuteAsync("UPDATE integrations SET config = jsonb_set(config, '{url}', to_jsonb(@url::text)) WHERE integration_id = @id",
                new { id, url = receiver.Url.Replace("127.0.0.1", "localhost") });
        var test = await TestAsync(client, id);
        Assert.False(test.GetProperty("ok").GetBoolean());
        Assert.StartsWith("target refused: localhost is a loopback address", test.GetProperty("detail").GetString());
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task S3_endpoints_on_private_networks_are_refused_too()
    {
        var client = await service.SuperuserAsync();
        await (await client.PostAsJsonAsync("/integrations", new
        {
            name = "s3 on loopback", provider = "s3", config = S3Config("some-bucket"),
        })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        var id = await CreateAsync(client,
            new { name = "s3 by name", provider = "s3", config = S3Config("some-bucket", endpoint: "https://s3.example.com") });
        await using (var db = new NpgsqlConnection(service.Database))
            await db.ExecuteAsync(
                "UPDATE integrations SET config = jsonb_set(config, '{endpoint_url}', to_jsonb(@url::text)) WHERE integration_id = @id",
                new { id, url = LocalServers.S3Url.Replace("127.0.0.1", "localhost") });
        var test = await TestAsync(client, id);
        Assert.False(test.GetProperty("ok").GetBoolean());
        Assert.StartsWith("target refused: localhost is a loopback address", test.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Without_smtp_an_invitation_still_returns_its_token_and_no_mail_is_queued()
    {
        var client = await service.SuperuserAsync();
        var email = $"nomail-{Guid.NewGuid():N}@example.test";
        var created = await (await client.PostAsJsonAsync("/users/create", new { username = Workspace.Unique("nomail"), email, role = "tester" }))
            .ExpectAsync(HttpStatusCode.Created);
        Assert.False(string.IsNullOrEmpty(created.GetProperty("invitation_token").GetString()));
        await using var db = new NpgsqlConnection(service.Database);
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM mail_outbox"));
    }

    [Fact]
    public async Task Datasets_are_stored_in_s3_and_downloaded_from_there()
    {
        var client = await service.SuperuserAsync();
        var (projectId, schemaId) = await Workspace.ProjectWithSchemaAsync(client, "order.schema.json");
        var dataset = await Workspace.GenerateAsync(client, new
        {
            name = "in s3", project_id = projectId, schema_id = schemaId, record_count = 40, types = new[] { "json", "csv" },
        });
        Assert.Equal("completed", dataset.GetProperty("status").GetString());
        var id = dataset.GetProperty("dataset_id").GetInt64();
        var json = dataset.GetProperty("files").EnumerateArray().First(f => f.GetProperty("format").GetString() == "json");

        using var s3 = LocalServers.S3Client();
        var keys = ((await s3.ListObjectsV2Async(
            new Amazon.S3.Model.ListObjectsV2Request { BucketName = service.Bucket, Prefix = $"datasets/{id}/" })).S3Objects ?? [])
            .Select(o => o.Key).ToList();
        Assert.Contains($"datasets/{id}/{json.GetProperty("file_name").GetString()}", keys);

        var download = await client.GetAsync($"/data/{id}?format=json");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var bytes = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(json.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal(40, JsonDocument.Parse(bytes).RootElement.GetArrayLength());

        using var range = new HttpRequestMessage(HttpMethod.Get, $"/data/{id}?format=json");
        range.Headers.Range = new RangeHeaderValue(0, 9);
        var partial = await client.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(bytes[..10], await partial.Content.ReadAsByteArrayAsync());

        await (await client.DeleteAsync($"/datasets/{id}")).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Empty((await s3.ListObjectsV2Async(
            new Amazon.S3.Model.ListObjectsV2Request { BucketName = service.Bucket, Prefix = $"datasets/{id}/" })).S3Objects ?? []);
    }

    [Fact]
    public async Task Large_files_go_to_s3_in_parts_and_arrive_whole()
    {
        var bucket = await LocalServers.CreateBucketAsync();
        var data = RandomNumberGenerator.GetBytes(11 * 1024 * 1024 + 123);
        using var s3 = LocalServers.S3Client();
        // Three parts of 5 MiB, 5 MiB and the rest.
        await Tdmp.Features.Common.Storage.S3Uploads.UploadAsync(s3, bucket, "big/file.bin", new MemoryStream(data), 5 * 1024 * 1024, null,
            CancellationToken.None);
        using var get = await s3.GetObjectAsync(bucket, "big/file.bin");
        Assert.Equal(SHA256.HashData(data), await SHA256.HashDataAsync(get.ResponseStream));
    }
}
