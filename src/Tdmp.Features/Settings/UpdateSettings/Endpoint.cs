using FastEndpoints;

namespace Tdmp.Features.Settings.UpdateSettings;

public sealed class UpdateSettingsEndpoint(IMediator mediator) : Endpoint<UpdateSettingsRequest, SettingsView>
{
    public override void Configure()
    {
        Put("/settings");
        Roles(TenantRoles.Everyone);
        Description(b => b.ProducesProblemDetails(400).ProducesProblemDetails(401).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Change my name or theme";
            s.Description = """
                Changes `name` (or its synonym `full_name`) and `theme` (`light`, `dark` or `system`) of the caller's own account. Fields left out
                stay as
                they are (so this `PUT` works like a patch of these two fields). Any other field, such as `role`, `email` or
                `tenant_id`, is `400` and nothing changes: e-mail and password have their own endpoints that ask for the
                password. Audited as `settings.updated`.
                """;
            s.ExampleRequest = new UpdateSettingsRequest { Name = "Jane Doe", Theme = "dark" };
            s.ResponseExamples[200] = SettingsView.Example;
        });
    }

    public override async Task HandleAsync(UpdateSettingsRequest req, CancellationToken ct)
        => await Send.OkAsync(await mediator.Send(new UpdateSettingsCommand(req.FullName ?? req.Name, req.Theme), ct), ct);
}
