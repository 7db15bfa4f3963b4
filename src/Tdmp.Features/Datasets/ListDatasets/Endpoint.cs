using FastEndpoints;

namespace Tdmp.Features.Datasets.ListDatasets;

public sealed class ListDatasetsEndpoint(IMediator mediator) : Endpoint<ListDatasetsRequest, IReadOnlyList<DatasetResponse>>
{
    public override void Configure()
    {
        Get("/datasets");
        Roles(TenantRoles.Everyone);
        Description(b => b.ProducesProblemDetails(401).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "List datasets";
            s.Description = "Datasets of the projects the caller sees, newest first or as `sort` says (`created_at`, `name`, `status`, "
                + "`record_count`, `completed_at`; `-` for descending); filters `project_id`, `status`, `schema_id`, `created_after`, "
                + "`created_before` (RFC 3339). Paged (`limit`, `offset`, `X-Total-Count`, `Link`).";
            s.ResponseExamples[200] = new[] { DatasetResponse.Example };
        });
    }

    public override async Task HandleAsync(ListDatasetsRequest req, CancellationToken ct)
    {
        var (page, total) = await mediator.Send(new ListDatasetsQuery(req.ProjectId, req.Status, req.SchemaId, req.Limit, req.Offset)
            { Sort = req.Sort, CreatedAfter = req.CreatedAfter, CreatedBefore = req.CreatedBefore }, ct);
        Paging.AddHeaders(HttpContext, req, total);
        await Send.OkAsync(page, ct);
    }
}
