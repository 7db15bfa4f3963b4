using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Tdmp.Features.Common.Storage;
using Tdmp.Features.Retention;

namespace Tdmp.Tests.Features.Datasets;

[Collection(DatasetsApiCollection.Name)]
public sealed class RetentionTests(TdmpApi api)
{
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
            await ActivatorUtilities.CreateInstance<RetentionJob>(scope.ServiceProvider).Execute(null!, CancellationToken.None);

        await (await admin.GetAsync($"/datasets/{old}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Null(await storage.OpenAsync(oldKey, CancellationToken.None));
        await (await admin.GetAsync($"/datasets/{recent}")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Handled_outbox_rows_older_than_the_keep_period_are_pruned_and_pending_ones_stay()
    {
        var tenant = await api.CreateTenantAsync();
        await using var db = api.OpenDb();
        var oldEvent = await db.QuerySingleAsync<long>("""
            INSERT INTO domain_events (tenant_id, event, data, occurred_at, dispatched_at)
            VALUES (@tenant, 'project.created', '{}', now() - interval '40 days', now() - interval '40 days') RETURNING event_id
            """, new { tenant = tenant.Id });
        var recentEvent = await db.QuerySingleAsync<long>("""
            INSERT INTO domain_events (tenant_id, event, data, dispatched_at) VALUES (@tenant, 'project.created', '{}', now()) RETURNING event_id
            """, new { tenant = tenant.Id });
        await db.ExecuteAsync("""
            INSERT INTO mail_outbox (tenant_id, kind, recipient, subject, body, status, created_at, next_attempt_at)
            VALUES (@tenant, 'test', 'a@example.test', 's', 'b', 'sent', now() - interval '40 days', now()),
                   -- due tomorrow, so that the mail sender of the test host leaves it pending
                   (@tenant, 'test', 'a@example.test', 's', 'b', 'pending', now() - interval '40 days', now() + interval '1 day')
            """, new { tenant = tenant.Id });

        using (var scope = api.Services.CreateScope())
            await ActivatorUtilities.CreateInstance<RetentionJob>(scope.ServiceProvider).Execute(null!, CancellationToken.None);

        var events = (await db.QueryAsync<long>("SELECT event_id FROM domain_events WHERE tenant_id = @tenant", new { tenant = tenant.Id })).ToList();
        Assert.DoesNotContain(oldEvent, events);
        Assert.Contains(recentEvent, events);
        Assert.Equal(["pending"], await db.QueryAsync<string>("SELECT status FROM mail_outbox WHERE tenant_id = @tenant",
            new { tenant = tenant.Id }));
    }

    private async Task<string> StorageKeyAsync(long datasetId)
    {
        await using var db = api.OpenDb();
        return await db.QuerySingleAsync<string>("SELECT storage_key FROM dataset_files WHERE dataset_id = @datasetId", new { datasetId });
    }
}
