using Tdmp.Generation.Constraints;
using Tdmp.Generation.Schema;

namespace Tdmp.Generation.Engine;

/// <summary>Optional generation parameters of <c>POST /datasets/create</c>, stored with the dataset.</summary>
public sealed record DatasetParams
{
    /// <summary>Drawn and stored when absent; the same seed gives the same files.</summary>
    public long? Seed { get; init; }
    /// <summary>Split every type into files of at most this many records.</summary>
    public long? RecordsPerFile { get; init; }
    /// <summary>Which schema root or repeating element is one record (a path of the repr).</summary>
    public string? RootPath { get; init; }
    /// <summary>How many object levels (elements with content, JSON objects) a record may nest; optional content
    /// deeper than that is left out, which bounds recursive schemas. Default: the schema's own cut.</summary>
    public int? MaxDepth { get; init; }
    public string? CsvDelimiter { get; init; }
    /// <summary><c>postgres</c> (default), <c>mysql</c>, <c>sqlserver</c> or <c>sqlite</c>.</summary>
    public string? SqlDialect { get; init; }
    public string? TableName { get; init; }
    /// <summary><c>none</c> (default) or <c>gzip</c>.</summary>
    public string? Compression { get; init; }
    /// <summary><c>en</c> (default) or <c>de</c>.</summary>
    public string? Locale { get; init; }
    /// <summary>
    /// The day default date windows end at (<c>YYYY-MM-DD</c>): dates go back eight years from it, birth dates make people
    /// 18 to 80 years old on it. Stored as the creation day (UTC) when absent, so regenerating gives the same files.
    /// </summary>
    public DateOnly? ReferenceDate { get; init; }
}

/// <summary>
/// How a dataset's stored settings become a plan and options for <see cref="DatasetGenerator"/>: one place, used by the
/// service's worker, its preview and the <c>tdmp generate</c> command, so all three make the same bytes.
/// </summary>
public static class DatasetRecipe
{
    /// <summary>The plan, within the tenant's value bounds (<see cref="ValueLimits.Default"/> where there is no tenant, as
    /// for a tenant that kept the defaults).</summary>
    public static GenerationPlan Plan(SchemaRepr repr, IReadOnlyList<ConstraintRule> rules, DatasetParams parameters, ValueLimits? limits = null)
    {
        var plan = GenerationPlan.Create(repr, rules, parameters.RootPath, parameters.MaxDepth, parameters.ReferenceDate);
        (limits ?? ValueLimits.Default).Apply(plan);
        return plan;
    }

    public static GenerationOptions Options(long seed, long recordCount, IEnumerable<string> types, DatasetParams parameters,
        int maxDegreeOfParallelism, int maxRecordBytes = int.MaxValue)
        => new()
        {
            Seed = seed,
            RecordCount = recordCount,
            Types = types.Select(GenerationOptions.ParseFormat).ToList(),
            RecordsPerFile = parameters.RecordsPerFile,
            CsvDelimiter = parameters.CsvDelimiter is { Length: 1 } d ? d[0] : ',',
            SqlDialect = GenerationOptions.ParseDialect(parameters.SqlDialect ?? "postgres"),
            TableName = parameters.TableName,
            Compression = parameters.Compression == "gzip" ? OutputCompression.Gzip : OutputCompression.None,
            Locale = parameters.Locale ?? "en",
            MaxDegreeOfParallelism = maxDegreeOfParallelism,
            MaxRecordBytes = maxRecordBytes,
        };
}
