using System.IO.Compression;
using System.Text.Json;

namespace Tdmp.Generation.Schema.Json;

/// <summary>Reads a JSON Schema (drafts 4, 6, 7, 2019-09, 2020-12) into the repr.</summary>
public static class JsonSchemaReader
{
    public static SchemaRepr Read(byte[] content, SchemaReadLimits limits)
    {
        using var parsed = Parse(content, limits, "");
        return Build(new JsonSchemaDocument(parsed.RootElement), parsed.RootElement, limits);
    }

    /// <summary>
    /// A zip of JSON Schema files that <c>$ref</c> each other by relative path (or by an <c>$id</c> whose path ends like
    /// the file's path in the zip). The main schema is <paramref name="main"/> (a path in the zip), or else the one file
    /// no other file refers to.
    /// </summary>
    public static SchemaRepr ReadZip(byte[] content, SchemaReadLimits limits, string? main = null)
    {
        var files = new Dictionary<string, JsonDocument>();
        try
        {
            long total = 0;
            using (var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read))
                foreach (var entry in zip.Entries)
                {
                    if (!IsSchemaFile(entry.FullName)) continue;
                    if (files.Count >= limits.MaxFiles)
                        throw new SchemaReadException($"The zip holds more than {limits.MaxFiles} JSON Schema files; that is above the upload limit.");
                    total += entry.Length;
                    if (total > limits.MaxBytes)
                        throw new SchemaReadException(
                            $"The files in the zip add up to more than {limits.MaxBytes} bytes; that is above the upload limit.");
                    var path = entry.FullName.Replace('\\', '/').TrimStart('/');
                    if (path.Split('/').Contains(".."))
                        throw new SchemaReadException($"The zip entry '{entry.FullName}' climbs out of the zip ('..'); that is refused.");
                    files[path] = Parse(Xsd.XsdUpload.ReadBounded(entry, limits.MaxBytes), limits, $" in '{path}'");
                }
            if (files.Count == 0) throw new SchemaReadException("The zip holds no JSON Schema file (.json, .schema or .jsonschema).");
            main = main is null ? MainFile(files) : ZipMain.Find(files.Keys, main, "schema");
            var others = files.Where(f => f.Key != main).ToDictionary(f => f.Key, f => f.Value.RootElement);
            var root = files[main].RootElement;
            return Build(new JsonSchemaDocument(root, main, others), root, limits);
        }
        catch (InvalidDataException e)
        {
            throw new SchemaReadException($"The zip cannot be read: {e.Message}", inner: e);
        }
        finally
        {
            foreach (var f in files.Values) f.Dispose();
        }
    }

    /// <summary>Which entries of a zip are schema files: <c>.json</c>, and the <c>.schema</c> and <c>.jsonschema</c> that some
    /// publishers use (OME-Zarr). Anything else (a README, a licence) is left alone.</summary>
    public static bool IsSchemaFile(string entryName) =>
        !entryName.EndsWith('/') && SchemaFileExtensions.Any(e => entryName.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    private static readonly string[] SchemaFileExtensions = [".json", ".schema", ".jsonschema"];

    /// <summary>The file no other file names in a <c>$ref</c> or <c>$schema</c> (by its path or file name); refused when that
    /// is not one file.</summary>
    private static string MainFile(Dictionary<string, JsonDocument> files)
    {
        if (files.Count == 1) return files.Keys.First();
        var referenced = new HashSet<string>();
        // Files may name each other by their $id alone (BODS: "urn:components", "urn:person").
        var byId = files.Where(f => RootId(f.Value.RootElement) is not null).ToLookup(f => RootId(f.Value.RootElement)!, f => f.Key);
        foreach (var (path, doc) in files)
        {
            // A relative reference against the file's own absolute $id (the 2020-12 meta-schema's "meta/core" is
            // https://json-schema.org/draft/2020-12/meta/core, another file's $id).
            var baseId = RootId(doc.RootElement) is { } id && Uri.TryCreate(id, UriKind.Absolute, out var b) ? b : null;
            foreach (var reference in References(doc.RootElement))
            {
                var target = reference.Split('#')[0];
                if (target.Length == 0) continue;
                foreach (var other in byId[target]) if (other != path) referenced.Add(other);
                if (baseId is not null && Uri.TryCreate(baseId, target, out var absolute))
                    foreach (var other in byId[absolute.AbsoluteUri]) if (other != path) referenced.Add(other);
                var resolved = Uri.TryCreate(new Uri(new Uri("https://tdmp.invalid/"), path), target, out var uri) ? uri.AbsolutePath.TrimStart('/')
                    : target;
                foreach (var other in files.Keys)
                    if (other != path && (other == resolved || resolved.EndsWith("/" + other, StringComparison.Ordinal)
                        || Path.GetFileName(other) == Path.GetFileName(resolved)))
                        referenced.Add(other);
            }
        }
        var roots = files.Keys.Where(f => !referenced.Contains(f)).ToList();
        return roots.Count == 1 ? roots[0]
            : throw new SchemaReadException(roots.Count == 0
                ? "Every schema file in the zip is referenced by another one, so none is the main schema by itself (the main schema is "
                + "the file no other file refers to); name it with 'main', its path in the zip."
                : $"The zip holds several schemas that no other file refers to ({string.Join(", ", roots.Order())}); a zip upload has one main "
                + "schema, and the other files are the ones it refers to: name it with 'main', its path in the zip.");
    }

    /// <summary>The <c>$id</c> (draft-04: <c>id</c>) at the top of a file, without an empty fragment.</summary>
    private static string? RootId(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && (root.TryGetProperty("$id", out var id) || root.TryGetProperty("id", out id))
            && id.ValueKind == JsonValueKind.String ? id.GetString()!.TrimEnd('#') : null;

    private static IEnumerable<string> References(JsonElement element)
    {
        var stack = new Stack<JsonElement>([element]);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            if (e.ValueKind == JsonValueKind.Object)
                foreach (var p in e.EnumerateObject())
                {
                    // A $schema naming a file of the upload (a publisher's own meta-schema) refers to it too.
                    if (p.Name is "$ref" or "$schema" && p.Value.ValueKind == JsonValueKind.String) yield return p.Value.GetString()!;
                    else stack.Push(p.Value);
                }
            else if (e.ValueKind == JsonValueKind.Array)
                foreach (var item in e.EnumerateArray()) stack.Push(item);
        }
    }

    private static JsonDocument Parse(byte[] content, SchemaReadLimits limits, string where)
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
            throw new SchemaReadException($"The file{where} is not valid JSON: {e.Message}", (int?)e.LineNumber + 1, (int?)e.BytePositionInLine + 1,
                e);
        }
        if (parsed.RootElement.ValueKind != JsonValueKind.Object)
        {
            parsed.Dispose();
            throw new SchemaReadException($"A JSON Schema file{where} must hold one object at the top level.", 1, 1);
        }
        return parsed;
    }

    private static SchemaRepr Build(JsonSchemaDocument document, JsonElement root, SchemaReadLimits limits)
    {
        var title = root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "root";
        var (node, leftOut) = BuildWithinLimits(document, limits, title);
        return new SchemaRepr { Language = SchemaLanguage.JsonSchema, Dialect = document.Dialect, Roots = [node], LeftOutByDepthCut = leftOut };
    }

    /// <summary>Recursive definitions (package.json's <c>exports</c> conditions) are kept once with a recursion marker; a
    /// <c>$ref</c> target re-entered with different sibling keywords is cut where it nests inside itself
    /// <see cref="SchemaReadLimits.MaxRecursion"/> times; when that tree is still over the node or depth
    /// limit, the cut is made shallower, down to one level of each recursion. A tree still over the limit then (SARIF,
    /// CycloneDX, AsyncAPI: definitions that refer to each other without recursing, each expanded where it is used)
    /// leaves out optional properties below the deepest object depth at which it fits, like the XSD reader's element
    /// depth cut: the records stay valid, only less deep. Required content is never cut.</summary>
    private static (SchemaNode Root, int LeftOut) BuildWithinLimits(JsonSchemaDocument document, SchemaReadLimits limits, string title)
    {
        ReprLimitException first;
        for (var recursion = limits.MaxRecursion; ; )
        {
            var builder = new JsonReprBuilder(document, limits with { MaxRecursion = recursion });
            try
            {
                return (builder.BuildRoot(title), 0);
            }
            catch (ReprLimitException e)
            {
                first = e;
                // A lower cut changes the tree only where a target nested that deep; where none did before the limit was
                // reached, that cut would go over the limit at the same place.
                recursion = Math.Min(recursion - 1, builder.DeepestRecursion - 1);
                if (recursion < 1) break;
            }
        }
        SchemaReadException? tooBig = null;
        var leftOut = 0;
        var root = ReprBudget.DeepestFitting(depth =>
        {
            var cut = new JsonReprBuilder(document, limits with { MaxRecursion = 1 }, depth);
            var built = cut.BuildRoot(title);
            leftOut = cut.LeftOutByDepthCut;
            return built;
        }, tryShallowerOnOtherRefusals: false, ref tooBig) ?? throw first;
        return (root, leftOut);
    }

    /// <summary>Refuses a document with more values than the limit before building a DOM of it.</summary>
    private static void CountValues(ReadOnlySpan<byte> json, SchemaReadLimits limits)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = limits.MaxDepth });
        var values = 0;
        try
        {
            while (reader.Read())
                if (reader.TokenType is not (JsonTokenType.PropertyName or JsonTokenType.EndArray or JsonTokenType.EndObject)
                    && ++values > limits.MaxElements)
                    throw new SchemaReadException($"The file holds more than {limits.MaxElements} JSON values; that is above the upload limit.");
        }
        catch (JsonException e)
        {
            var depth = e.Message.Contains("depth", StringComparison.OrdinalIgnoreCase);
            throw new SchemaReadException(
                depth ? $"The JSON nests deeper than {limits.MaxDepth} levels; that is above the upload limit."
                    : $"The file is not valid JSON: {e.Message}",
                (int?)e.LineNumber + 1, (int?)e.BytePositionInLine + 1, e);
        }
    }
}
