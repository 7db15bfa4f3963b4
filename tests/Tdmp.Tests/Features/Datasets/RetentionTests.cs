using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Tdmp.Features.Common.Storage;
using Tdmp.Features.Datasets.Retention;

namespace Tdmp.Tests.Features.Datasets;

public sealed class RetentionTests
{
    private readonly TdmpApi api = TdmpApi.Instance;

    [Fact]
    public async Task Datasets_older_than_the_tenants_retention_are_deleted_with_their_files_and_newer_ones_stay()
    {
        var tenant = await api.CreateTenantAsync();
        var admin = await (await tenant.CreateUserAsync(TenantRole.Admin)).LoginAsync();
        var (projectId, schemaId) = await Workspace.ProjectWithSchemaAsync(admin, "library.xsd");
        object Request() => new { name = "r", project_id = projectId, schema_id = schemaId, record_count = 3, types = new[] { "xml" } };
        var old = (await Workspace.GenerateAsync(admin, Request())).GetProperty("dataset_id").GetInt64();
        var recent = (await Workspace.GenerateAsync(admin, Request())).GetProperty("dataset_id").GetInt64();
        await using (var db = api.OpenDb())
        {
            await db.ExecuteAsync("UPDATE tenants SET dataset_retention_days = 7 WHERE tenant_id = @id", new { id = tenant.Id });
            await db.ExecuteAsync("UPDATE datasets SET completed_at = now() - interval '8 days' WHERE dataset_id = @old", new { old });
        }
        var storage = api.Service<IFileStorage>();
        var oldKey = await StorageKeyAsync(old);
        await using ((await storage.OpenAsync(oldKey, CancellationToken.None))!.Content) { } // there before the clean-up

        using (var scope = api.Services.CreateScope())
            await ActivatorUtilities.CreateInstance<DatasetRetentionJob>(scope.ServiceProvider).Execute(null!, CancellationToken.None);

        await (await admin.GetAsync($"/datasets/{old}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Null(await storage.OpenAsync(oldKey, CancellationToken.None));
        await (await admin.GetAsync($"/datasets/{recent}")).ExpectAsync(HttpStatusCode.OK);
    }

    private async Task<string> StorageKeyAsync(long datasetId)
    {
        await using var db = api.OpenDb();
        return await db.QuerySingleAsync<string>("SELECT storage_key FROM dataset_files WHERE dataset_id = @datasetId", new { datasetId });
    }
}
