
namespace Tdmp.Tests.Features.Audit;

[Collection(ApiCollection.Name)]
public sealed class AuditLogTests(TdmpApi api) : IAsyncLifetime
{
    private TestTenant tenant = null!;
    private TestUser admin = null!, manager = null!;
    private HttpClient adminClient = null!, managerClient = null!;
    private long projectA, projectB;

    public async Task InitializeAsync()
    {
        tenant = await api.CreateTenantAsync();
        admin = await tenant.CreateUserAsync(TenantRole.Admin);
        manager = await tenant.CreateUserAsync(TenantRole.Manager);
        adminClient = await admin.LoginAsync();
        managerClient = await manager.LoginAsync();
        projectA = (await (await managerClient.PostAsJsonAsync("/projects/create", new { name = "a-" + Guid.NewGuid().ToString("N")[..8] }))
            .ExpectAsync(HttpStatusCode.Created)).GetProperty("project_id").GetInt64();
        projectB = (await (await adminClient.PostAsJsonAsync("/projects/create", new { name = "b-" + Guid.NewGuid().ToString("N")[..8] }))
            .ExpectAsync(HttpStatusCode.Created)).GetProperty("project_id").GetInt64();
        await (await managerClient.PutAsJsonAsync($"/projects/{projectA}", new { tags = new[] { "x" } })).ExpectAsync(HttpStatusCode.OK);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<List<JsonElement>> LogsAsync(HttpClient client, string query)
        => (await (await client.GetAsync("/audit/logs?limit=500&" + query)).ExpectAsync(HttpStatusCode.OK)).EnumerateArray().ToList();

    [Fact]
    public async Task Action_filter_returns_only_that_action()
    {
        var rows = await LogsAsync(adminClient, "action=project.created");
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal("project.created", r.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task Actor_and_role_filters_return_only_that_actors_rows()
    {
        var byActor = await LogsAsync(adminClient, $"actor_id={manager.Id}");
        Assert.Equal(["user.login", "project.created", "project.updated"],
            byActor.Select(r => r.GetProperty("action").GetString()!).Reverse().ToArray());
        var byRole = await LogsAsync(adminClient, "role=admin");
        Assert.Equal(["user.login", "project.created"], byRole.Select(r => r.GetProperty("action").GetString()!).Reverse().ToArray());
    }

    [Fact]
    public async Task Project_filter_returns_only_that_projects_rows()
    {
        var rows = await LogsAsync(adminClient, $"project_id={projectA}");
        Assert.Equal(["project.created", "project.updated"], rows.Select(r => r.GetProperty("action").GetString()!).Reverse().ToArray());
    }

    [Fact]
    public async Task Date_filters_bound_the_time_and_an_end_date_includes_its_whole_day()
    {
        // The days of the rows themselves, so the test holds across midnight too.
        var times = (await LogsAsync(adminClient, "")).Select(r => r.GetProperty("occurred_at").GetDateTime().ToUniversalTime()).ToList();
        var (first, last) = (times.Min().ToString("yyyy-MM-dd"), times.Max().ToString("yyyy-MM-dd"));
        Assert.Equal(5, (await LogsAsync(adminClient, $"start_date={first}&end_date={last}")).Count);
        Assert.Equal(5, (await LogsAsync(adminClient, $"start_date={times.Min():yyyy-MM-ddTHH:mm:ss.ffffffZ}")).Count);
        Assert.Empty(await LogsAsync(adminClient, $"start_date={DateTime.UtcNow.AddDays(1):yyyy-MM-dd}"));
        Assert.Empty(await LogsAsync(adminClient, $"end_date={DateTime.UtcNow.AddHours(-1):yyyy-MM-ddTHH:mm:ssZ}"));
        var problem = await (await adminClient.GetAsync("/audit/logs?start_date=yesterday")).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("start_date", out _));
    }

    [Fact]
    public async Task Sort_orders_the_log_by_a_named_field_and_an_unknown_field_is_422()
    {
        var ascending = (await LogsAsync(adminClient, "sort=audit_id")).Select(r => r.GetProperty("audit_id").GetInt64()).ToList();
        Assert.Equal(5, ascending.Count);
        Assert.Equal(ascending.Order(), ascending);
        var byAction = (await LogsAsync(adminClient, "sort=-action")).Select(r => r.GetProperty("action").GetString()!).ToList();
        Assert.Equal(byAction.OrderByDescending(a => a, StringComparer.Ordinal), byAction);
        Assert.Equal("user.login", byAction[0]);
        var problem = await (await adminClient.GetAsync("/audit/logs?sort=colour")).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("'occurred_at'", problem.GetProperty("errors").GetProperty("sort")[0].GetString());
    }

    [Fact]
    public async Task Logs_are_newest_first_and_paged_with_total_count_and_link()
    {
        var response = await adminClient.GetAsync("/audit/logs?limit=2&offset=1");
        var page = (await response.ExpectAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Equal(2, page.Count);
        Assert.True(page[0].GetProperty("audit_id").GetInt64() > page[1].GetProperty("audit_id").GetInt64());
        Assert.Equal("5", response.Headers.GetValues("X-Total-Count").Single());
        var link = response.Headers.GetValues("Link").Single();
        Assert.Contains("limit=2&offset=3>; rel=\"next\"", link);
        Assert.Contains("limit=2&offset=0>; rel=\"prev\"", link);
        Assert.Contains("limit=2&offset=4>; rel=\"last\"", link);
    }

    [Fact]
    public async Task Admin_sees_only_its_own_tenants_rows()
    {
        var other = await api.CreateTenantAsync();
        var otherAdmin = await other.CreateUserAsync(TenantRole.Admin);
        await otherAdmin.LoginAsync();
        var rows = await LogsAsync(adminClient, "");
        Assert.All(rows, r => Assert.Equal(tenant.Id, r.GetProperty("tenant_id").GetInt64()));
        Assert.Empty(await LogsAsync(adminClient, $"actor_id={otherAdmin.Id}"));
        Assert.Empty(await LogsAsync(adminClient, $"tenant_id={other.Id}"));
    }

    [Fact]
    public async Task Superuser_sees_every_tenants_rows_and_can_narrow_to_one()
    {
        var other = await api.CreateTenantAsync();
        var otherAdmin = await other.CreateUserAsync(TenantRole.Admin);
        await otherAdmin.LoginAsync();
        var superuser = await (await other.CreateUserAsync(TenantRole.Superuser)).LoginAsync();
        Assert.Single(await LogsAsync(superuser, $"actor_id={otherAdmin.Id}"));
        Assert.NotEmpty(await LogsAsync(superuser, $"actor_id={manager.Id}"));
        var narrowed = await LogsAsync(superuser, $"tenant_id={tenant.Id}");
        Assert.All(narrowed, r => Assert.Equal(tenant.Id, r.GetProperty("tenant_id").GetInt64()));
    }

    [Fact]
    public async Task A_superusers_change_to_another_tenants_project_is_audited_in_that_tenant()
    {
        var other = await api.CreateTenantAsync();
        var superuserAccount = await other.CreateUserAsync(TenantRole.Superuser);
        var superuser = await superuserAccount.LoginAsync();
        await (await superuser.PutAsJsonAsync($"/projects/{projectB}", new { description = "from above" })).ExpectAsync(HttpStatusCode.OK);
        var row = Assert.Single(await LogsAsync(adminClient, $"actor_id={superuserAccount.Id}"));
        Assert.Equal("project.updated", row.GetProperty("action").GetString());
        Assert.Equal("superuser", row.GetProperty("actor_role").GetString());
        Assert.Equal(tenant.Id, row.GetProperty("tenant_id").GetInt64());
    }

    [Fact]
    public async Task Manager_cannot_read_the_audit_log()
        => await (await managerClient.GetAsync("/audit/logs")).ExpectProblemAsync(HttpStatusCode.Forbidden);
}
