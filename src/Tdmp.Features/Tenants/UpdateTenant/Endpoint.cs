using FastEndpoints;

namespace Tdmp.Features.Tenants.UpdateTenant;

public sealed class UpdateTenantEndpoint(IMediator mediator) : Endpoint<UpdateTenantRequest, TenantView>
{
    public override void Configure()
    {
        Put("/tenants/{tenant_id}");
        Roles(TenantRoles.SuperuserOnly);
        Description(b => b.ProducesProblemDetails(400).ProducesProblemDetails(401).ProducesProblemDetails(403)
            .ProducesProblemDetails(404).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Replace a tenant's name and settings";
            s.Description = """
                Superusers only (API.md's role table); everyone else gets `403` whatever the id. A `PUT` replaces the whole
                resource, so `name`, `max_record_count` and `dataset_retention_days` are all required (`422` otherwise);
                the name stays unique (`422`). The quotas and value bounds (`max_active_datasets_per_user`, `max_active_datasets_per_tenant`,
                `max_stored_bytes`, `max_dataset_bytes`, `max_files_per_dataset`, `max_record_bytes`, `max_string_length`,
                `max_array_items`; README, "Limits") are optional: one left out keeps its current value. Audited as `tenant.updated` with old and new
                values.
                """;
            s.ExampleRequest = new UpdateTenantRequest { TenantId = 2, Name = "payments", MaxRecordCount = 20_000_000, DatasetRetentionDays = 60 };
            s.ResponseExamples[200] = TenantView.Example with { MaxRecordCount = 20_000_000, DatasetRetentionDays = 60 };
        });
    }

    public override async Task HandleAsync(UpdateTenantRequest req, CancellationToken ct)
        => await Send.OkAsync(await mediator.Send(new UpdateTenantCommand(
            req.TenantId, req.Name, req.MaxRecordCount!.Value, req.DatasetRetentionDays!.Value, req), ct), ct);
}
