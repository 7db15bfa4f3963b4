using FastEndpoints;

namespace Tdmp.Features.Settings.ChangePassword;

public sealed class ChangePasswordEndpoint(IMediator mediator) : Endpoint<ChangePasswordRequest>
{
    public override void Configure()
    {
        Post("/settings/change_password");
        Roles(TenantRoles.Everyone);
        Description(b => b.Produces(204).ProducesProblemDetails(400).ProducesProblemDetails(401).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Change my password";
            s.Description = """
                Needs the current password (`422` on `current_password` when wrong). The new one follows the policy: 12 to 128
                characters, not the username, not a common password (`422` on `new_password`). Every other session of the user
                is revoked, so older tokens get `401` at once; the token of this request keeps working. Audited as
                `user.password_changed`.
                """;
            s.ExampleRequest = new ChangePasswordRequest { CurrentPassword = "plum lantern across 42 rivers",
                NewPassword = "seven quiet herons at dawn" };
        });
    }

    public override async Task HandleAsync(ChangePasswordRequest req, CancellationToken ct)
    {
        await mediator.Send(req, ct);
        await Send.NoContentAsync(ct);
    }
}
