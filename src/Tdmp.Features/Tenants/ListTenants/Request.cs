using FastEndpoints;

namespace Tdmp.Features.Tenants.ListTenants;

public sealed class ListTenantsRequest : PageRequest
{
    public sealed class Validator : Validator<ListTenantsRequest>
    {
        public Validator() => Include(new PageRequestRules());
    }
}
