using FastEndpoints;

namespace Tdmp.Features.Users.SetupPassword;

public sealed class SetupPasswordEndpoint(IMediator mediator) : Endpoint<SetupPasswordRequest>
{
    public override void Configure()
    {
        Post("/users/setup-password");
        AllowAnonymous();
        Description(b => b.Produces(204).ProducesProblemDetails(400).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Set the password of an invited user";
            s.Description = """
                Anonymous: the invitation token is the credential. Sets the password and burns the token, which then never works
                again; an unknown, used or expired token (72 hours) is `422` on `token`. The password follows the policy: 12 to
                128 characters, not the username, not a common password (`422` on `password`, and the token stays usable).
                Then log in with `POST /users/token`. Audited as `user.password_set`.
                """;
            s.ExampleRequest = new SetupPasswordRequest { Token = "q8Zx3m5Yp0bV7kR2wT9sL4nH6dF1gJ8cA3eU5iO7yQ0",
                Password = "plum lantern across 42 rivers" };
        });
    }

    public override async Task HandleAsync(SetupPasswordRequest req, CancellationToken ct)
    {
        await mediator.Send(req, ct);
        await Send.NoContentAsync(ct);
    }
}
