using FastEndpoints;

namespace Tdmp.Features.Users.Logout;

public sealed class LogoutEndpoint(IMediator mediator) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Verbs(Http.GET, Http.POST);
        Roles(TenantRoles.Everyone);
        Routes("/users/logout");
        Description(b => b.Produces(204).ProducesProblemDetails(401));
        Summary(s =>
        {
            s.Summary = "Log out";
            s.Description = "Revokes this token's session: the same token gets `401` from then on, on every node. `GET` and `POST` both work.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        await mediator.Send(new LogoutCommand(), ct);
        await Send.NoContentAsync(ct);
    }
}
