using FastEndpoints;

namespace Tdmp.Features.Datasets.ListDatasets;

public sealed class ListDatasetsRequest : PageRequest
{
    [QueryParam] public long? ProjectId { get; init; }
    [QueryParam] public string? Status { get; init; }
    [QueryParam] public long? SchemaId { get; init; }
    /// <summary>Only datasets created at or after this time (RFC 3339, e.g. <c>2026-01-06T10:30:00Z</c>).</summary>
    [QueryParam] public DateTimeOffset? CreatedAfter { get; init; }
    /// <summary>Only datasets created before this time (RFC 3339).</summary>
    [QueryParam] public DateTimeOffset? CreatedBefore { get; init; }

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
