using FastEndpoints;

namespace Tdmp.Features.Integrations.GetIntegration;

public sealed class GetIntegrationEndpoint(IMediator mediator) : Endpoint<GetIntegrationRequest, IntegrationResponse>
{
    public override void Configure()
    {
        Get("/integrations/{integration_id}");
        Roles(TenantRoles.AdminAndUp);
        Description(b => b.ProducesProblemDetails(401).ProducesProblemDetails(403).ProducesProblemDetails(404));
        Summary(s =>
        {
            s.Summary = "Get an integration";
            s.Description = "The integration with secret config fields shown as `***`. `404` for another tenant's integration (superusers see all).";
            s.ResponseExamples[200] = IntegrationResponse.Example;
        });
    }

    public override async Task HandleAsync(GetIntegrationRequest req, CancellationToken ct)
        => await Send.OkAsync(await mediator.Send(req, ct), ct);
}
