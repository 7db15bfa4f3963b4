namespace Tdmp.Tests.Features.Projects;

/// <summary>API.md's role table for seeing and managing projects, and the 404 for everything of another tenant.</summary>
[Collection(ApiCollection.Name)]
public sealed class VisibilityTests(TdmpApi api) : IAsyncLifetime
{
    private TestTenant tenant = null!;
    private TestUser tester = null!, manager = null!, otherManager = null!, admin = null!;
    private long memberProject, createdProject, foreignProject, otherTenantProject;
    private TestTenant otherTenant = null!;
    private TestUser otherAdmin = null!;
    // Every project of this class carries the tag, so lists stay small however many projects other tests make.
    private readonly string tag = "vis-" + Guid.NewGuid().ToString("N")[..10];

    public async Task InitializeAsync()
    {
        tenant = await api.CreateTenantAsync();
        tester = await tenant.CreateUserAsync(TenantRole.Tester);
        manager = await tenant.CreateUserAsync(TenantRole.Manager);
        otherManager = await tenant.CreateUserAsync(TenantRole.Manager);
        admin = await tenant.CreateUserAsync(TenantRole.Admin);
        // memberProject: created by the other manager; the tester and the manager are view members.
        memberProject = await ProjectData.CreateProjectAsync(api, tenant.Id, otherManager.Id, null, tag);
        await ProjectData.AddMemberAsync(api, memberProject, tester.Id, "view");
        await ProjectData.AddMemberAsync(api, memberProject, manager.Id, "view");
        // createdProject: created by the manager, no members.
        createdProject = await ProjectData.CreateProjectAsync(api, tenant.Id, manager.Id, null, tag);
        // foreignProject: created by the other manager, nobody else involved.
        foreignProject = await ProjectData.CreateProjectAsync(api, tenant.Id, otherManager.Id, null, tag);

        otherTenant = await api.CreateTenantAsync();
        otherAdmin = await otherTenant.CreateUserAsync(TenantRole.Admin);
        otherTenantProject = await ProjectData.CreateProjectAsync(api, otherTenant.Id, otherAdmin.Id, null, tag);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static void AssertSame(long[] expected, HashSet<long> listed)
        => Assert.True(listed.SetEquals(expected),
            $"expected [{string.Join(", ", expected.Order())}] but listed [{string.Join(", ", listed.Order())}]");

    private async Task<HashSet<long>> ListedAsync(HttpClient client)
    {
        var list = await (await client.GetAsync($"/projects?tag={tag}")).ExpectAsync(HttpStatusCode.OK);
        return list.EnumerateArray().Select(p => p.GetProperty("project_id").GetInt64()).ToHashSet();
    }

    [Fact]
    public async Task Tester_sees_only_projects_it_is_a_member_of()
    {
        var client = await tester.LoginAsync();
        AssertSame([memberProject], await ListedAsync(client));
        await (await client.GetAsync($"/projects/{memberProject}")).ExpectAsync(HttpStatusCode.OK);
        await (await client.GetAsync($"/projects/{foreignProject}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/projects/{otherTenantProject}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Manager_sees_projects_it_is_a_member_of_or_created()
    {
        var client = await manager.LoginAsync();
        AssertSame([memberProject, createdProject], await ListedAsync(client));
        await (await client.GetAsync($"/projects/{createdProject}")).ExpectAsync(HttpStatusCode.OK);
        await (await client.GetAsync($"/projects/{foreignProject}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Admin_sees_every_project_of_its_tenant_and_none_of_another()
    {
        var client = await admin.LoginAsync();
        AssertSame([memberProject, createdProject, foreignProject], await ListedAsync(client));
        await (await client.GetAsync($"/projects/{foreignProject}")).ExpectAsync(HttpStatusCode.OK);
        await (await client.GetAsync($"/projects/{otherTenantProject}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Superuser_sees_projects_of_every_tenant()
    {
        var superuser = await (await tenant.CreateUserAsync(TenantRole.Superuser)).LoginAsync();
        var listed = await ListedAsync(superuser);
        AssertSame([memberProject, createdProject, foreignProject, otherTenantProject], listed);
        await (await superuser.GetAsync($"/projects/{otherTenantProject}")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Manager_manages_the_projects_it_created_but_not_those_it_is_only_a_member_of()
    {
        var client = await manager.LoginAsync();
        var newcomer = await tenant.CreateUserAsync(TenantRole.Tester);
        await (await client.PutAsJsonAsync($"/projects/{createdProject}", new { description = "mine" })).ExpectAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync($"/projects/{createdProject}/add-user", new { user_id = newcomer.Id, role = "view" }))
            .ExpectAsync(HttpStatusCode.OK);
        await (await client.PutAsJsonAsync($"/projects/{memberProject}", new { description = "not mine" }))
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await client.PostAsJsonAsync($"/projects/{memberProject}/add-user", new { user_id = newcomer.Id, role = "view" }))
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await client.PutAsJsonAsync($"/projects/{foreignProject}", new { description = "unseen" }))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Tester_member_cannot_manage_its_project()
    {
        var client = await tester.LoginAsync();
        await (await client.PutAsJsonAsync($"/projects/{memberProject}", new { description = "x" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await client.PostAsJsonAsync($"/projects/{memberProject}/remove-user", new { user_id = tester.Id }))
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Another_tenants_project_is_404_on_every_endpoint_that_takes_its_id()
    {
        var client = await admin.LoginAsync();
        var id = otherTenantProject;
        var ownUser = await tenant.CreateUserAsync(TenantRole.Tester);
        var ownSchema = await ProjectData.CreateSchemaAsync(api, tenant.Id);
        var responses = new[]
        {
            await client.GetAsync($"/projects/{id}"),
            await client.PutAsJsonAsync($"/projects/{id}", new { description = "x" }),
            await client.DeleteAsync($"/projects/{id}"),
            await client.PostAsJsonAsync($"/projects/{id}/add-user", new { user_id = ownUser.Id, role = "view" }),
            await client.PostAsJsonAsync($"/projects/{id}/remove-user", new { user_id = otherAdmin.Id }),
            await client.PostAsJsonAsync($"/projects/{id}/add-schema", new { schema_id = ownSchema }),
            await client.PostAsJsonAsync($"/projects/{id}/remove-schema", new { schema_id = ownSchema }),
        };
        foreach (var response in responses) await response.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_user_of_another_tenant_in_add_user_is_404_and_never_a_member()
    {
        var client = await admin.LoginAsync();
        var stranger = await otherTenant.CreateUserAsync(TenantRole.Tester);
        await (await client.PostAsJsonAsync($"/projects/{foreignProject}/add-user", new { user_id = stranger.Id, role = "edit" }))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsJsonAsync($"/projects/{foreignProject}/remove-user", new { user_id = stranger.Id }))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        var project = await (await client.GetAsync($"/projects/{foreignProject}")).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(project.GetProperty("members").EnumerateArray(), m => m.GetProperty("user_id").GetInt64() == stranger.Id);
    }

    [Fact]
    public async Task A_schema_of_another_tenant_in_add_schema_is_404()
    {
        var client = await admin.LoginAsync();
        var foreignSchema = await ProjectData.CreateSchemaAsync(api, otherTenant.Id);
        await (await client.PostAsJsonAsync($"/projects/{foreignProject}/add-schema", new { schema_id = foreignSchema }))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsJsonAsync($"/projects/{foreignProject}/remove-schema", new { schema_id = foreignSchema }))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Superuser_manages_another_tenants_project_with_that_tenants_users_only()
    {
        var superuser = await (await tenant.CreateUserAsync(TenantRole.Superuser)).LoginAsync();
        var theirs = await otherTenant.CreateUserAsync(TenantRole.Tester);
        var ours = await tenant.CreateUserAsync(TenantRole.Tester);
        await (await superuser.PostAsJsonAsync($"/projects/{otherTenantProject}/add-user", new { user_id = theirs.Id, role = "view" }))
            .ExpectAsync(HttpStatusCode.OK);
        await (await superuser.PostAsJsonAsync($"/projects/{otherTenantProject}/add-user", new { user_id = ours.Id, role = "view" }))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}
