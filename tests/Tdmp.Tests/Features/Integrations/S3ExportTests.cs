using System.Security.Cryptography;
using Amazon.S3.Model;
using static Tdmp.Tests.Features.Integrations.IntegrationKit;

namespace Tdmp.Tests.Features.Integrations;

/// <summary>POST /datasets/{dataset_id}/export-s3 against a real S3 server (s3rver).</summary>
[Collection(IntegrationsApiCollection.Name)]
public sealed class S3ExportTests(TdmpApi api)
{
    private async Task<(HttpClient Client, TestTenant Tenant, long DatasetId, JsonElement Dataset)> CompletedDatasetAsync()
    {
        var (tenant, _, client) = await AdminAsync(api);
        var (projectId, schemaId) = await Workspace.ProjectWithSchemaAsync(client, "order.schema.json");
        var dataset = await Workspace.GenerateAsync(client, new
        {
            name = "export me", project_id = projectId, schema_id = schemaId, record_count = 60, types = new[] { "json", "csv" },
            @params = new { records_per_file = 25 },
        });
        Assert.Equal("completed", dataset.GetProperty("status").GetString());
        return (client, tenant, dataset.GetProperty("dataset_id").GetInt64(), dataset);
    }

    private static async Task<JsonElement> WaitForExportAsync(HttpClient client, long datasetId, long exportId)
    {
        for (var i = 0; i < 100; i++)
        {
            var dataset = await (await client.GetAsync($"/datasets/{datasetId}")).ExpectAsync(HttpStatusCode.OK);
            var export = dataset.GetProperty("exports").EnumerateArray().Single(e => e.GetProperty("export_id").GetInt64() == exportId);
            if (export.GetProperty("status").GetString() is "completed" or "failed") return export;
            await Task.Delay(200);
        }
        throw new TimeoutException($"Export {exportId} did not finish in 20 s.");
    }

