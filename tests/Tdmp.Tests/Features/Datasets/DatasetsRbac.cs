using Tdmp.Tests.Rbac;
using static Tdmp.Tests.Rbac.RbacRow;

namespace Tdmp.Tests.Features.Datasets;

/// <summary>The project is the admin's, with no members: testers and managers do not even see it (404).</summary>
public sealed class DatasetsRbac : IRbacTable
{
    private static readonly IReadOnlyDictionary<TenantRole, Outcome> AdminsOnly = From(TenantRole.Admin, Outcome.NotFound);

    public IEnumerable<RbacRow> Rows() =>
    [
        new("POST", "/datasets/create", async (world, _) =>
        {
            var (projectId, schemaId) = await Workspace.ProjectWithSchemaAsync(world.Clients[TenantRole.Admin], "library.xsd");
            return Message(HttpMethod.Post, "/datasets/create",
                new { name = "rbac", project_id = projectId, schema_id = schemaId, record_count = 2 });
        }, AdminsOnly),
        new("GET", "/datasets", Call(HttpMethod.Get, "/datasets"), All(Outcome.Allowed)),
        new("GET", "/datasets/{dataset_id}", WithDataset(HttpMethod.Get, id => $"/datasets/{id}"), AdminsOnly),
        new("DELETE", "/datasets/{dataset_id}", WithDataset(HttpMethod.Delete, id => $"/datasets/{id}"), AdminsOnly),
        new("GET", "/datasets/generate/{dataset_id}", WithDataset(HttpMethod.Get, id => $"/datasets/generate/{id}"), AdminsOnly),
        new("GET", "/data/{dataset_id}", WithDataset(HttpMethod.Get, id => $"/data/{id}"), AdminsOnly),
    ];

    private static Func<RbacWorld, TenantRole, Task<HttpRequestMessage>> WithDataset(HttpMethod method, Func<long, string> url) => async (world, _) =>
    {
        var admin = world.Clients[TenantRole.Admin];
        var (projectId, schemaId) = await Workspace.ProjectWithSchemaAsync(admin, "library.xsd");
        var dataset = await Workspace.GenerateAsync(admin,
            new { name = "rbac", project_id = projectId, schema_id = schemaId, record_count = 2, types = new[] { "xml" } });
        return Message(method, url(dataset.GetProperty("dataset_id").GetInt64()));
    };
}
