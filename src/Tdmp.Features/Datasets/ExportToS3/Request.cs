using FastEndpoints;
using Tdmp.Features.Integrations;

namespace Tdmp.Features.Datasets.ExportToS3;

public sealed class ExportToS3Request : Mediator.ICommand<DatasetExport>
{
    public long DatasetId { get; init; }
    /// <summary>An <c>s3</c> integration of the dataset's tenant.</summary>
    public long IntegrationId { get; init; }
    /// <summary>Key prefix in the bucket (default: the integration's <c>prefix</c>); files go to <c>&lt;prefix&gt;/dataset-&lt;id&gt;/&lt;file
    /// name&gt;</c>.</summary>
    public string? Prefix { get; init; }
    /// <summary>Formats to export (default: all the dataset has).</summary>
    public string[]? Types { get; init; }

    public sealed class Validator : Validator<ExportToS3Request>
    {
        public Validator()
        {
            RuleFor(r => r.DatasetId).GreaterThan(0);
            RuleFor(r => r.IntegrationId).GreaterThan(0);
            RuleFor(r => r.Prefix).Must(p => ExportPrefixes.Problem(p) is null).WithMessage(r => ExportPrefixes.Problem(r.Prefix) ?? "");
            RuleFor(r => r.Types).Must(t => t is null || t.Length > 0).WithMessage("Leave types out to export every format, or name at least one.");
        }
    }
}
