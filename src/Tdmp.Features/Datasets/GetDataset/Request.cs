using FastEndpoints;

namespace Tdmp.Features.Datasets.GetDataset;

public sealed class GetDatasetRequest
{
    public long DatasetId { get; init; }
    /// <summary>Seconds to hold the request while the dataset is queued or running (0..60).</summary>
    [QueryParam] public int Wait { get; init; }

    public sealed class Validator : Validator<GetDatasetRequest>
    {
        public Validator() => RuleFor(r => r.Wait).InclusiveBetween(0, 60);
    }
}
