using FastEndpoints;

namespace Tdmp.Features.Projects.ListProjects;

public sealed class ListProjectsEndpoint(IMediator mediator) : Endpoint<ListProjectsRequest, IReadOnlyList<ProjectResponse>>
{
    public override void Configure()
    {
        Get("/projects");
        Roles(TenantRoles.Everyone);
        Description(b => b.ProducesProblemDetails(401).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "List the projects the caller may see";
            s.Description = """
                Testers see the projects they are members of; managers those they are members of or created; admins all
                projects of their tenant; superusers all projects of all tenants. Sorted by name, or as `sort` says
                (`name`, `created_at`, `updated_at`, `project_id`; `-` in front for descending).
                Filters: `tag` (one tag, case-insensitive), `q` (text in name or description, case-insensitive).
                Paged with `limit` (1..500, default 50) and `offset`; the total is in `X-Total-Count`, the pages in `Link`.
                """;
            s.ResponseExamples[200] = new[] { ProjectResponse.Example };
        });
    }

    public override async Task HandleAsync(ListProjectsRequest req, CancellationToken ct)
    {
        var page = await mediator.Send(new ListProjectsQuery(req.Tag, req.Q, req.Limit, req.Offset, req.Sort), ct);
        Paging.AddHeaders(HttpContext, req, page.Total);
        await Send.OkAsync(page.Items, ct);
    }
}
