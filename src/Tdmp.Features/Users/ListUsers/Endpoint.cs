using FastEndpoints;

namespace Tdmp.Features.Users.ListUsers;

public sealed class ListUsersEndpoint(IMediator mediator) : Endpoint<ListUsersRequest, IReadOnlyList<UserView>>
{
    public override void Configure()
    {
        Get("/users");
        Roles(TenantRoles.Everyone);
        Description(b => b.ProducesProblemDetails(401).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "List users";
            s.Description = """
                Users of the caller's tenant (superusers: of every tenant, narrowed with `tenant_id`), oldest first, paged with
                `limit` and `offset`; the total is in `X-Total-Count`, the pages in `Link`. Filters: `q` (part of the username
                or full name, case-insensitive), `role`, `is_active`, `tenant_id`.

                Every role may list the users of its tenant, but only admins and superusers see e-mail addresses: for testers
                and managers `email` is left out (except on their own row), and `q` does not search addresses for them.
                Password hashes, two-factor secrets and recovery codes are never returned.
                """;
            s.ResponseExamples[200] = new List<UserView> { UserView.Example };
        });
    }

    public override async Task HandleAsync(ListUsersRequest req, CancellationToken ct)
    {
        var page = await mediator.Send(new ListUsersQuery(req.Q, req.Role, req.IsActive, req.TenantId, req.Limit, req.Offset) { Sort = req.Sort },
            ct);
        Paging.AddHeaders(HttpContext, req, page.Total);
        await Send.OkAsync(page.Users, ct);
    }
}
