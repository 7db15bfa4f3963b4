using Tdmp.Tests.Features.Users;

namespace Tdmp.Tests.Features.Tenants;

[Collection(ApiCollection.Name)]
public sealed class TenantsTests(TdmpApi api) : IAsyncLifetime
{
    private TestTenant tenant = null!;
    private HttpClient superuser = null!;

    public async Task InitializeAsync()
    {
        tenant = await api.CreateTenantAsync();
        superuser = await (await tenant.CreateUserAsync(TenantRole.Superuser)).LoginAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string NewName() => IdentityKit.UniqueName("tenant");

    [Fact]
    public async Task Superuser_creates_a_tenant_with_default_settings()
    {
        var name = NewName();
        var response = await superuser.PostJsonAsync("/tenants", new { name });
        var created = await response.ExpectAsync(HttpStatusCode.Created);
        var id = created.GetProperty("tenant_id").GetInt64();
        Assert.Equal($"/tenants/{id}", response.Headers.Location?.ToString());
        Assert.Equal(name, created.GetProperty("name").GetString());
        Assert.Equal(10_000_000, created.GetProperty("max_record_count").GetInt64());
        Assert.Equal(30, created.GetProperty("dataset_retention_days").GetInt32());
        Assert.Equal(1, await api.AuditCountAsync("tenant.created", id.ToString()));
    }

    [Fact]
    public async Task Superuser_creates_a_tenant_with_its_settings_and_reads_it_back()
    {
        var created = await (await superuser.PostJsonAsync("/tenants", new { name = NewName(), max_record_count = 5000, dataset_retention_days = 7 }))
            .ExpectAsync(HttpStatusCode.Created);
        var id = created.GetProperty("tenant_id").GetInt64();
        var read = await (await superuser.GetAsync($"/tenants/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(5000, read.GetProperty("max_record_count").GetInt64());
        Assert.Equal(7, read.GetProperty("dataset_retention_days").GetInt32());
    }

    [Fact]
    public async Task Duplicate_tenant_name_is_422()
        => await (await superuser.PostJsonAsync("/tenants", new { name = tenant.Name })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

    [Fact]
    public async Task Settings_out_of_range_are_422()
    {
        var problem = await (await superuser.PostJsonAsync("/tenants", new { name = NewName(), max_record_count = 0, dataset_retention_days = 0 }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("max_record_count", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("dataset_retention_days", out _));
    }

    [Fact]
    public async Task Put_replaces_name_and_settings_and_is_audited()
    {
        var name = NewName();
        var updated = await (await superuser.PutJsonAsync($"/tenants/{tenant.Id}", new { name, max_record_count = 42, dataset_retention_days = 3 }))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(name, updated.GetProperty("name").GetString());
        Assert.Equal(42, updated.GetProperty("max_record_count").GetInt64());
        Assert.Equal(3, updated.GetProperty("dataset_retention_days").GetInt32());
        Assert.Equal(1, await api.AuditCountAsync("tenant.updated", tenant.Id.ToString()));
    }

    [Fact]
    public async Task Put_without_every_setting_is_422()
        => await (await superuser.PutJsonAsync($"/tenants/{tenant.Id}", new { name = NewName() }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

    [Fact]
    public async Task Put_to_a_taken_name_is_422()
    {
        var other = await api.CreateTenantAsync();
        await (await superuser.PutJsonAsync($"/tenants/{tenant.Id}", new { name = other.Name, max_record_count = 1, dataset_retention_days = 1 }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Missing_tenant_is_404()
    {
        await (await superuser.GetAsync($"/tenants/{long.MaxValue}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await superuser.PutJsonAsync($"/tenants/{long.MaxValue}", new { name = NewName(), max_record_count = 1, dataset_retention_days = 1 }))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Every_role_reads_its_own_tenant_as_an_object_and_superuser_lists_all()
    {
        var other = await api.CreateTenantAsync();
        foreach (var role in new[] { TenantRole.Tester, TenantRole.Manager, TenantRole.Admin })
        {
            var client = await (await tenant.CreateUserAsync(role)).LoginAsync();
            var mine = await (await client.GetAsync("/tenants")).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(JsonValueKind.Object, mine.ValueKind);
            Assert.Equal(tenant.Id, mine.GetProperty("tenant_id").GetInt64());
            Assert.Equal(tenant.Name, mine.GetProperty("name").GetString());
            await (await client.GetAsync("/tenants/all")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        }

        var response = await superuser.GetAsync("/tenants/all?limit=500");
        var all = await response.ExpectAsync(HttpStatusCode.OK);
        var ids = all.EnumerateArray().Select(t => t.GetProperty("tenant_id").GetInt64()).ToList();
        Assert.Contains(tenant.Id, ids);
        Assert.Contains(other.Id, ids);
        Assert.True(long.Parse(response.Headers.GetValues("X-Total-Count").Single()) >= 2);
    }

    [Fact]
    public async Task Admin_cannot_read_change_or_create_tenants_by_id_not_even_its_own()
    {
        var admin = await (await tenant.CreateUserAsync(TenantRole.Admin)).LoginAsync();
        var other = await api.CreateTenantAsync();
        foreach (var id in new[] { tenant.Id, other.Id })
        {
            await (await admin.GetAsync($"/tenants/{id}")).ExpectProblemAsync(HttpStatusCode.Forbidden);
            await (await admin.PutJsonAsync($"/tenants/{id}", new { name = NewName(), max_record_count = 1, dataset_retention_days = 1 }))
                .ExpectProblemAsync(HttpStatusCode.Forbidden);
        }
        await (await admin.PostJsonAsync("/tenants", new { name = NewName() })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(tenant.Name, await api.ScalarAsync<string>("SELECT name FROM tenants WHERE tenant_id = @id", new { id = tenant.Id }));
    }
}
