using FastEndpoints;

namespace Tdmp.Features.Tenants.ListTenants;

public sealed class ListTenantsEndpoint(IMediator mediator) : Endpoint<ListTenantsRequest, IReadOnlyList<TenantView>>
{
    public override void Configure()
    {
        Get("/tenants/all");
        Roles(TenantRoles.SuperuserOnly);
        Description(b => b.ProducesProblemDetails(401).ProducesProblemDetails(403).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "List every tenant (superusers)";
            s.Description = """
                Every tenant with its settings, paged with `limit` and `offset` (`X-Total-Count`, `Link`). Superusers only;
                everyone reads their own tenant with `GET /tenants`.
                """;
            s.ResponseExamples[200] = new List<TenantView> { TenantView.Example };
        });
    }

    public override async Task HandleAsync(ListTenantsRequest req, CancellationToken ct)
    {
        var page = await mediator.Send(new ListTenantsQuery(req.Limit, req.Offset) { Sort = req.Sort }, ct);
        Paging.AddHeaders(HttpContext, req, page.Total);
        await Send.OkAsync(page.Tenants, ct);
    }
}
