using System.Text.Json;
using Tdmp.Generation.Schema;

namespace Tdmp.Features.Common;

/// <summary>The stored form of a schema's repr (the <c>schemas.repr</c> column) and the query that loads it,
/// used by schema, constraint set and dataset slices alike.</summary>
public static class SchemaReprs
{
    public static string Serialize(SchemaRepr repr) => JsonSerializer.Serialize(repr, StoredJson.Documents);

    public static SchemaRepr Deserialize(string json) => JsonSerializer.Deserialize<SchemaRepr>(json, StoredJson.Documents)
        ?? throw new InvalidOperationException("A stored repr is empty.");

    /// <summary>The API name of a schema language: <c>xsd</c> or <c>json_schema</c>.</summary>
    public static string TypeName(SchemaLanguage language) => language == SchemaLanguage.Xsd ? "xsd" : "json_schema";

    private const string LoadSql = $"""
        SELECT s.repr::text
        FROM schemas s
        WHERE s.schema_id = @schema_id AND {CallerScope.SchemaVisibleSql}
        """;

    /// <summary>The stored repr JSON of a schema the caller's tenant owns (any tenant for a superuser); 404 otherwise.</summary>
    public static async Task<string> LoadJsonAsync(NpgsqlConnection connection, ICurrentUser caller, long schemaId, CancellationToken ct)
        => await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(LoadSql,
               CallerScope.Parameters(caller, new { schema_id = schemaId }), cancellationToken: ct))
           ?? throw new NotFoundException("Schema not found");

    public static async Task<SchemaRepr> LoadAsync(NpgsqlConnection connection, ICurrentUser caller, long schemaId, CancellationToken ct)
        => Deserialize(await LoadJsonAsync(connection, caller, schemaId, ct));

    /// <summary>The repr of a schema the caller's tenant owns, as a <c>root_path</c> is planned on it (<see cref="ForRootAsync"/>).</summary>
    public static async Task<SchemaRepr> LoadForRootAsync(NpgsqlConnection connection, ICurrentUser caller, long schemaId, string? rootPath,
        SchemaReadLimits limits, CancellationToken ct) =>
        await ForRootAsync(connection, schemaId, await LoadAsync(connection, caller, schemaId, ct), rootPath, limits, ct);

    private const string ContentSql = "SELECT s.content FROM schemas s WHERE s.schema_id = @schema_id";

    /// <summary>The repr a <c>root_path</c> is planned on: the stored one, or the upload read again when the path names a
    /// global element past its stored documents (<see cref="SchemaReader.ReadForRoot"/>). The caller has checked access.</summary>
    /// <exception cref="RuleViolationException">The path names a global element of which no document can be made, and why.</exception>
    public static async Task<SchemaRepr> ForRootAsync(NpgsqlConnection connection, long schemaId, SchemaRepr stored, string? rootPath,
        SchemaReadLimits limits, CancellationToken ct)
    {
        if (!SchemaReader.MayReadForRoot(stored, rootPath)) return stored;
        var content = await connection.QuerySingleOrDefaultAsync<byte[]>(new CommandDefinition(ContentSql,
            new { schema_id = schemaId }, cancellationToken: ct));
        if (content is null) return stored;
        try
        {
            return SchemaReader.ReadForRoot(content, stored, rootPath!, limits);
        }
        catch (SchemaReadException e)
        {
            throw new RuleViolationException("root_path", e.Message);
        }
    }
}
