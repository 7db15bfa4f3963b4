using System.Text.Json;
using FastEndpoints;

namespace Tdmp.Features.Integrations.UpdateIntegration;

public sealed class UpdateIntegrationEndpoint(IMediator mediator) : Endpoint<UpdateIntegrationRequest, IntegrationResponse>
{
    public override void Configure()
    {
        Put("/integrations/{integration_id}");
        Roles(TenantRoles.AdminAndUp);
        Description(b => b.ProducesProblemDetails(400).ProducesProblemDetails(401).ProducesProblemDetails(403)
            .ProducesProblemDetails(404).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Update an integration";
            s.Description = """
                `name` absent keeps the name. `config`, when sent, is the complete new configuration (fields left out are
                removed) except for secret fields: a secret sent as `***` (as GET returns it) or left out keeps the stored secret,
                so a client can send back what it read. `events` replaces the list of a webhook. The provider never changes
                (`422` on `provider` if a different one is sent). Same checks as on create (`422`). `404` for another tenant's
                integration. Audited as `integration.updated` with before and after (secrets masked) and the names of changed secrets.
                """;
            s.ExampleRequest = new UpdateIntegrationRequest
            {
                IntegrationId = 4, Name = "exports bucket",
                Config = new Dictionary<string, JsonElement>
                {
                    ["bucket"] = JsonSerializer.SerializeToElement("tdmp-exports"),
                    ["region"] = JsonSerializer.SerializeToElement("eu-central-1"),
                    ["access_key_id"] = JsonSerializer.SerializeToElement("AKIAIOSFODNN7EXAMPLE"),
                    ["secret_access_key"] = JsonSerializer.SerializeToElement(IntegrationSecrets.Mask),
                    ["prefix"] = JsonSerializer.SerializeToElement("tdmp"),
                },
            };
            s.ResponseExamples[200] = IntegrationResponse.Example;
            s.Responses[403] = "Only admins and superusers manage integrations.";
            s.Responses[404] = "No such integration in the caller's tenant.";
            s.Responses[422] = "The name is taken, the provider differs, or the configuration is not valid.";
        });
    }

    public override async Task HandleAsync(UpdateIntegrationRequest req, CancellationToken ct)
        => await Send.OkAsync(
            await mediator.Send(new UpdateIntegrationCommand(req.IntegrationId, req.Name, req.Provider, req.Config, req.Events), ct), ct);
}
