namespace Tdmp.Features.Datasets;

/// <summary>One export of a dataset's files to S3, as the dataset's <c>exports</c> list it.</summary>
public sealed record DatasetExport
{
    public long ExportId { get; init; }
    /// <summary>The S3 integration; null once it was deleted.</summary>
    public long? IntegrationId { get; init; }
    /// <summary><c>queued</c>, <c>running</c>, <c>completed</c> or <c>failed</c>.</summary>
    public string Status { get; init; } = "queued";
    /// <summary>Key prefix; the files are at <c>&lt;prefix&gt;/dataset-&lt;id&gt;/&lt;file name&gt;</c>.</summary>
    public string Prefix { get; init; } = "";
    public string[] Types { get; init; } = [];
    /// <summary>Files uploaded and checked (sha256) so far.</summary>
    public int FilesUploaded { get; init; }
    /// <summary>Why it failed, in words a user can act on.</summary>
    public string? Error { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? CompletedAt { get; init; }

    /// <summary>Columns of <c>dataset_exports</c> (unaliased table) in this record's shape.</summary>
    public const string Columns = """
        export_id AS ExportId, integration_id AS IntegrationId, status AS Status, prefix AS Prefix, types AS Types,
        files_uploaded AS FilesUploaded, error AS Error, created_at AS CreatedAt, completed_at AS CompletedAt
        """;

    public static DatasetExport Example => new()
    {
        ExportId = 9, IntegrationId = 4, Status = "queued", Prefix = "ci/nightly", Types = ["json"],
        CreatedAt = new DateTime(2026, 1, 6, 10, 31, 0, DateTimeKind.Utc),
    };
}
