using FastEndpoints;

namespace Tdmp.Features.Datasets.GetDataset;

public sealed class GetDatasetEndpoint(IMediator mediator) : Endpoint<GetDatasetRequest, DatasetResponse>
{
    public override void Configure()
    {
        Get("/datasets/{dataset_id}");
        Roles(TenantRoles.Everyone);
        Description(b => b.ProducesProblemDetails(401).ProducesProblemDetails(404).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Get a dataset (optionally waiting for it to finish)";
            s.Description = """
                Status (`queued` → `running` → `completed` | `failed` | `cancelled`), `progress` (0..1), `records_generated`,
                `error` (why it failed, in words you can act on), `seed`, `engine_version`, `constraint_set_version` and the
                published `files`. With `?wait=N` (up to 60 seconds) the request is held until the dataset leaves
                `queued`/`running` or the time runs out, so CI need not sleep-poll. Visible to those who see its project.
                """;
            s.ResponseExamples[200] = DatasetResponse.Example;
        });
    }

    public override async Task HandleAsync(GetDatasetRequest req, CancellationToken ct)
        => await Send.OkAsync(await mediator.Send(new GetDatasetQuery(req.DatasetId, TimeSpan.FromSeconds(req.Wait)), ct), ct);
}
