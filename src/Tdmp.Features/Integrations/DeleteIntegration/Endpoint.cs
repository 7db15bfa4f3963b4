using FastEndpoints;

namespace Tdmp.Features.Integrations.DeleteIntegration;

public sealed class DeleteIntegrationEndpoint(IMediator mediator) : Endpoint<DeleteIntegrationRequest>
{
    public override void Configure()
    {
        Delete("/integrations/{integration_id}");
        Roles(TenantRoles.AdminAndUp);
        Description(b => b.ClearDefaultAccepts().Produces(204).ProducesProblemDetails(401).ProducesProblemDetails(403)
            .ProducesProblemDetails(404).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Delete an integration";
            s.Description = """
                Deletes the integration with its webhook deliveries (pending ones are not sent any more) and its encrypted secrets.
                Exports made with it stay listed on their datasets, without the integration. Objects already in a bucket stay.
                `404` for another tenant's integration. Audited as `integration.deleted`.
                """;
            s.Responses[204] = "The integration was deleted.";
            s.Responses[403] = "Only admins and superusers manage integrations.";
            s.Responses[404] = "No such integration in the caller's tenant.";
            s.Responses[422] = "The integration id is not a positive integer.";
        });
    }

    public override async Task HandleAsync(DeleteIntegrationRequest req, CancellationToken ct)
    {
        await mediator.Send(req, ct);
        await Send.NoContentAsync(ct);
    }
}
