using FastEndpoints;

namespace Tdmp.Features.Settings.GetSettings;

public sealed class GetSettingsEndpoint(IMediator mediator) : EndpointWithoutRequest<SettingsView>
{
    public override void Configure()
    {
        Get("/settings");
        Roles(TenantRoles.Everyone);
        Description(b => b.ProducesProblemDetails(401));
        Summary(s =>
        {
            s.Summary = "Get my settings";
            s.Description = "The caller's own profile and preferences. Two-factor secrets and recovery codes are never returned here.";
            s.ResponseExamples[200] = SettingsView.Example;
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
        => await Send.OkAsync(await mediator.Send(new GetSettingsQuery(), ct), ct);
}
