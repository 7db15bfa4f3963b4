using FastEndpoints;

namespace Tdmp.Features.Datasets.StartGeneration;

public sealed class StartGenerationRequest : Mediator.ICommand<GenerationStarted>
{
    public long DatasetId { get; init; }
}

public sealed record GenerationStarted(long DatasetId, string Status);

public sealed class StartGenerationEndpoint(IMediator mediator) : Endpoint<StartGenerationRequest, GenerationStarted>
{
    public override void Configure()
    {
        Get("/datasets/generate/{dataset_id}");
        Roles(TenantRoles.Everyone);
        Description(b => b.Produces<GenerationStarted>(202).ProducesProblemDetails(401).ProducesProblemDetails(403)
            .ProducesProblemDetails(404).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Start or re-run generation";
            s.Description = """
                Starts a `queued` dataset now, or queues a `failed` or `cancelled` one again (same seed and constraint set
                version, so the files come out as they would have). `202` with the new status; `422` for a dataset that is
                `running` or `completed` (the status is in `detail`). Needs the right to create datasets in the project.
                """;
            s.ResponseExamples[202] = new GenerationStarted(42, DatasetStatus.Queued);
        });
    }

    public override async Task HandleAsync(StartGenerationRequest req, CancellationToken ct)
        => await Send.ResponseAsync(await mediator.Send(req, ct), 202, ct);
}
