using FastEndpoints;

namespace Tdmp.Features.Datasets.DeleteDataset;

public sealed class DeleteDatasetRequest : Mediator.ICommand
{
    public long DatasetId { get; init; }
}

public sealed class DeleteDatasetEndpoint(IMediator mediator) : Endpoint<DeleteDatasetRequest>
{
    public override void Configure()
    {
        Delete("/datasets/{dataset_id}");
        Roles(TenantRoles.Everyone);
        Description(b => b.ClearDefaultAccepts().Produces(204).ProducesProblemDetails(401).ProducesProblemDetails(403).ProducesProblemDetails(404));
        Summary(s =>
        {
            s.Summary = "Delete a dataset";
            s.Description = """
                Deletes the dataset in every state: a `queued` or `running` generation is stopped (within a second), its
                files are removed, and `GET /datasets/{dataset_id}` is `404` from then on. `reporting.datasets` keeps a row
                for it with `deleted_at`. `edit` members delete the datasets they created; the project's managing
                creator, admins and superusers delete any. Audited as `dataset.deleted` with the status it had.
                """;
        });
    }

    public override async Task HandleAsync(DeleteDatasetRequest req, CancellationToken ct)
    {
        await mediator.Send(req, ct);
        await Send.NoContentAsync(ct);
    }
}
