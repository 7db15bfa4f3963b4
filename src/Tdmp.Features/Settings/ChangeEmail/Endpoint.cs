using FastEndpoints;

namespace Tdmp.Features.Settings.ChangeEmail;

public sealed class ChangeEmailEndpoint(IMediator mediator) : Endpoint<ChangeEmailRequest, SettingsView>
{
    public override void Configure()
    {
        Post("/settings/change_email");
        Roles(TenantRoles.Everyone);
        Description(b => b.ProducesProblemDetails(400).ProducesProblemDetails(401).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Change my e-mail address";
            s.Description = """
                Needs the caller's password (`422` on `password` when wrong), so a borrowed token alone cannot take over the
                account's address. Returns the settings with the new address. Audited as `user.email_changed` (without the
                addresses, so that deleting the account anonymises them everywhere).
                """;
            s.ExampleRequest = new ChangeEmailRequest { Password = "plum lantern across 42 rivers", NewEmail = "jane.doe@example.com" };
            s.ResponseExamples[200] = SettingsView.Example with { Email = "jane.doe@example.com" };
        });
    }

    public override async Task HandleAsync(ChangeEmailRequest req, CancellationToken ct)
        => await Send.OkAsync(await mediator.Send(req, ct), ct);
}
