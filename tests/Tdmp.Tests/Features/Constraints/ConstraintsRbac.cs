using Tdmp.Tests.Features.Schemas;
using Tdmp.Tests.Rbac;
using static Tdmp.Tests.Rbac.RbacRow;

namespace Tdmp.Tests.Features.Constraints;

public sealed class ConstraintsRbac : IRbacTable
{
    public IEnumerable<RbacRow> Rows() =>
    [
        new("POST", "/constraints", SchemasRbac.WithSchema(HttpMethod.Post, _ => "/constraints",
            id => new { name = Workspace.Unique("rbac"), schema_id = id, rules = Array.Empty<object>() }), From(TenantRole.Manager)),
        new("GET", "/constraints", Call(HttpMethod.Get, "/constraints"), All(Outcome.Allowed)),
        // The admin's set of a schema in no project: testers do not see it, managers may not change it (they manage no
        // project of the schema and did not create it).
        new("GET", "/constraints/{constraint_set_id}", WithSet(HttpMethod.Get), From(TenantRole.Manager, Outcome.NotFound)),
        new("PUT", "/constraints/{constraint_set_id}", WithSet(HttpMethod.Put, new { rules = Array.Empty<object>() }), From(TenantRole.Admin)),
        new("DELETE", "/constraints/{constraint_set_id}", WithSet(HttpMethod.Delete), From(TenantRole.Admin)),
    ];

    private static Func<RbacWorld, TenantRole, Task<HttpRequestMessage>> WithSet(HttpMethod method, object? body = null) => async (world, _) =>
    {
        var admin = world.Clients[TenantRole.Admin];
        var schemaId = await Workspace.UploadSharedSchemaAsync(admin, "library.xsd");
        var set = await (await admin.PostAsJsonAsync("/constraints",
            new { name = Workspace.Unique("rbac"), schema_id = schemaId, rules = Array.Empty<object>() }))
            .ExpectAsync(HttpStatusCode.Created);
        return Message(method, $"/constraints/{set.GetProperty("constraint_set_id").GetInt64()}", body);
    };
}
