using Dapper;

namespace Tdmp.Tests.Features.Projects;

[Collection(ApiCollection.Name)]
public sealed class ProjectsTests(TdmpApi api) : IAsyncLifetime
{
    private TestTenant tenant = null!;
    private TestUser manager = null!;
    private TestUser admin = null!;
    private HttpClient managerClient = null!;
    private HttpClient adminClient = null!;

    public async Task InitializeAsync()
    {
        tenant = await api.CreateTenantAsync();
        manager = await tenant.CreateUserAsync(TenantRole.Manager);
        admin = await tenant.CreateUserAsync(TenantRole.Admin);
        managerClient = await manager.LoginAsync();
        adminClient = await admin.LoginAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string UniqueName(string prefix = "proj") => prefix + "-" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Create_returns_201_with_location_and_the_full_project()
    {
        var name = UniqueName();
        var response = await managerClient.PostAsJsonAsync("/projects/create",
            new { name, description = "Checkout test data", tags = new[] { "Payments", "team-a", "payments" } });
        var project = await response.ExpectAsync(HttpStatusCode.Created);

        var id = project.GetProperty("project_id").GetInt64();
        Assert.Equal($"/projects/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(name, project.GetProperty("name").GetString());
        Assert.Equal("Checkout test data", project.GetProperty("description").GetString());
        Assert.Equal(["payments", "team-a"], project.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray());
        Assert.Equal(manager.Id, project.GetProperty("created_by").GetInt64());
        Assert.Equal(tenant.Id, project.GetProperty("tenant_id").GetInt64());
        Assert.EndsWith("Z", project.GetProperty("created_at").GetString());

        var fetched = await (await managerClient.GetAsync($"/projects/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(name, fetched.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Duplicate_name_in_the_tenant_is_422_on_name_whatever_its_case()
    {
        var name = UniqueName();
        await (await managerClient.PostAsJsonAsync("/projects/create", new { name })).ExpectAsync(HttpStatusCode.Created);
        var problem = await (await adminClient.PostAsJsonAsync("/projects/create", new { name = name.ToUpperInvariant() }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task Renaming_to_a_taken_name_is_422_on_name()
    {
        var taken = UniqueName();
        await ProjectData.CreateProjectAsync(api, tenant.Id, manager.Id, taken);
        var id = await ProjectData.CreateProjectAsync(api, tenant.Id, manager.Id);
        var problem = await (await managerClient.PutAsJsonAsync($"/projects/{id}", new { name = taken.ToUpperInvariant() }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task The_same_name_in_another_tenant_is_allowed()
    {
        var name = UniqueName();
        await (await managerClient.PostAsJsonAsync("/projects/create", new { name })).ExpectAsync(HttpStatusCode.Created);
        var other = await api.CreateTenantAsync();
        var otherAdmin = await (await other.CreateUserAsync(TenantRole.Admin)).LoginAsync();
        await (await otherAdmin.PostAsJsonAsync("/projects/create", new { name })).ExpectAsync(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("-leading-dash")]
    [InlineData("")]
    [InlineData("this-tag-is-far-too-long-to-be-a-short-label")]
    public async Task Invalid_tags_are_422_on_tags(string tag)
    {
        var problem = await (await managerClient.PostAsJsonAsync("/projects/create", new { name = UniqueName(), tags = new[] { tag } }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("tags", out _));
    }

    [Fact]
    public async Task More_than_20_tags_are_422()
        => await (await managerClient.PostAsJsonAsync("/projects/create",
                new { name = UniqueName(), tags = Enumerable.Range(0, 21).Select(i => $"t{i}").ToArray() }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

    [Fact]
    public async Task Empty_name_and_unknown_fields_are_refused()
    {
        await (await managerClient.PostAsJsonAsync("/projects/create", new { name = "  " })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        var response = await managerClient.PostAsJsonAsync("/projects/create", new { name = UniqueName(), owner = 1 });
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Tag_filter_lists_only_projects_with_that_tag()
    {
        var tag = "tag-" + Guid.NewGuid().ToString("N")[..8];
        var tagged = await ProjectData.CreateProjectAsync(api, tenant.Id, admin.Id, null, tag, "other");
        var untagged = await ProjectData.CreateProjectAsync(api, tenant.Id, admin.Id, null, "other");

        var list = await (await adminClient.GetAsync($"/projects?tag={tag.ToUpperInvariant()}")).ExpectAsync(HttpStatusCode.OK);
        var ids = list.EnumerateArray().Select(p => p.GetProperty("project_id").GetInt64()).ToList();
        Assert.Equal([tagged], ids);
        Assert.DoesNotContain(untagged, ids);
    }

    [Fact]
    public async Task Text_filter_matches_name_or_description_literally()
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        var byName = await ProjectData.CreateProjectAsync(api, tenant.Id, admin.Id, "Orders " + marker);
        await ProjectData.CreateProjectAsync(api, tenant.Id, admin.Id, "x" + Guid.NewGuid().ToString("N")[..8]);
        var list = await (await adminClient.GetAsync($"/projects?q={marker.ToUpperInvariant()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([byName], list.EnumerateArray().Select(p => p.GetProperty("project_id").GetInt64()).ToList());
        var wildcard = await (await adminClient.GetAsync("/projects?q=%25")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(wildcard.EnumerateArray());
    }

    [Fact]
    public async Task List_is_paged_with_total_count_and_link_header()
    {
        var t = await api.CreateTenantAsync();
        var a = await t.CreateUserAsync(TenantRole.Admin);
        for (var i = 0; i < 5; i++) await ProjectData.CreateProjectAsync(api, t.Id, a.Id, $"page-{i}");
        var client = await a.LoginAsync();

        var response = await client.GetAsync("/projects?limit=2&offset=2");
        var page = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["page-2", "page-3"], page.EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToArray());
        Assert.Equal("5", response.Headers.GetValues("X-Total-Count").Single());
        var link = response.Headers.GetValues("Link").Single();
        Assert.Contains("limit=2&offset=4>; rel=\"next\"", link);
        Assert.Contains("limit=2&offset=0>; rel=\"prev\"", link);
        await (await client.GetAsync("/projects?limit=501")).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Sort_orders_the_list_by_a_named_field_and_an_unknown_field_is_422()
    {
        var t = await api.CreateTenantAsync();
        var a = await t.CreateUserAsync(TenantRole.Admin);
        foreach (var name in new[] { "beta", "alpha", "gamma" }) await ProjectData.CreateProjectAsync(api, t.Id, a.Id, name);
        var client = await a.LoginAsync();
        string[] Names(JsonElement list) => list.EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToArray();
        Assert.Equal(["gamma", "beta", "alpha"], Names(await (await client.GetAsync("/projects?sort=-name")).ExpectAsync(HttpStatusCode.OK)));
        Assert.Equal(["beta", "alpha", "gamma"], Names(await (await client.GetAsync("/projects?sort=project_id")).ExpectAsync(HttpStatusCode.OK)));
        var problem = await (await client.GetAsync("/projects?sort=colour")).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("'created_at'", problem.GetProperty("errors").GetProperty("sort")[0].GetString());
    }

    [Fact]
    public async Task Update_changes_only_the_fields_sent()
    {
        var created = await (await managerClient.PostAsJsonAsync("/projects/create",
            new { name = UniqueName(), description = "before", tags = new[] { "a" } })).ExpectAsync(HttpStatusCode.Created);
        var id = created.GetProperty("project_id").GetInt64();

        var updated = await (await managerClient.PutAsJsonAsync($"/projects/{id}", new { tags = new[] { "b", "c" } })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(created.GetProperty("name").GetString(), updated.GetProperty("name").GetString());
        Assert.Equal("before", updated.GetProperty("description").GetString());
        Assert.Equal(["b", "c"], updated.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray());

        var cleared = await (await managerClient.PutAsJsonAsync($"/projects/{id}", new { description = "" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("description").ValueKind);
        Assert.Equal(2, cleared.GetProperty("tags").GetArrayLength());
    }

    [Fact]
    public async Task Get_returns_members_linked_schemas_and_a_datasets_list()
    {
        var id = await ProjectData.CreateProjectAsync(api, tenant.Id, manager.Id);
        var member = await tenant.CreateUserAsync(TenantRole.Tester);
        var schemaId = await ProjectData.CreateSchemaAsync(api, tenant.Id, manager.Id, "order-schema");
        await (await managerClient.PostAsJsonAsync($"/projects/{id}/add-user", new { user_id = member.Id, role = "edit" }))
            .ExpectAsync(HttpStatusCode.OK);
        await (await managerClient.PostAsJsonAsync($"/projects/{id}/add-schema", new { schema_id = schemaId })).ExpectAsync(HttpStatusCode.OK);

        var project = await (await managerClient.GetAsync($"/projects/{id}")).ExpectAsync(HttpStatusCode.OK);
        var members = project.GetProperty("members").EnumerateArray().ToList();
        Assert.Single(members);
        Assert.Equal(member.Id, members[0].GetProperty("user_id").GetInt64());
        Assert.Equal(member.Username, members[0].GetProperty("username").GetString());
        Assert.Equal("edit", members[0].GetProperty("role").GetString());
        var schema = Assert.Single(project.GetProperty("schemas").EnumerateArray());
        Assert.Equal(schemaId, schema.GetProperty("schema_id").GetInt64());
        Assert.Equal("order-schema", schema.GetProperty("name").GetString());
        Assert.Equal("json_schema", schema.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Array, project.GetProperty("datasets").ValueKind);
    }

    [Fact]
    public async Task Delete_is_204_and_removes_the_project_with_its_memberships_and_links()
    {
        var id = await ProjectData.CreateProjectAsync(api, tenant.Id, manager.Id);
        var member = await tenant.CreateUserAsync(TenantRole.Tester);
        await ProjectData.AddMemberAsync(api, id, member.Id, "view");
        var schemaId = await ProjectData.CreateSchemaAsync(api, tenant.Id);
        await ProjectData.LinkSchemaAsync(api, id, schemaId);

        await (await adminClient.DeleteAsync($"/projects/{id}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await adminClient.GetAsync($"/projects/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await adminClient.DeleteAsync($"/projects/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await using var db = api.OpenDb();
        Assert.Equal(0, await db.QuerySingleAsync<long>("SELECT count(*) FROM project_members WHERE project_id = @id", new { id }));
        Assert.Equal(0, await db.QuerySingleAsync<long>("SELECT count(*) FROM project_schemas WHERE project_id = @id", new { id }));
        Assert.Equal(1, await db.QuerySingleAsync<long>("SELECT count(*) FROM schemas WHERE schema_id = @schemaId", new { schemaId }));
    }

    [Fact]
    public async Task Manager_cannot_delete_even_its_own_project()
    {
        var id = await ProjectData.CreateProjectAsync(api, tenant.Id, manager.Id);
        await (await managerClient.DeleteAsync($"/projects/{id}")).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Tester_cannot_create_a_project()
    {
        var tester = await (await tenant.CreateUserAsync(TenantRole.Tester)).LoginAsync();
        await (await tester.PostAsJsonAsync("/projects/create", new { name = UniqueName() })).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Linking_a_schema_twice_changes_nothing_and_unlinking_an_unlinked_schema_is_404()
    {
        var id = await ProjectData.CreateProjectAsync(api, tenant.Id, manager.Id);
        var schemaId = await ProjectData.CreateSchemaAsync(api, tenant.Id);
        var first = await (await managerClient.PostAsJsonAsync($"/projects/{id}/add-schema", new { schema_id = schemaId }))
            .ExpectAsync(HttpStatusCode.OK);
        var second = await (await managerClient.PostAsJsonAsync($"/projects/{id}/add-schema", new { schema_id = schemaId }))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(first.GetProperty("linked_at").GetString(), second.GetProperty("linked_at").GetString());

        await (await managerClient.PostAsJsonAsync($"/projects/{id}/remove-schema", new { schema_id = schemaId }))
            .ExpectAsync(HttpStatusCode.NoContent);
        await (await managerClient.PostAsJsonAsync($"/projects/{id}/remove-schema", new { schema_id = schemaId }))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await managerClient.PostAsJsonAsync($"/projects/{id}/add-schema", new { schema_id = 9_000_000_000L }))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}
