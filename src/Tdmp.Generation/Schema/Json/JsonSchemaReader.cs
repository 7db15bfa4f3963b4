using System.Text.Json;

namespace Tdmp.Generation.Schema.Json;

/// <summary>Reads a JSON Schema (drafts 4, 6, 7, 2019-09, 2020-12) into the repr.</summary>
public static class JsonSchemaReader
{
    public static SchemaRepr Read(byte[] content, SchemaReadLimits limits)
    {
        var json = content.AsMemory();
        if (json.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) json = json[3..];
        CountValues(json.Span, limits);
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = limits.MaxDepth });
        }
        catch (JsonException e)
        {
            throw new SchemaReadException($"The file is not valid JSON: {e.Message}", (int?)e.LineNumber + 1, (int?)e.BytePositionInLine + 1, e);
        }
        using (parsed)
        {
            var root = parsed.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new SchemaReadException("A JSON Schema file must hold one object at the top level.", 1, 1);
            var document = new JsonSchemaDocument(root);
            var title = root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "root";
            var node = BuildWithinLimits(document, limits, title);
            return new SchemaRepr { Language = SchemaLanguage.JsonSchema, Dialect = document.Dialect, Roots = [node] };
        }
    }

    /// <summary>Recursive definitions (package.json's <c>exports</c> conditions) are cut where a <c>$ref</c> target nests
    /// inside itself <see cref="SchemaReadLimits.MaxRecursion"/> times; when that tree is still over the node or depth
    /// limit, the cut is made shallower, down to one level of each recursion.</summary>
    private static SchemaNode BuildWithinLimits(JsonSchemaDocument document, SchemaReadLimits limits, string title)
    {
        for (var recursion = limits.MaxRecursion; ; recursion--)
        {
            try
            {
                return new JsonReprBuilder(document, limits with { MaxRecursion = recursion }).BuildRoot(title);
            }
            catch (ReprLimitException) when (recursion > 1) { }
        }
    }

    /// <summary>Refuses a document with more values than the limit before building a DOM of it.</summary>
    private static void CountValues(ReadOnlySpan<byte> json, SchemaReadLimits limits)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = limits.MaxDepth });
        var values = 0;
        try
        {
            while (reader.Read())
                if (reader.TokenType is not (JsonTokenType.PropertyName or JsonTokenType.EndArray or JsonTokenType.EndObject) && ++values > limits.MaxElements)
                    throw new SchemaReadException($"The file holds more than {limits.MaxElements} JSON values; that is above the upload limit.");
        }
        catch (JsonException e)
        {
            var depth = e.Message.Contains("depth", StringComparison.OrdinalIgnoreCase);
            throw new SchemaReadException(
                depth ? $"The JSON nests deeper than {limits.MaxDepth} levels; that is above the upload limit." : $"The file is not valid JSON: {e.Message}",
                (int?)e.LineNumber + 1, (int?)e.BytePositionInLine + 1, e);
        }
    }
}
