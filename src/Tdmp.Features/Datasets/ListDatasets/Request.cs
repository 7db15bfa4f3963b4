using FastEndpoints;

namespace Tdmp.Features.Datasets.ListDatasets;

public sealed class ListDatasetsRequest : PageRequest
{
    [QueryParam] public long? ProjectId { get; init; }
    [QueryParam] public string? Status { get; init; }
    [QueryParam] public long? SchemaId { get; init; }

    public sealed class Validator : Validator<ListDatasetsRequest>
    {
        public Validator()
        {
            Include(new PageRequestRules());
            RuleFor(r => r.Status).Must(s => s is null or DatasetStatus.Queued or DatasetStatus.Running or DatasetStatus.Completed
                    or DatasetStatus.Failed or DatasetStatus.Cancelled)
                .WithMessage("Use queued, running, completed, failed or cancelled.");
        }
    }
}
