using FastEndpoints;

namespace Tdmp.Features.Tenants.UpdateTenant;

/// <summary>The tenant's name and settings, replaced as a whole: every field is required.</summary>
public sealed class UpdateTenantRequest : TenantSettings
{
    /// <summary>From the route.</summary>
    [RouteParam, BindFrom("tenant_id")] public long TenantId { get; init; }

    public sealed class Validator : Validator<UpdateTenantRequest>
    {
        public Validator()
        {
            Include(new TenantSettingsRules());
            RuleFor(r => r.MaxRecordCount).NotNull();
            RuleFor(r => r.DatasetRetentionDays).NotNull();
        }
    }
}
