using FastEndpoints;

namespace Tdmp.Features.Tenants.CreateTenant;

public sealed class CreateTenantRequest : TenantSettings
{
    public sealed class Validator : Validator<CreateTenantRequest>
    {
        public Validator() => Include(new TenantSettingsRules());
    }
}
