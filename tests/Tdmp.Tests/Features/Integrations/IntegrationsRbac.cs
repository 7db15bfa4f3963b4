using Tdmp.Tests.Rbac;
using static Tdmp.Tests.Rbac.RbacRow;

namespace Tdmp.Tests.Features.Integrations;

/// <summary>Integrations are for admins (own tenant) and superusers; exports for whoever may edit in the dataset's project.</summary>
public sealed class IntegrationsRbac : IRbacTable
{
    private static readonly IReadOnlyDictionary<TenantRole, Outcome> AdminsOnly = From(TenantRole.Admin);

    public IEnumerable<RbacRow> Rows() =>
    [
        new("GET", "/integrations/providers", Call(HttpMethod.Get, "/integrations/providers"), AdminsOnly),
        new("GET", "/integrations", Call(HttpMethod.Get, "/integrations"), AdminsOnly),
        new("POST", "/integrations", (_, _) => Task.FromResult(Message(HttpMethod.Post, "/integrations", new
        {
            name = Workspace.Unique("rbac"), provider = "webhook",
            config = new { url = "http://127.0.0.1:1/hook", secret = IntegrationKit.WebhookSecret },
        })), AdminsOnly),
        new("GET", "/integrations/{integration_id}", WithIntegration(HttpMethod.Get, id => $"/integrations/{id}"), AdminsOnly),
        new("PUT", "/integrations/{integration_id}",
            WithIntegration(HttpMethod.Put, id => $"/integrations/{id}", new { name = Workspace.Unique("renamed") }), AdminsOnly),
        new("DELETE", "/integrations/{integration_id}", WithIntegration(HttpMethod.Delete, id => $"/integrations/{id}"), AdminsOnly),
        new("POST", "/integrations/{integration_id}/test", WithIntegration(HttpMethod.Post, id => $"/integrations/{id}/test"), AdminsOnly),
        new("GET", "/integrations/{integration_id}/deliveries", WithIntegration(HttpMethod.Get, id => $"/integrations/{id}/deliveries"), AdminsOnly),
        // The project is the admin's, with no members: testers and managers do not even see the dataset (404).
        new("POST", "/datasets/{dataset_id}/export-s3", async (world, _) =>
        {
            var admin = world.Clients[TenantRole.Admin];
            var (projectId, schemaId) = await Workspace.ProjectWithSchemaAsync(admin, "library.xsd");
            var dataset = await Workspace.GenerateAsync(admin,
                new { name = "rbac", project_id = projectId, schema_id = schemaId, record_count = 2, types = new[] { "xml" } });
            var integrationId = await IntegrationKit.CreateS3Async(admin, "rbac-bucket");
            return Message(HttpMethod.Post, $"/datasets/{dataset.GetProperty("dataset_id").GetInt64()}/export-s3",
                new { integration_id = integrationId });
        }, From(TenantRole.Admin, Outcome.NotFound)),
    ];

    /// <summary>A fresh webhook integration of the world's tenant for each call (so a DELETE by one role leaves the next its own).</summary>
    private static Func<RbacWorld, TenantRole, Task<HttpRequestMessage>> WithIntegration(
        HttpMethod method, Func<long, string> url, object? json = null)
        => async (world, _) =>
        {
            var id = await IntegrationKit.CreateWebhookAsync(world.Clients[TenantRole.Admin], "http://127.0.0.1:1/hook");
            return Message(method, url(id), json);
        };
}
