using FastEndpoints;

namespace Tdmp.Features.Integrations.ListProviders;

public sealed class ListProvidersEndpoint : EndpointWithoutRequest<IReadOnlyList<ProviderDefinition>>
{
    public override void Configure()
    {
        Get("/integrations/providers");
        Roles(TenantRoles.AdminAndUp);
        Description(b => b.ProducesProblemDetails(401).ProducesProblemDetails(403));
        Summary(s =>
        {
            s.Summary = "List the integration providers and their config fields";
            s.Description = """
                `s3` (export datasets to a bucket) and `webhook` (signed POSTs for events), each with its config fields: `name`,
                `type` (`string`, `url`, `boolean`, `string[]`), `required`, and `secret` (stored encrypted with ASP.NET Data
                Protection, returned only as `***`). Admins and superusers; `403` for others.
                """;
            s.ResponseExamples[200] = IntegrationProviders.All;
        });
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync(IntegrationProviders.All, ct);
}
