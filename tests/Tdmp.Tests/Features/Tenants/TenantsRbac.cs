using Tdmp.Tests.Features.Users;
using Tdmp.Tests.Rbac;
using static Tdmp.Tests.Rbac.RbacRow;

namespace Tdmp.Tests.Features.Tenants;

/// <summary>Everyone reads their own tenant; the list of all; by id only superusers.</summary>
public sealed class TenantsRbac : IRbacTable
{
    public IEnumerable<RbacRow> Rows() =>
    [
        new("GET", "/tenants", Call(HttpMethod.Get, "/tenants"), From(TenantRole.Tester)),
        new("GET", "/tenants/all", Call(HttpMethod.Get, "/tenants/all"), From(TenantRole.Superuser)),
        new("GET", "/tenants/{tenant_id}", (world, _) => Task.FromResult(Message(HttpMethod.Get, $"/tenants/{world.Tenant.Id}")),
            From(TenantRole.Superuser)),
        new("PUT", "/tenants/{tenant_id}", (world, _) => Task.FromResult(Message(HttpMethod.Put, $"/tenants/{world.Tenant.Id}",
            new { name = world.Tenant.Name, max_record_count = 10_000_000, dataset_retention_days = 30 })), From(TenantRole.Superuser)),
        new("POST", "/tenants", (_, _) => Task.FromResult(Message(HttpMethod.Post, "/tenants", new { name = IdentityKit.UniqueName("rbac-tenant") })),
            From(TenantRole.Superuser)),
    ];
}
