using FastEndpoints;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Writers;

namespace Tdmp.Features.Datasets.CreateDataset;

public sealed class CreateDatasetRequest
{
    public string Name { get; init; } = "";
    public long ProjectId { get; init; }
    public long SchemaId { get; init; }
    public long RecordCount { get; init; }
    public long? ConstraintSetId { get; init; }
    /// <summary>Out of <c>json</c>, <c>jsonl</c>, <c>csv</c>, <c>xml</c>, <c>sql</c> (<see cref="OutputFormats"/>); default
    /// <c>["json"]</c>.</summary>
    public List<string>? Types { get; init; }
    public DatasetParams? Params { get; init; }

    public static readonly string[] SqlDialects = ["postgres", "mysql", "sqlserver", "sqlite"];

    public sealed class Validator : Validator<CreateDatasetRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
            RuleFor(r => r.ProjectId).GreaterThan(0);
            RuleFor(r => r.SchemaId).GreaterThan(0);
            // The tenant's own limit is checked by the handler; this only refuses what no tenant allows.
            RuleFor(r => r.RecordCount).GreaterThan(0);
            RuleFor(r => r.Types).Must(t => t is null || t.Count > 0).WithMessage("Name at least one type, or leave types out for json.");
            RuleForEach(r => r.Types).Must(t => OutputFormats.Named(t) is not null)
                .WithMessage(t => $"Unknown type; use {string.Join(", ", OutputFormats.Names)}.");
            RuleFor(r => r.Types).Must(t => t is null || t.Distinct().Count() == t.Count).WithMessage("A type is named twice.");
            When(r => r.Params is not null, () =>
            {
                RuleFor(r => r.Params!.RecordsPerFile).GreaterThan(0).OverridePropertyName("params.records_per_file");
                RuleFor(r => r.Params!.CsvDelimiter)
                    .Must(d => d is null || d.Length == 1 && d[0] is not ('"' or '\r' or '\n'))
                    .WithMessage("One character other than a quote or a line break.").OverridePropertyName("params.csv_delimiter");
                RuleFor(r => r.Params!.SqlDialect).Must(d => d is null || SqlDialects.Contains(d))
                    .WithMessage($"Use one of {string.Join(", ", SqlDialects)}.").OverridePropertyName("params.sql_dialect");
                RuleFor(r => r.Params!.TableName).Matches("^[A-Za-z_][A-Za-z0-9_]{0,62}$")
                    .WithMessage("A letter or underscore, then letters, digits or underscores (at most 63).")
                        .OverridePropertyName("params.table_name");
                RuleFor(r => r.Params!.Compression).Must(c => c is null or "none" or "gzip")
                    .WithMessage("Use none or gzip.").OverridePropertyName("params.compression");
                RuleFor(r => r.Params!.Locale).Must(l => l is null or "en" or "de")
                    .WithMessage("Use en or de.").OverridePropertyName("params.locale");
                RuleFor(r => r.Params!.RootPath).MaximumLength(1000).OverridePropertyName("params.root_path");
                RuleFor(r => r.Params!.ReferenceDate).Must(d => d is null || d.Value.Year is >= 1900 and <= 9000)
                    .WithMessage("A day between 1900-01-01 and 9000-12-31.").OverridePropertyName("params.reference_date");
                RuleFor(r => r.Params!.MaxDepth).InclusiveBetween(1, 64).OverridePropertyName("params.max_depth");
            });
        }
    }
}
