using Tdmp.Tests.Features.Projects;

namespace Tdmp.Tests.Features.Audit;

/// <summary>A day in a project's life, read back from GET /audit/logs row by row.</summary>
[Collection(ApiCollection.Name)]
public sealed class AuditTrailScenarioTests(TdmpApi api)
{
    private sealed record Expected(string Action, TestUser Actor, string ClientIp, bool HasProject, string? TargetType, string? TargetId);

    [Fact]
    public async Task Every_change_of_a_project_scenario_is_in_the_audit_log_with_actor_role_tenant_project_target_address_and_time()
    {
        var tenant = await api.CreateTenantAsync();
        var admin = await tenant.CreateUserAsync(TenantRole.Admin);
        var manager = await tenant.CreateUserAsync(TenantRole.Manager);
        var tester = await tenant.CreateUserAsync(TenantRole.Tester);
        var schemaId = await ProjectData.CreateSchemaAsync(api, tenant.Id, manager.Id);
        var started = DateTime.UtcNow.AddSeconds(-1);

        var adminClient = await admin.LoginAsync("10.20.0.1");
        var managerClient = await manager.LoginAsync("10.20.0.2");
        var project = await (await managerClient.PostAsJsonAsync("/projects/create", new { name = "audited-" + Guid.NewGuid().ToString("N")[..8] }))
            .ExpectAsync(HttpStatusCode.Created);
        var projectId = project.GetProperty("project_id").GetInt64();
        await (await managerClient.PostAsJsonAsync($"/projects/{projectId}/add-user", new { user_id = tester.Id, role = "view" }))
            .ExpectAsync(HttpStatusCode.OK);
        await (await managerClient.PostAsJsonAsync($"/projects/{projectId}/add-schema", new { schema_id = schemaId })).ExpectAsync(HttpStatusCode.OK);
        await (await managerClient.PutAsJsonAsync($"/projects/{projectId}", new { description = "now described" })).ExpectAsync(HttpStatusCode.OK);
        await (await managerClient.PostAsJsonAsync($"/projects/{projectId}/remove-user", new { user_id = tester.Id }))
            .ExpectAsync(HttpStatusCode.NoContent);
        await (await adminClient.DeleteAsync($"/projects/{projectId}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await managerClient.PostAsync("/users/logout", null)).ExpectAsync(HttpStatusCode.NoContent);
        var finished = DateTime.UtcNow.AddSeconds(1);

        var trail = (await (await adminClient.GetAsync("/audit/logs?limit=500")).ExpectAsync(HttpStatusCode.OK))
            .EnumerateArray().Reverse().ToList();

        string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Expected[] expected =
        [
            new("user.login", admin, "10.20.0.1", false, "user", Id(admin.Id)),
            new("user.login", manager, "10.20.0.2", false, "user", Id(manager.Id)),
            new("project.created", manager, "10.20.0.2", true, "project", Id(projectId)),
            new("project.member_added", manager, "10.20.0.2", true, "user", Id(tester.Id)),
            new("project.schema_linked", manager, "10.20.0.2", true, "schema", Id(schemaId)),
            new("project.updated", manager, "10.20.0.2", true, "project", Id(projectId)),
            new("project.member_removed", manager, "10.20.0.2", true, "user", Id(tester.Id)),
            new("project.deleted", admin, "10.20.0.1", true, "project", Id(projectId)),
            new("user.logout", manager, "10.20.0.2", false, "user", Id(manager.Id)),
        ];
        Assert.Equal(expected.Select(e => e.Action), trail.Select(r => r.GetProperty("action").GetString()));
        for (var i = 0; i < expected.Length; i++)
        {
            var (row, want) = (trail[i], expected[i]);
            var at = $"row {i} ({want.Action})";
            Assert.True(want.Actor.Id == row.GetProperty("actor_id").GetInt64(), at);
            Assert.True(want.Actor.Username == row.GetProperty("actor_username").GetString(), at);
            Assert.True(want.Actor.Role.Name() == row.GetProperty("actor_role").GetString(), at);
            Assert.True(tenant.Id == row.GetProperty("tenant_id").GetInt64(), at);
            Assert.True(want.ClientIp == row.GetProperty("client_ip").GetString(), at);
            Assert.True(want.TargetType == row.GetProperty("target_type").GetString(), at);
            Assert.True(want.TargetId == row.GetProperty("target_id").GetString(), at);
            if (want.HasProject) Assert.True(projectId == row.GetProperty("project_id").GetInt64(), at);
            else Assert.True(row.GetProperty("project_id").ValueKind == JsonValueKind.Null, at);
            var occurredAt = row.GetProperty("occurred_at").GetDateTime().ToUniversalTime();
            Assert.InRange(occurredAt, started, finished);
            Assert.EndsWith("Z", row.GetProperty("occurred_at").GetString());
            if (i > 0) Assert.True(occurredAt >= trail[i - 1].GetProperty("occurred_at").GetDateTime().ToUniversalTime(), at);
        }

        Assert.Equal("view", trail[3].GetProperty("details").GetProperty("role").GetString());
        var changes = trail[5].GetProperty("details").GetProperty("changes");
        Assert.Equal("now described", changes.GetProperty("description").GetProperty("to").GetString());
    }
}
