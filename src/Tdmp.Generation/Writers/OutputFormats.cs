using Tdmp.Generation.Engine;

namespace Tdmp.Generation.Writers;

/// <summary>One output format: its API name (also the <c>dataset_files.format</c> value), the extension of its files,
/// the content type they are downloaded with, how its writer is made, and what it can be used for.</summary>
/// <param name="PartPerTable">Each table (the record's and one per nested array) is a part of its own in every file
/// (csv); sql writes all its tables into one file.</param>
/// <param name="Previewable">A preview (<c>POST /schemas/{id}/preview</c>) can answer in it.</param>
public sealed record OutputFormatInfo(
    OutputFormat Format, string Name, string Extension, string ContentType, bool PartPerTable, bool Previewable,
    Func<GenerationPlan, GenerationOptions, IRecordFormatWriter> CreateWriter);

/// <summary>
/// The one list of output formats. Validators (API and CLI), the OpenAPI vocabulary, the file listing's order in SQL,
/// file names, download content types and writer selection all read it, so adding a format is one entry here (and
/// its writer and <see cref="OutputFormat"/> member).
/// </summary>
public static class OutputFormats
{
    /// <summary>In the order datasets list their files.</summary>
    public static readonly IReadOnlyList<OutputFormatInfo> All =
    [
        new(OutputFormat.Json, "json", "json", "application/json", PartPerTable: false, Previewable: true,
            (plan, options) => new JsonRecordWriter(plan, lines: false, options.TableName)),
        new(OutputFormat.Jsonl, "jsonl", "jsonl", "application/x-ndjson", PartPerTable: false, Previewable: false,
            (plan, options) => new JsonRecordWriter(plan, lines: true, options.TableName)),
        new(OutputFormat.Csv, "csv", "csv", "text/csv; charset=utf-8", PartPerTable: true, Previewable: false,
            (plan, options) => new CsvRecordWriter(RecordTableLayout.For(plan, options.TableName), options.CsvDelimiter)),
        new(OutputFormat.Xml, "xml", "xml", "application/xml", PartPerTable: false, Previewable: true,
            (plan, _) => new XmlRecordWriter(plan)),
        new(OutputFormat.Sql, "sql", "sql", "application/sql", PartPerTable: false, Previewable: false,
            (plan, options) => new SqlRecordWriter(RecordTableLayout.For(plan, options.TableName), options.SqlDialect)),
    ];

    /// <summary>Every format's API name, in listing order.</summary>
    public static readonly string[] Names = [.. All.Select(f => f.Name)];

    /// <summary>The names a preview accepts.</summary>
    public static readonly string[] PreviewNames = [.. All.Where(f => f.Previewable).Select(f => f.Name)];

    /// <summary>The names as a SQL array literal (constants of this list, never input): the order files are listed in.</summary>
    public static readonly string SqlNameArray = "ARRAY[" + string.Join(", ", Names.Select(n => "'" + n + "'")) + "]";

    public static OutputFormatInfo Of(OutputFormat format) =>
        All.FirstOrDefault(f => f.Format == format) ?? throw new ArgumentOutOfRangeException(nameof(format), format, "no such output format");

    /// <summary>The format of an API name (exact, lower case), or null.</summary>
    public static OutputFormatInfo? Named(string? name) => All.FirstOrDefault(f => f.Name == name);

    /// <summary>The content type of a stored file by its name: a format's own, gzip, zip, or bytes.</summary>
    public static string ContentTypeOfFile(string fileName)
    {
        var extension = Path.GetExtension(fileName).TrimStart('.');
        return extension switch
        {
            "gz" => "application/gzip",
            "zip" => "application/zip",
            _ => All.FirstOrDefault(f => f.Extension == extension)?.ContentType ?? "application/octet-stream",
        };
    }
}
