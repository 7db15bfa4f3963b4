using FastEndpoints;

namespace Tdmp.Features.Schemas.ListSchemas;

public sealed class ListSchemasEndpoint(IMediator mediator) : Endpoint<ListSchemasRequest, IReadOnlyList<SchemaResponse>>
{
    public override void Configure()
    {
        Get("/schemas");
        Roles(TenantRoles.Everyone);
        Description(b => b.ProducesProblemDetails(401).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "List schemas";
            s.Description = "The tenant's schemas (a superuser's: every tenant's), newest first; `type` and `q` filter. Paged with "
                + "`limit`/`offset`, total in `X-Total-Count`, pages in `Link`.";
            s.ResponseExamples[200] = new[] { SchemaResponse.Example };
        });
    }

    public override async Task HandleAsync(ListSchemasRequest req, CancellationToken ct)
    {
        var (page, total) = await mediator.Send(new ListSchemasQuery(req.Type, req.Q, req.Limit, req.Offset) { Sort = req.Sort }, ct);
        Paging.AddHeaders(HttpContext, req, total);
        await Send.OkAsync(page, ct);
    }
}
