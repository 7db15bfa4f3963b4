using Tdmp.Tests.Generation;
using Tdmp.Tests.Rbac;
using static Tdmp.Tests.Rbac.RbacRow;

namespace Tdmp.Tests.Features.Schemas;

public sealed class SchemasRbac : IRbacTable
{
    public IEnumerable<RbacRow> Rows() =>
    [
        new("POST", "/schemas", (_, _) => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, "/schemas")
        {
            Content = new MultipartFormDataContent
            {
                { new StringContent(Workspace.Unique("rbac")), "name" },
                { new ByteArrayContent(SharedSchemas.Bytes("library.xsd")), "file", "library.xsd" },
            },
        }), From(TenantRole.Manager)),
        new("GET", "/schemas", Call(HttpMethod.Get, "/schemas"), All(Outcome.Allowed)),
        // Testers see a schema only through a project they are a member of (this one is in none).
        new("GET", "/schemas/{schema_id}", WithSchema(HttpMethod.Get, id => $"/schemas/{id}"), From(TenantRole.Manager, Outcome.NotFound)),
        new("GET", "/schemas/{schema_id}/repr", WithSchema(HttpMethod.Get, id => $"/schemas/{id}/repr"), From(TenantRole.Manager, Outcome.NotFound)),
        new("DELETE", "/schemas/{schema_id}", WithSchema(HttpMethod.Delete, id => $"/schemas/{id}"), From(TenantRole.Manager)),
        new("POST", "/schemas/{schema_id}/preview", WithSchema(HttpMethod.Post, id => $"/schemas/{id}/preview", _ => new { count = 2 }),
            From(TenantRole.Manager, Outcome.NotFound)),
    ];

    /// <summary>A request on a schema the tenant's admin has just uploaded.</summary>
    public static Func<RbacWorld, TenantRole, Task<HttpRequestMessage>> WithSchema(
        HttpMethod method, Func<long, string> url, Func<long, object>? body = null)
        => async (world, _) =>
        {
            var id = await Workspace.UploadSharedSchemaAsync(world.Clients[TenantRole.Admin], "library.xsd");
            return Message(method, url(id), body?.Invoke(id));
        };
}
