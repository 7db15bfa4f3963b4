using FastEndpoints;

namespace Tdmp.Features.Datasets.DeleteDataset;

public sealed class DeleteDatasetRequest
{
    public long DatasetId { get; init; }
}

public sealed class DeleteDatasetEndpoint(IMediator mediator) : Endpoint<DeleteDatasetRequest>
{
    public override void Configure()
    {
        Delete("/datasets/{dataset_id}");
        Description(b => b.ClearDefaultAccepts().Produces(204).ProducesProblemDetails(401).ProducesProblemDetails(403).ProducesProblemDetails(404));
        Summary(s =>
        {
            s.Summary = "Cancel or delete a dataset";
            s.Description = """
                A `queued` or `running` dataset is cancelled: generation stops within a second, its files are removed and it
                stays listed as `cancelled` (re-run it with `GET /datasets/generate/{dataset_id}`). A finished dataset
                (`completed`, `failed`, `cancelled`) is deleted with its files. `edit` members delete the datasets they
                created; the project's managing creator, admins and superusers delete any.
                """;
        });
    }

    public override async Task HandleAsync(DeleteDatasetRequest req, CancellationToken ct)
    {
        await mediator.Send(new DeleteDatasetCommand(req.DatasetId), ct);
        await Send.NoContentAsync(ct);
    }
}
