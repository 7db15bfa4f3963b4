using FastEndpoints;

namespace Tdmp.Features.Tenants.GetTenant;

public sealed class GetTenantRequest : Mediator.IQuery<TenantView>
{
    /// <summary>The tenant's id.</summary>
    [RouteParam, BindFrom("tenant_id")] public long TenantId { get; init; }
}
