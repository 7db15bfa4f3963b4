using FastEndpoints;

namespace Tdmp.Features.Tenants.GetTenant;

public sealed class GetTenantEndpoint(IMediator mediator) : Endpoint<GetTenantRequest, TenantView>
{
    public override void Configure()
    {
        Get("/tenants/{tenant_id}");
        Roles(TenantRoles.SuperuserOnly);
        Description(b => b.ProducesProblemDetails(401).ProducesProblemDetails(403).ProducesProblemDetails(404).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Get a tenant";
            s.Description = "Superusers only (API.md's role table); everyone else gets `403` whatever the id. "
                + "Admins read their own tenant with `GET /tenants`.";
            s.ResponseExamples[200] = TenantView.Example;
        });
    }

    public override async Task HandleAsync(GetTenantRequest req, CancellationToken ct)
        => await Send.OkAsync(await mediator.Send(req, ct), ct);
}
