using FastEndpoints;

namespace Tdmp.Features.Settings.DisableTwoFactor;

public sealed class DisableTwoFactorEndpoint(IMediator mediator) : Endpoint<DisableTwoFactorRequest>
{
    public override void Configure()
    {
        Post("/settings/disable_2fa");
        Roles(TenantRoles.Everyone);
        Description(b => b.Produces(204).ProducesProblemDetails(400).ProducesProblemDetails(401).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Turn off two-factor login";
            s.Description = """
                Needs both the password (`422` on `password`) and a code (`422` on `code`): a current TOTP code or an unused
                recovery code, which is used up. Removes the secret and every recovery code; logins need no `otp` afterwards.
                `422` when two-factor login is not on. Audited as `user.2fa_disabled`.
                """;
            s.ExampleRequest = new DisableTwoFactorRequest { Password = "plum lantern across 42 rivers", Code = "492039" };
        });
    }

    public override async Task HandleAsync(DisableTwoFactorRequest req, CancellationToken ct)
    {
        await mediator.Send(req, ct);
        await Send.NoContentAsync(ct);
    }
}
