using FastEndpoints;

namespace Tdmp.Features.Constraints.ListConstraintSets;

public sealed class ListConstraintSetsRequest : PageRequest
{
    /// <summary>Only the sets of this schema.</summary>
    [QueryParam] public long? SchemaId { get; init; }

    public sealed class Validator : Validator<ListConstraintSetsRequest>
    {
        public Validator() => Include(new PageRequestRules());
    }
}

public sealed class ListConstraintSetsEndpoint(IMediator mediator) : Endpoint<ListConstraintSetsRequest, IReadOnlyList<ConstraintSetResponse>>
{
    public override void Configure()
    {
        Get("/constraints");
        Roles(TenantRoles.Everyone);
        Description(b => b.ProducesProblemDetails(401).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "List constraint sets";
            s.Description = "The tenant's constraint sets, newest first, each with its current rules; `schema_id` filters. Paged (`limit`, "
                + "`offset`, `X-Total-Count`, `Link`).";
            s.ResponseExamples[200] = new[] { ConstraintSetResponse.Example };
        });
    }

    public override async Task HandleAsync(ListConstraintSetsRequest req, CancellationToken ct)
    {
        var (page, total) = await mediator.Send(new ListConstraintSetsQuery(req.SchemaId, req.Limit, req.Offset) { Sort = req.Sort }, ct);
        Paging.AddHeaders(HttpContext, req, total);
        await Send.OkAsync(page, ct);
    }
}
