namespace Tdmp.Generation.Engine;

/// <summary>An output file type (GENERATION.md §4); its name, extension, content type and writer are in
/// <see cref="Writers.OutputFormats"/>.</summary>
public enum OutputFormat { Json, Jsonl, Csv, Xml, Sql }

/// <summary>The SQL dialect <c>sql</c> files are written in.</summary>
public enum SqlDialect { Postgres, MySql, SqlServer, Sqlite }

public enum OutputCompression { None, Gzip }

/// <summary>What to generate: seed, count, formats, file splitting and format details.</summary>
public sealed record GenerationOptions
{
    public long Seed { get; init; }
    public long RecordCount { get; init; }
    public IReadOnlyList<OutputFormat> Types { get; init; } = [OutputFormat.Json];
    /// <summary>Splits every type into numbered files of this many records; null or ≤ 0 for one file.</summary>
    public long? RecordsPerFile { get; init; }
    public char CsvDelimiter { get; init; } = ',';
    public SqlDialect SqlDialect { get; init; } = SqlDialect.Postgres;
    /// <summary>The SQL table (and CSV file) base name; the record's name when null.</summary>
    public string? TableName { get; init; }
    public OutputCompression Compression { get; init; } = OutputCompression.None;
    /// <summary><c>en</c> or <c>de</c>: the word lists and formats of realistic values.</summary>
    public string Locale { get; init; } = "en";
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
    /// <summary>Bytes one record may take as written (the tenant's max_record_bytes); a bigger one stops the run with
    /// <see cref="RecordTooLargeException"/>.</summary>
    public int MaxRecordBytes { get; init; } = int.MaxValue;
    /// <summary>Resumes an interrupted run: files before this index are complete and not written again.</summary>
    public int ResumeFromFile { get; init; }

    /// <summary>Reads an API name of <see cref="Writers.OutputFormats"/> (any case).</summary>
    public static OutputFormat ParseFormat(string name) =>
        Writers.OutputFormats.Named(name.ToLowerInvariant())?.Format ?? throw new ArgumentException($"unknown output type '{name}'", nameof(name));

    /// <summary>Reads the API's names: postgres, mysql, sqlserver, sqlite.</summary>
    public static SqlDialect ParseDialect(string name) => name.ToLowerInvariant() switch
    {
        "postgres" or "postgresql" => SqlDialect.Postgres,
        "mysql" or "mariadb" => SqlDialect.MySql,
        "sqlserver" or "mssql" => SqlDialect.SqlServer,
        "sqlite" => SqlDialect.Sqlite,
        _ => throw new ArgumentException($"unknown SQL dialect '{name}'", nameof(name)),
    };
}

/// <summary>Which file the engine wants to write: the sink decides where it goes (disk, S3).</summary>
public sealed record OutputFileInfo(OutputFormat Format, int FileIndex, string Part, string SuggestedName);

/// <summary>Where generated files go: one writable stream per file, disposed by the engine when the file is complete.</summary>
public interface IOutputSink
{
    Stream Open(OutputFileInfo file);
}

/// <summary>One written file: its place in the dataset, how many records (rows for CSV parts) it holds, its size and SHA-256.</summary>
public sealed record GeneratedFile(OutputFormat Format, int FileIndex, string Part, string Name, long RecordCount, long SizeBytes, string Sha256);

/// <summary>What a run wrote.</summary>
public sealed record GenerationResult(IReadOnlyList<GeneratedFile> Files, long RecordCount, string EngineVersion);

/// <summary>A sink that only counts and hashes (the benchmark's "no disk" mode).</summary>
public sealed class NullOutputSink : IOutputSink
{
    public Stream Open(OutputFileInfo file) => Stream.Null;
}
