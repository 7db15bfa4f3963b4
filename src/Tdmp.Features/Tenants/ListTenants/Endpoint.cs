using FastEndpoints;

namespace Tdmp.Features.Tenants.ListTenants;

public sealed class ListTenantsEndpoint(IMediator mediator) : Endpoint<ListTenantsRequest, IReadOnlyList<TenantView>>
{
    public override void Configure()
    {
        Get("/tenants");
        Roles("admin", "superuser");
        Description(b => b.ProducesProblemDetails(401).ProducesProblemDetails(403).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "List tenants and their settings";
            s.Description = """
                An admin gets a list with the caller's own tenant; a superuser gets every tenant, paged with `limit` and `offset`
                (`X-Total-Count`, `Link`). Tenant settings are for admins and superusers (API.md's role table), so testers and
                managers get `403`. Changing them (`PUT /tenants/{tenant_id}`) is for superusers.
                """;
            s.ResponseExamples[200] = new List<TenantView> { TenantView.Example };
        });
    }

    public override async Task HandleAsync(ListTenantsRequest req, CancellationToken ct)
    {
        var page = await mediator.Send(new ListTenantsQuery(req.Limit, req.Offset), ct);
        Paging.AddHeaders(HttpContext, req, page.Total);
        await Send.OkAsync(page.Tenants, ct);
    }
}
