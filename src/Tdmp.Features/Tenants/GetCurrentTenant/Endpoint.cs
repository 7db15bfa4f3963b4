using FastEndpoints;

namespace Tdmp.Features.Tenants.GetCurrentTenant;

public sealed class GetCurrentTenantEndpoint(IMediator mediator) : EndpointWithoutRequest<TenantView>
{
    public override void Configure()
    {
        Get("/tenants");
        Roles(TenantRoles.Everyone);
        Description(b => b.ProducesProblemDetails(401));
        Summary(s =>
        {
            s.Summary = "Get the caller's tenant";
            s.Description = """
                The tenant the caller belongs to, as an object, for every role: its name, the most records one dataset may
                have (`max_record_count`) and how long finished datasets are kept (`dataset_retention_days`). Superusers
                list every tenant with `GET /tenants/all` and change one with `PUT /tenants/{tenant_id}`.
                """;
            s.ResponseExamples[200] = TenantView.Example;
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
        => await Send.OkAsync(await mediator.Send(new GetCurrentTenantQuery(), ct), ct);
}
