using FastEndpoints;

namespace Tdmp.Features.Integrations.ListIntegrations;

public sealed class ListIntegrationsEndpoint(IMediator mediator) : Endpoint<ListIntegrationsRequest, IReadOnlyList<IntegrationResponse>>
{
    public override void Configure()
    {
        Get("/integrations");
        Roles(TenantRoles.AdminAndUp);
        Description(b => b.ProducesProblemDetails(401).ProducesProblemDetails(403).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "List integrations";
            s.Description = """
                Admins see their tenant's integrations, superusers those of all tenants; `403` for testers and managers.
                Secret config fields are shown as `***`. Filter: `provider`. Sorted by tenant and name, or as `sort` says
                (`name`, `provider`, `created_at`, `updated_at`, `tenant_id`, `integration_id`; `-` in front for descending); paged with `limit`
                (1..500, default 50) and `offset`, the total in `X-Total-Count`, the pages in `Link`.
                """;
            s.ResponseExamples[200] = new[] { IntegrationResponse.Example };
        });
    }

    public override async Task HandleAsync(ListIntegrationsRequest req, CancellationToken ct)
    {
        var page = await mediator.Send(new ListIntegrationsQuery(req.Provider, req.Limit, req.Offset, req.Sort), ct);
        Paging.AddHeaders(HttpContext, req, page.Total);
        await Send.OkAsync(page.Items, ct);
    }
}
