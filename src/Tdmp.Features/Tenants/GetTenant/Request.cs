namespace Tdmp.Features.Tenants.GetTenant;

public sealed class GetTenantRequest
{
    /// <summary>The tenant's id.</summary>
    public long TenantId { get; init; }
}
