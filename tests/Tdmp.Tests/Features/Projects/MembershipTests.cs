using Dapper;

namespace Tdmp.Tests.Features.Projects;

[Collection(ApiCollection.Name)]
public sealed class MembershipTests(TdmpApi api) : IAsyncLifetime
{
    private TestTenant tenant = null!;
    private TestUser manager = null!;
    private HttpClient managerClient = null!;

    public async Task InitializeAsync()
    {
        tenant = await api.CreateTenantAsync();
        manager = await tenant.CreateUserAsync(TenantRole.Manager);
        managerClient = await manager.LoginAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string?> MemberRoleAsync(long projectId, long userId)
    {
        await using var db = api.OpenDb();
        return await db.QuerySingleOrDefaultAsync<string?>("SELECT role FROM project_members WHERE project_id = @projectId AND user_id = @userId",
            new { projectId, userId });
    }

    [Fact]
    public async Task Adding_a_user_makes_it_a_member_with_that_role()
    {
        var id = await ProjectData.CreateProjectAsync(api, tenant.Id, manager.Id);
        var tester = await tenant.CreateUserAsync(TenantRole.Tester);
        var membership = await (await managerClient.PostAsJsonAsync($"/projects/{id}/add-user", new { user_id = tester.Id, role = "view" }))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(tester.Id, membership.GetProperty("user_id").GetInt64());
        Assert.Equal(tester.Username, membership.GetProperty("username").GetString());
        Assert.Equal("view", membership.GetProperty("role").GetString());
        Assert.Equal("view", await MemberRoleAsync(id, tester.Id));
    }

    [Fact]
    public async Task Adding_an_existing_member_changes_its_role()
    {
        var id = await ProjectData.CreateProjectAsync(api, tenant.Id, manager.Id);
        var tester = await tenant.CreateUserAsync(TenantRole.Tester);
        await ProjectData.AddMemberAsync(api, id, tester.Id, "view");
        await (await managerClient.PostAsJsonAsync($"/projects/{id}/add-user", new { user_id = tester.Id, role = "edit" }))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("edit", await MemberRoleAsync(id, tester.Id));

        var project = await (await managerClient.GetAsync($"/projects/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Single(project.GetProperty("members").EnumerateArray());
    }

    [Fact]
    public async Task A_role_other_than_view_or_edit_is_422_on_role()
    {
        var id = await ProjectData.CreateProjectAsync(api, tenant.Id, manager.Id);
        var tester = await tenant.CreateUserAsync(TenantRole.Tester);
        var problem = await (await managerClient.PostAsJsonAsync($"/projects/{id}/add-user", new { user_id = tester.Id, role = "admin" }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("role", out _));
    }

    [Fact]
    public async Task Adding_a_deactivated_user_is_422()
    {
        var id = await ProjectData.CreateProjectAsync(api, tenant.Id, manager.Id);
        var tester = await tenant.CreateUserAsync(TenantRole.Tester);
        await using (var db = api.OpenDb())
            await db.ExecuteAsync("UPDATE users SET is_active = false WHERE user_id = @id", new { id = tester.Id });
        await (await managerClient.PostAsJsonAsync($"/projects/{id}/add-user", new { user_id = tester.Id, role = "view" }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Removing_a_non_member_is_404()
    {
        var id = await ProjectData.CreateProjectAsync(api, tenant.Id, manager.Id);
        var tester = await tenant.CreateUserAsync(TenantRole.Tester);
        await (await managerClient.PostAsJsonAsync($"/projects/{id}/remove-user", new { user_id = tester.Id }))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Removing_the_last_member_is_allowed_and_the_creator_still_sees_the_project()
    {
        var id = await ProjectData.CreateProjectAsync(api, tenant.Id, manager.Id);
        var tester = await tenant.CreateUserAsync(TenantRole.Tester);
        await ProjectData.AddMemberAsync(api, id, tester.Id, "edit");
        var testerClient = await tester.LoginAsync();
        await (await testerClient.GetAsync($"/projects/{id}")).ExpectAsync(HttpStatusCode.OK);

        await (await managerClient.PostAsJsonAsync($"/projects/{id}/remove-user", new { user_id = tester.Id })).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Null(await MemberRoleAsync(id, tester.Id));
        await (await testerClient.GetAsync($"/projects/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var project = await (await managerClient.GetAsync($"/projects/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(project.GetProperty("members").EnumerateArray());
    }

    [Fact]
    public async Task Memberships_appear_in_users_me()
    {
        var name = "me-" + Guid.NewGuid().ToString("N")[..8];
        var id = await ProjectData.CreateProjectAsync(api, tenant.Id, manager.Id, name);
        var tester = await tenant.CreateUserAsync(TenantRole.Tester);
        await ProjectData.AddMemberAsync(api, id, tester.Id, "edit");
        var me = await (await (await tester.LoginAsync()).GetAsync("/users/me")).ExpectAsync(HttpStatusCode.OK);
        var project = Assert.Single(me.GetProperty("projects").EnumerateArray());
        Assert.Equal(id, project.GetProperty("project_id").GetInt64());
        Assert.Equal(name, project.GetProperty("name").GetString());
        Assert.Equal("edit", project.GetProperty("role").GetString());
    }
}
