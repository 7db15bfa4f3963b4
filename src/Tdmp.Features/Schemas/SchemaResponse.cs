namespace Tdmp.Features.Schemas;

/// <summary>A schema as the schema endpoints return it.</summary>
public sealed record SchemaResponse
{
    public long SchemaId { get; init; }
    public string Name { get; init; } = "";
    public string Type { get; init; } = "";
    public string? Description { get; init; }
    public string? FileName { get; init; }
    public long SizeBytes { get; init; }
    public string Sha256 { get; init; } = "";
    public string[] Roots { get; init; } = [];
    public int FieldCount { get; init; }
    public long? CreatedBy { get; init; }
    public DateTime CreatedAt { get; init; }
    /// <summary>The uploaded text, only with <c>?include=content</c> (base64 for a zip, see <see cref="ContentEncoding"/>).</summary>
    public string? Content { get; init; }
    public string? ContentEncoding { get; init; }

    /// <summary>The columns every schema read selects, aliased to this record's properties.</summary>
    public const string Columns = """
        s.schema_id AS SchemaId, s.name AS Name, s.type AS Type, s.description AS Description, s.file_name AS FileName,
        s.size_bytes AS SizeBytes, s.sha256 AS Sha256, s.roots AS Roots, s.field_count AS FieldCount,
        s.created_by AS CreatedBy, s.created_at AS CreatedAt
        """;

    public static SchemaResponse Example => new()
    {
        SchemaId = 12, Name = "order", Type = "json_schema", Description = "Orders of the web shop", FileName = "order.schema.json",
        SizeBytes = 4085, Sha256 = "9f2c6d1e0b7a4c3f8e5d2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d", Roots = ["$"], FieldCount = 41,
        CreatedBy = 2, CreatedAt = new DateTime(2026, 1, 6, 10, 30, 0, DateTimeKind.Utc),
    };
}
