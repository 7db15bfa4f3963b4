using FastEndpoints;
using Tdmp.Generation.Writers;

namespace Tdmp.Features.Schemas.PreviewSchema;

public sealed class PreviewSchemaRequest
{
    /// <summary>From the route.</summary>
    [RouteParam, BindFrom("schema_id")] public long SchemaId { get; init; }
    /// <summary>Narrow with this constraint set of the schema (its current version).</summary>
    public long? ConstraintSetId { get; init; }
    /// <summary>How many records: 1 to 100.</summary>
    public int Count { get; init; }
    /// <summary>The dataset seed to preview; drawn when absent (and returned in <c>X-Tdmp-Seed</c>).</summary>
    public long? Seed { get; init; }
    /// <summary>Which root or repeating element is one record, as <c>params.root_path</c> of a dataset.</summary>
    public string? RootPath { get; init; }
    /// <summary>As <c>params.max_depth</c> of a dataset: how many object levels a record may nest (1 to 64).</summary>
    public int? MaxDepth { get; init; }
    /// <summary>As <c>params.reference_date</c> of a dataset; default: today (UTC), as for a dataset created now.</summary>
    public DateOnly? ReferenceDate { get; init; }
    /// <summary><c>json</c> (default) or <c>xml</c>.</summary>
    public string? Format { get; init; }

    public sealed class Validator : Validator<PreviewSchemaRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Count).InclusiveBetween(1, 100);
            RuleFor(r => r.Format).Must(f => f is null || OutputFormats.Named(f) is { Previewable: true })
                .WithMessage($"Use one of {string.Join(", ", OutputFormats.PreviewNames)}.");
            RuleFor(r => r.RootPath).MaximumLength(1000);
            RuleFor(r => r.MaxDepth).InclusiveBetween(1, 64);
        }
    }
}
