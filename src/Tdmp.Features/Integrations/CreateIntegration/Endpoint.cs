using System.Text.Json;
using FastEndpoints;

namespace Tdmp.Features.Integrations.CreateIntegration;

public sealed class CreateIntegrationEndpoint(IMediator mediator) : Endpoint<CreateIntegrationRequest, IntegrationResponse>
{
    public override void Configure()
    {
        Post("/integrations");
        Roles(TenantRoles.AdminAndUp);
        Description(b => b.AcceptsIdempotencyKey().Produces<IntegrationResponse>(201).ProducesProblemDetails(400).ProducesProblemDetails(401)
            .ProducesProblemDetails(403).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Create an integration (S3 bucket or webhook)";
            s.Description = """
                Creates an integration in the caller's tenant; admins and superusers only (`403` otherwise). `config` holds the
                provider's fields (GET /integrations/providers): unknown fields, missing required ones and wrong types are `422`
                with `errors` keyed `config.<field>`. Secret fields (`secret_access_key`, `secret`) are encrypted at rest with ASP.NET
                Data Protection and come back only as `***`.

                Webhooks: `url` must be http(s); a literal loopback, private or link-local address is refused here (`422`), and
                every connection checks the resolved address again, unless the operator sets `Integrations__AllowPrivateTargets=true`.
                `events` (top level, or `config.events`): any of `dataset.completed`, `dataset.failed`, `schema.uploaded`,
                `project.created`; default all. `secret`: at least 16 characters; it keys the `X-Tdmp-Signature` HMAC.
                S3: `bucket`, `access_key_id` and `secret_access_key` are required; `endpoint_url` and `force_path_style` for
                S3-compatible stores; `prefix` is the default key prefix of exports.

                Nothing is contacted on create: use `POST /integrations/{integration_id}/test`. `201` with `Location`.
                The name is unique within the tenant regardless of case (`422`). Audited as `integration.created` (without secrets).
                """;
            s.ExampleRequest = new CreateIntegrationRequest
            {
                Name = "ci webhook", Provider = IntegrationProviders.Webhook,
                Config = new Dictionary<string, JsonElement>
                {
                    ["url"] = JsonSerializer.SerializeToElement("https://ci.example.com/hooks/tdmp"),
                    ["secret"] = JsonSerializer.SerializeToElement("a long shared secret, 16+ chars"),
                },
                Events = [EventNames.DatasetCompleted, EventNames.DatasetFailed],
            };
            s.ResponseExamples[201] = IntegrationResponse.Example;
            s.Responses[201] = "The integration was created.";
            s.Responses[403] = "Only admins and superusers manage integrations.";
            s.Responses[422] = "The name is taken, or the configuration is not valid for the provider.";
        });
    }

    public override async Task HandleAsync(CreateIntegrationRequest req, CancellationToken ct)
    {
        var integration = await mediator.Send(new CreateIntegrationCommand(req.Name, req.Provider, req.Config, req.Events), ct);
        await Send.CreatedAtAsync<GetIntegration.GetIntegrationEndpoint>(new { integration_id = integration.IntegrationId }, integration,
            cancellation: ct);
    }
}
