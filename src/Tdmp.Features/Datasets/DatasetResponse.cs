using System.Text.Json;
using System.Text.Json.Serialization;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Writers;

namespace Tdmp.Features.Datasets;

/// <summary>Dataset statuses: <c>queued</c> → <c>running</c> → <c>completed</c> | <c>failed</c> | <c>cancelled</c>.</summary>
public static class DatasetStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static bool IsFinished(string status) => status is Completed or Failed or Cancelled;
}

/// <summary>One published file of a dataset.</summary>
public sealed record DatasetFile(string Format, int FileIndex, string? Part, string FileName, long RecordCount, long SizeBytes, string Sha256);

/// <summary>A dataset as the dataset endpoints return it.</summary>
public sealed record DatasetResponse
{
    public long DatasetId { get; init; }

    /// <summary>For the per-node copy (DatasetReadCache): who may see it without asking the database.</summary>
    [JsonIgnore]
    public long TenantId { get; init; }

    public string Name { get; init; } = "";
    public long ProjectId { get; init; }
    public long SchemaId { get; init; }
    public long? ConstraintSetId { get; init; }
    public int? ConstraintSetVersion { get; init; }
    public long RecordCount { get; init; }
    public string[] Types { get; init; } = [];
    public DatasetParams Params { get; init; } = new();

    /// <summary>The stored <c>params</c> column; read into <see cref="Params"/>.</summary>
    [JsonIgnore]
    public string ParamsJson
    {
        init => Params = JsonSerializer.Deserialize<DatasetParams>(value, StoredJson.Documents) ?? new DatasetParams();
    }

    public long Seed { get; init; }
    public string EngineVersion { get; init; } = "";
    public string Status { get; init; } = DatasetStatus.Queued;
    public double Progress { get; init; }
    public long RecordsGenerated { get; init; }
    public string? Error { get; init; }
    public IReadOnlyList<DatasetFile> Files { get; init; } = [];

    /// <summary>The files as the query aggregates them; read into <see cref="Files"/>.</summary>
    [JsonIgnore]
    public string FilesJson { init => Files = JsonSerializer.Deserialize<List<DatasetFile>>(value, StoredJson.Documents) ?? []; }

    /// <summary>Exports of the files to S3 (POST /datasets/{dataset_id}/export-s3), newest first.</summary>
    public IReadOnlyList<DatasetExport> Exports { get; init; } = [];

    [JsonIgnore]
    public string ExportsJson { init => Exports = JsonSerializer.Deserialize<List<DatasetExport>>(value, StoredJson.Documents) ?? []; }

    public long? CreatedBy { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? StartedAt { get; init; }
    public DateTime? CompletedAt { get; init; }

    /// <summary>Selects datasets (alias <c>d</c>, with its project <c>p</c> for visibility) in this record's shape,
    /// files and exports aggregated as JSON, so one query answers the whole response.</summary>
    public static readonly string SelectSql = $$"""
        SELECT d.dataset_id AS DatasetId, d.tenant_id AS TenantId, d.name AS Name, d.project_id AS ProjectId, d.schema_id AS SchemaId,
               d.constraint_set_id AS ConstraintSetId, d.constraint_set_version AS ConstraintSetVersion,
               d.record_count AS RecordCount, d.types AS Types, d.params::text AS ParamsJson, d.seed AS Seed,
               d.engine_version AS EngineVersion, d.status AS Status, d.progress AS Progress,
               d.records_generated AS RecordsGenerated, d.error AS Error, d.created_by AS CreatedBy,
               d.created_at AS CreatedAt, d.started_at AS StartedAt, d.completed_at AS CompletedAt,
               (SELECT coalesce(json_agg(json_build_object(
                           'format', f.format, 'file_index', f.file_index, 'part', NULLIF(f.part, ''), 'file_name', f.file_name,
                           'record_count', f.record_count, 'size_bytes', f.size_bytes, 'sha256', f.sha256)
                       ORDER BY array_position({{OutputFormats.SqlNameArray}}, f.format), f.file_index, f.part), '[]')
                FROM dataset_files f WHERE f.dataset_id = d.dataset_id)::text AS FilesJson,
               (SELECT coalesce(json_agg(json_build_object(
                           'export_id', e.export_id, 'integration_id', e.integration_id, 'status', e.status, 'prefix', e.prefix,
                           'types', e.types, 'files_uploaded', e.files_uploaded, 'error', e.error,
                           'created_at', to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                           'completed_at', to_char(e.completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
                       ORDER BY e.created_at DESC, e.export_id DESC), '[]')
                FROM dataset_exports e WHERE e.dataset_id = d.dataset_id)::text AS ExportsJson
        FROM datasets d
        JOIN projects p ON p.project_id = d.project_id
        """;

    /// <summary>Runs <paramref name="sql"/> (built on <see cref="SelectSql"/>).</summary>
    public static async Task<List<DatasetResponse>> QueryAsync(NpgsqlConnection connection, string sql, object parameters, CancellationToken ct)
        => (await connection.QueryAsync<DatasetResponse>(new CommandDefinition(sql, parameters, cancellationToken: ct))).ToList();

    public static DatasetResponse Example => new()
    {
        DatasetId = 42, Name = "orders for checkout tests", ProjectId = 3, SchemaId = 12, ConstraintSetId = 5, ConstraintSetVersion = 2,
        RecordCount = 1000, Types = ["json", "csv"], Params = new DatasetParams { Seed = 1234, RecordsPerFile = 1000 }, Seed = 1234,
        EngineVersion = "1", Status = DatasetStatus.Completed, Progress = 1, RecordsGenerated = 1000,
        Files = [new DatasetFile("json", 0, null, "orders-0.json", 1000, 912345, "3b1f0c...e9")],
        CreatedBy = 7, CreatedAt = new DateTime(2026, 1, 6, 10, 30, 0, DateTimeKind.Utc),
        StartedAt = new DateTime(2026, 1, 6, 10, 30, 0, DateTimeKind.Utc), CompletedAt = new DateTime(2026, 1, 6, 10, 30, 1, DateTimeKind.Utc),
    };
}
