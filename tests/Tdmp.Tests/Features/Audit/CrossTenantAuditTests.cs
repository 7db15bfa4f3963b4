using Tdmp.Tests.Features.Users;

namespace Tdmp.Tests.Features.Audit;

/// <summary>What a superuser changes in another tenant is audited in that tenant, where its admins look.</summary>
[Collection(ApiCollection.Name)]
public sealed class CrossTenantAuditTests(TdmpApi api)
{
    [Fact]
    public async Task Superusers_changes_in_another_tenant_show_in_that_tenants_audit_log()
    {
        var tenant = await api.CreateTenantAsync();
        var admin = await (await tenant.CreateUserAsync(TenantRole.Admin)).LoginAsync();
        var tester = await tenant.CreateUserAsync(TenantRole.Tester);
        var superuser = await api.LoginAsync(TdmpApi.SuperuserName, TdmpApi.SuperuserPassword);

        await (await superuser.PatchJsonAsync($"/users/{tester.Id}", new { role = "manager" })).ExpectAsync(HttpStatusCode.OK);
        var schemaId = await Workspace.UploadSharedSchemaAsync(admin, "library.xsd");
        await (await superuser.DeleteAsync($"/schemas/{schemaId}")).ExpectAsync(HttpStatusCode.NoContent);

        var rows = await (await admin.GetAsync("/audit/logs?limit=500")).ExpectAsync(HttpStatusCode.OK);
        var actions = rows.EnumerateArray()
            .Where(r => r.GetProperty("actor_role").GetString() == "superuser")
            .Select(r => (r.GetProperty("action").GetString(), r.GetProperty("target_id").GetString()))
            .ToList();
        Assert.Contains(("user.role_changed", tester.Id.ToString()), actions);
        Assert.Contains(("schema.deleted", schemaId.ToString()), actions);
    }
}
