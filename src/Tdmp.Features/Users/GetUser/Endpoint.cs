using FastEndpoints;

namespace Tdmp.Features.Users.GetUser;

public sealed class GetUserEndpoint(IMediator mediator) : Endpoint<GetUserRequest, UserView>
{
    public override void Configure()
    {
        Get("/users/{user_id}");
        Roles(TenantRoles.Everyone);
        Description(b => b.ProducesProblemDetails(401).ProducesProblemDetails(404).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Get a user";
            s.Description = """
                Any user may read the users of their own tenant; superusers read every user. A user of another tenant is `404`.
                `email` is shown to admins and superusers and on the caller's own account only.
                """;
            s.ResponseExamples[200] = UserView.Example;
        });
    }

    public override async Task HandleAsync(GetUserRequest req, CancellationToken ct)
        => await Send.OkAsync(await mediator.Send(req, ct), ct);
}