    [Fact]
    public async Task Export_uploads_every_file_with_matching_sha256_and_a_rerun_overwrites_the_same_keys()
    {
        var (client, _, datasetId, dataset) = await CompletedDatasetAsync();
        var bucket = await LocalServers.CreateBucketAsync();
        var integrationId = await CreateS3Async(client, bucket, prefix: "default-prefix");
        var files = dataset.GetProperty("files").EnumerateArray()
            .ToDictionary(f => f.GetProperty("file_name").GetString()!, f => f.GetProperty("sha256").GetString()!);
        Assert.True(files.Count >= 6, $"expected split files, got {files.Count}");

        for (var run = 0; run < 2; run++)
        {
            var queued = await (await client.PostAsJsonAsync($"/datasets/{datasetId}/export-s3",
                new { integration_id = integrationId, prefix = "/ci/nightly/" }))
                .ExpectAsync(HttpStatusCode.Accepted);
            Assert.Equal("queued", queued.GetProperty("status").GetString());
            var export = await WaitForExportAsync(client, datasetId, queued.GetProperty("export_id").GetInt64());
            Assert.True(export.GetProperty("status").GetString() == "completed", export.ToString());
            Assert.Equal(files.Count, export.GetProperty("files_uploaded").GetInt32());
            Assert.Equal("ci/nightly", export.GetProperty("prefix").GetString());
            Assert.Equal(JsonValueKind.Null, export.GetProperty("error").ValueKind);
            Assert.Equal(integrationId, export.GetProperty("integration_id").GetInt64());
        }

        using var s3 = LocalServers.S3Client();
        var objects = (await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects ?? [];
        Assert.Equal(files.Keys.Select(f => $"ci/nightly/dataset-{datasetId}/{f}").Order(), objects.Select(o => o.Key).Order());
        foreach (var (name, sha256) in files)
        {
            using var get = await s3.GetObjectAsync(bucket, $"ci/nightly/dataset-{datasetId}/{name}");
            Assert.Equal(sha256, Convert.ToHexStringLower(await SHA256.HashDataAsync(get.ResponseStream)));
        }
        var listed = await (await client.GetAsync($"/datasets/{datasetId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, listed.GetProperty("exports").GetArrayLength());
    }

    [Fact]
    public async Task Export_of_some_types_uses_the_integrations_prefix_and_notifies_the_requester()
    {
        var (client, _, datasetId, dataset) = await CompletedDatasetAsync();
        var bucket = await LocalServers.CreateBucketAsync();
        var integrationId = await CreateS3Async(client, bucket, prefix: "team-a");
        var queued = await (await client.PostAsJsonAsync($"/datasets/{datasetId}/export-s3",
            new { integration_id = integrationId, types = new[] { "csv" } }))
            .ExpectAsync(HttpStatusCode.Accepted);
        var export = await WaitForExportAsync(client, datasetId, queued.GetProperty("export_id").GetInt64());
        Assert.Equal("completed", export.GetProperty("status").GetString());
        var csvFiles = dataset.GetProperty("files").EnumerateArray().Count(f => f.GetProperty("format").GetString() == "csv");
        Assert.Equal(csvFiles, export.GetProperty("files_uploaded").GetInt32());

        using var s3 = LocalServers.S3Client();
        var objects = (await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects ?? [];
        Assert.All(objects, o => Assert.StartsWith($"team-a/dataset-{datasetId}/", o.Key));
        Assert.All(objects, o => Assert.EndsWith(".csv", o.Key));

        var notifications = await (await client.GetAsync("/notifications")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(notifications.EnumerateArray(), n => n.GetProperty("event").GetString() == "export.completed");
    }

    [Fact]
    public async Task Export_to_a_missing_bucket_fails_with_the_reason_and_notifies()
    {
        var (client, _, datasetId, _) = await CompletedDatasetAsync();
        var integrationId = await CreateS3Async(client, "missing-" + Guid.NewGuid().ToString("N")[..10]);
        var queued = await (await client.PostAsJsonAsync($"/datasets/{datasetId}/export-s3", new { integration_id = integrationId }))
            .ExpectAsync(HttpStatusCode.Accepted);
        var export = await WaitForExportAsync(client, datasetId, queued.GetProperty("export_id").GetInt64());
        Assert.Equal("failed", export.GetProperty("status").GetString());
        Assert.Contains("bucket not found", export.GetProperty("error").GetString());
        var notifications = await (await client.GetAsync("/notifications")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(notifications.EnumerateArray(), n => n.GetProperty("event").GetString() == "export.failed");
    }

    [Fact]
    public async Task Export_requests_that_cannot_work_are_refused()
    {
        var (client, tenant, datasetId, _) = await CompletedDatasetAsync();
        var webhookId = await CreateWebhookAsync(client, "https://hooks.example.com/x");
        var (_, _, stranger) = await AdminAsync(api);
        var foreignS3 = await CreateS3Async(stranger, "foreign-bucket");
        var s3 = await CreateS3Async(client, "some-bucket");

        await (await client.PostAsJsonAsync($"/datasets/{datasetId}/export-s3", new { integration_id = webhookId }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await client.PostAsJsonAsync($"/datasets/{datasetId}/export-s3", new { integration_id = foreignS3 }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await client.PostAsJsonAsync($"/datasets/{datasetId}/export-s3", new { integration_id = s3, types = new[] { "xml" } }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await client.PostAsJsonAsync($"/datasets/{datasetId}/export-s3", new { integration_id = s3, prefix = "a/../b" }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await stranger.PostAsJsonAsync($"/datasets/{datasetId}/export-s3", new { integration_id = foreignS3 }))
            .ExpectProblemAsync(HttpStatusCode.NotFound);

        // A tester who only views the project may not export.
        var tester = await tenant.CreateUserAsync(TenantRole.Tester);
        var projectId = (await (await client.GetAsync($"/datasets/{datasetId}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("project_id").GetInt64();
        await Workspace.AddMemberAsync(client, projectId, tester.Id, "view");
        await (await (await tester.LoginAsync()).PostAsJsonAsync($"/datasets/{datasetId}/export-s3", new { integration_id = s3 }))
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
    }
}
