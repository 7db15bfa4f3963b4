using FastEndpoints;

namespace Tdmp.Features.Tenants.CreateTenant;

public sealed class CreateTenantEndpoint(IMediator mediator) : Endpoint<CreateTenantRequest, TenantView>
{
    public override void Configure()
    {
        Post("/tenants");
        Roles(TenantRoles.SuperuserOnly);
        Description(b => b.Produces<TenantView>(201).ProducesProblemDetails(400).ProducesProblemDetails(401)
            .ProducesProblemDetails(403).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Create a tenant";
            s.Description = """
                Superusers only. `name` is unique (`422` when taken); `max_record_count` (default 10,000,000) and
                `dataset_retention_days` (default 30) may be left out, and so may the quotas and value bounds (README, "Limits"):
                `max_active_datasets_per_user` (10), `max_active_datasets_per_tenant` (50), `max_stored_bytes` (100 GiB),
                `max_dataset_bytes` (20 GiB), `max_files_per_dataset` (10,000), `max_record_bytes` (1 MiB), `max_string_length`
                (100,000) and `max_array_items` (10,000). The new tenant has no users: create its first admin with
                `POST /users/create` and `tenant_id`. `201` with `Location: /tenants/{tenant_id}`. Audited as `tenant.created`.
                """;
            s.ExampleRequest = new CreateTenantRequest { Name = "payments", MaxRecordCount = 5_000_000, DatasetRetentionDays = 14 };
            s.ResponseExamples[201] = TenantView.Example with { MaxRecordCount = 5_000_000, DatasetRetentionDays = 14, UserCount = 0 };
        });
    }

    public override async Task HandleAsync(CreateTenantRequest req, CancellationToken ct)
    {
        var tenant = await mediator.Send(new CreateTenantCommand(req.Name, req.MaxRecordCount, req.DatasetRetentionDays, req), ct);
        await Send.CreatedAtAsync<GetTenant.GetTenantEndpoint>(new { tenant_id = tenant.TenantId }, tenant, cancellation: ct);
    }
}
