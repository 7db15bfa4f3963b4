using Tdmp.Tests.Rbac;
using static Tdmp.Tests.Rbac.RbacRow;

namespace Tdmp.Tests.Features.Projects;

/// <summary>
/// Every row works on a fresh project created by the world's manager, with the world's tester as a view member, so that
/// each role sees the project and the outcome shows its permission alone (visibility has its own tests).
/// </summary>
public sealed class ProjectsRbac : IRbacTable
{
    private static readonly IReadOnlyDictionary<TenantRole, Outcome> ManagersUp = From(TenantRole.Manager);

    public IEnumerable<RbacRow> Rows() =>
    [
        new("POST", "/projects/create", (_, _) => Task.FromResult(Message(HttpMethod.Post, "/projects/create",
            new { name = "rbac-" + Guid.NewGuid().ToString("N")[..12], tags = new[] { "rbac" } })), ManagersUp),
        new("GET", "/projects", Call(HttpMethod.Get, "/projects"), All(Outcome.Allowed)),
        new("GET", "/projects/{project_id}", OnProject((_, id) => Message(HttpMethod.Get, $"/projects/{id}")), All(Outcome.Allowed)),
        new("PUT", "/projects/{project_id}", OnProject((_, id) => Message(HttpMethod.Put, $"/projects/{id}", new { description = "changed" })),
            ManagersUp),
        new("DELETE", "/projects/{project_id}", OnProject((_, id) => Message(HttpMethod.Delete, $"/projects/{id}")), From(TenantRole.Admin)),
        new("POST", "/projects/{project_id}/add-user", OnProject((world, id) => Message(HttpMethod.Post, $"/projects/{id}/add-user",
            new { user_id = world.Users[TenantRole.Admin].Id, role = "edit" })), ManagersUp),
        new("POST", "/projects/{project_id}/remove-user", OnProject((world, id) => Message(HttpMethod.Post, $"/projects/{id}/remove-user",
            new { user_id = world.Users[TenantRole.Tester].Id })), ManagersUp),
        new("POST", "/projects/{project_id}/add-schema", async (world, role) =>
        {
            var id = await NewProjectAsync(world);
            var schemaId = await ProjectData.CreateSchemaAsync(world.Api, world.Tenant.Id);
            return Message(HttpMethod.Post, $"/projects/{id}/add-schema", new { schema_id = schemaId });
        }, ManagersUp),
        new("POST", "/projects/{project_id}/remove-schema", async (world, role) =>
        {
            var id = await NewProjectAsync(world);
            var schemaId = await ProjectData.CreateSchemaAsync(world.Api, world.Tenant.Id);
            await ProjectData.LinkSchemaAsync(world.Api, id, schemaId);
            return Message(HttpMethod.Post, $"/projects/{id}/remove-schema", new { schema_id = schemaId });
        }, ManagersUp),
    ];

    private static async Task<long> NewProjectAsync(RbacWorld world)
    {
        var id = await ProjectData.CreateProjectAsync(world.Api, world.Tenant.Id, world.Users[TenantRole.Manager].Id);
        await ProjectData.AddMemberAsync(world.Api, id, world.Users[TenantRole.Tester].Id, "view");
        return id;
    }

    private static Func<RbacWorld, TenantRole, Task<HttpRequestMessage>> OnProject(Func<RbacWorld, long, HttpRequestMessage> request)
        => async (world, _) => request(world, await NewProjectAsync(world));
}
