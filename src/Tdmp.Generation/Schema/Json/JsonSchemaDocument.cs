using System.Text.Json;

namespace Tdmp.Generation.Schema.Json;

/// <summary>A subschema and the JSON pointer where it sits in the upload (pointers name subschemas in messages).</summary>
internal readonly record struct SchemaPart(JsonElement Schema, string Pointer);

/// <summary>
/// The uploaded JSON Schema document: its draft and an index of every <c>$id</c> and anchor in it, so that
/// <c>$ref</c> resolves inside the document and nowhere else.
/// </summary>
internal sealed class JsonSchemaDocument
{
    private static readonly Uri DefaultBase = new("https://tdmp.invalid/upload.schema.json");

    /// <summary>Keywords whose value is one subschema, an array of them, or an object of them.</summary>
    private static readonly string[] SingleSchemaKeywords =
        ["not", "if", "then", "else", "additionalProperties", "additionalItems", "contains", "propertyNames",
         "unevaluatedProperties", "unevaluatedItems", "contentSchema", "items"];
    private static readonly string[] SchemaArrayKeywords = ["allOf", "anyOf", "oneOf", "prefixItems", "items"];
    private static readonly string[] SchemaMapKeywords =
        ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies"];

    private readonly Dictionary<string, SchemaPart> _resources = [];
    private readonly Dictionary<string, SchemaPart> _anchors = [];
    private readonly Dictionary<string, Uri> _baseOf = [];

    /// <summary>The other files of a zip upload by path: each is a resource at its own path, so relative <c>$ref</c>s
    /// between them resolve.</summary>
    private readonly Dictionary<string, JsonElement> _files = [];

    public JsonSchemaDocument(JsonElement root, string? mainPath = null, IReadOnlyDictionary<string, JsonElement>? otherFiles = null)
    {
        Root = root;
        Dialect = ReadDialect(root, otherFiles);
        var mainBase = mainPath is null ? DefaultBase : new Uri(FilesBase, mainPath);
        Index(root, "", mainBase, IdKeyword(root, Dialect));
        if (mainPath is not null) _resources.TryAdd(WithoutFragment(DefaultBase), new SchemaPart(root, ""));
        foreach (var (path, file) in otherFiles ?? new Dictionary<string, JsonElement>())
        {
            _files[path] = file;
            Index(file, FilePointer(path), new Uri(FilesBase, path), IdKeyword(file, Dialect));
        }
    }

    private static readonly Uri FilesBase = new("https://tdmp.invalid/");

    /// <summary>Where a file's subschemas sit in messages and pointers: <c>common/defs.json#</c> then the JSON pointer.</summary>
    private static string FilePointer(string path) => path + "#";

    /// <summary>draft-04 names a resource with <c>id</c>, later drafts with <c>$id</c>; a file says which by its own <c>$schema</c>.</summary>
    private static string IdKeyword(JsonElement root, string fallbackDialect)
    {
        var dialect = fallbackDialect;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("$schema", out var s) && s.ValueKind == JsonValueKind.String)
            dialect = s.GetString()!.Contains("draft-04", StringComparison.Ordinal) ? "draft-04" : "other";
        return dialect == "draft-04" ? "id" : "$id";
    }

    public JsonElement Root { get; }

    /// <summary>Check texts already written for this upload, by what they were written from (see JsonSubschema).</summary>
    public Dictionary<string, string> WrittenSubschemas { get; } = [];

    /// <summary><c>draft-04</c>, <c>draft-06</c>, <c>draft-07</c>, <c>2019-09</c> or <c>2020-12</c>.</summary>
    public string Dialect { get; }

    public bool IsDraft7OrOlder => Dialect.StartsWith("draft-", StringComparison.Ordinal);

    private static string ReadDialect(JsonElement root, IReadOnlyDictionary<string, JsonElement>? otherFiles, int hops = 0)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("$schema", out var schema))
            return "2020-12";
        var uri = schema.ValueKind == JsonValueKind.String ? schema.GetString()! : "";
        // A hyper-schema (draft-04's is what Heroku-style API descriptions declare) is its draft plus link annotations,
        // which say nothing about the values.
        var trimmed = uri.TrimEnd('#').Replace("https://", "http://", StringComparison.Ordinal).Replace("/hyper-schema", "/schema",
            StringComparison.Ordinal);
        return trimmed switch
        {
            "http://json-schema.org/draft-04/schema" => "draft-04",
            "http://json-schema.org/draft-06/schema" => "draft-06",
            "http://json-schema.org/draft-07/schema" => "draft-07",
            "http://json-schema.org/draft/2019-09/schema" => "2019-09",
            "http://json-schema.org/draft/2020-12/schema" => "2020-12",
            // The legacy "latest draft" URIs (Kubernetes publishes with these) mean the newest draft this service knows.
            "http://json-schema.org/schema" or "http://json-schema.org/draft/schema" => "2020-12",
            // A meta-schema of the publisher's own in the upload (CSAF 2.1's, FIRST's for CVSS 4.0) extends a draft: the one
            // its own $schema names.
            _ when hops < 4 && MetaSchemaInUpload(uri, otherFiles) is { } meta =>
                SelfDescribing(meta, uri) ? DialectOfKeywords(meta) : ReadDialect(meta, otherFiles, hops + 1),
            _ => throw new SchemaReadException(
                $"Unsupported $schema '{uri}': use draft-04, draft-06, draft-07, 2019-09 or 2020-12 (http://json-schema.org/...), or "
                    + "http://json-schema.org/schema# for the newest."),
        };
    }

    /// <summary>Whether a meta-schema names itself as its <c>$schema</c> (OpenRPC's json-schema.tools meta-schema).</summary>
    private static bool SelfDescribing(JsonElement meta, string uri) =>
        meta.TryGetProperty("$schema", out var own) && own.ValueKind == JsonValueKind.String && own.GetString()!.TrimEnd('#') == uri.TrimEnd('#');

    /// <summary>The draft a self-describing meta-schema extends, by the keywords it defines itself with: 2020-12's
    /// <c>$defs</c> and <c>$dynamicAnchor</c>, else draft-07's <c>definitions</c>.</summary>
    private static string DialectOfKeywords(JsonElement meta) =>
        meta.TryGetProperty("$defs", out _) || meta.TryGetProperty("$dynamicAnchor", out _) ? "2020-12" : "draft-07";

    /// <summary>The file of the upload a <c>$schema</c> URI names: by its <c>$id</c>, or by its path as a <c>$ref</c> names one.</summary>
    private static JsonElement? MetaSchemaInUpload(string uri, IReadOnlyDictionary<string, JsonElement>? files)
    {
        if (files is null || !Uri.TryCreate(uri.TrimEnd('#'), UriKind.Absolute, out var wanted)) return null;
        foreach (var file in files.Values)
            if (file.TryGetProperty("$id", out var id) && id.ValueKind == JsonValueKind.String
                && Uri.TryCreate(id.GetString()!.TrimEnd('#'), UriKind.Absolute, out var named) && named == wanted)
                return file;
        return FileNamedBy(wanted, files.Keys) is { } path ? files[path] : null;
    }

    private void Index(JsonElement schema, string pointer, Uri baseUri, string idKeyword)
    {
        if (schema.ValueKind != JsonValueKind.Object) return;
        if (schema.TryGetProperty(idKeyword, out var id) && id.ValueKind == JsonValueKind.String)
        {
            var text = id.GetString()!;
            if (text.StartsWith('#'))
                _anchors[WithoutFragment(baseUri) + text] = new SchemaPart(schema, pointer); // draft <= 7 plain-name anchor
            else
            {
                if (!Uri.TryCreate(baseUri, text, out var resolved))
                    throw new SchemaReadException($"The {idKeyword} '{text}' at '{Show(pointer)}' is not a valid URI.");
                baseUri = resolved;
                _resources[WithoutFragment(baseUri)] = new SchemaPart(schema, pointer);
            }
        }
        if (pointer.Length == 0 || pointer.EndsWith('#')) _resources.TryAdd(WithoutFragment(baseUri), new SchemaPart(schema, pointer));
        if (schema.TryGetProperty("$anchor", out var anchor) && anchor.ValueKind == JsonValueKind.String)
            _anchors[WithoutFragment(baseUri) + "#" + anchor.GetString()] = new SchemaPart(schema, pointer);
        // $dynamicRef is resolved statically, to the $dynamicAnchor of the resource it names: the generator makes
        // values of the schema as uploaded, never of a schema that extends it, so the dynamic scope is that resource.
        if (schema.TryGetProperty("$dynamicAnchor", out var dynamicAnchor) && dynamicAnchor.ValueKind == JsonValueKind.String)
            _anchors.TryAdd(WithoutFragment(baseUri) + "#" + dynamicAnchor.GetString(), new SchemaPart(schema, pointer));
        _baseOf[pointer] = baseUri;

        foreach (var keyword in SingleSchemaKeywords)
            if (schema.TryGetProperty(keyword, out var sub) && sub.ValueKind == JsonValueKind.Object)
                Index(sub, pointer + "/" + keyword, baseUri, idKeyword);
        foreach (var keyword in SchemaArrayKeywords)
            if (schema.TryGetProperty(keyword, out var list) && list.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var sub in list.EnumerateArray()) Index(sub, $"{pointer}/{keyword}/{i++}", baseUri, idKeyword);
            }
        foreach (var keyword in SchemaMapKeywords)
            if (schema.TryGetProperty(keyword, out var map) && map.ValueKind == JsonValueKind.Object)
                foreach (var entry in map.EnumerateObject())
                    Index(entry.Value, $"{pointer}/{keyword}/{Escape(entry.Name)}", baseUri, idKeyword);
    }

    /// <summary>Resolves a <c>$ref</c> found in the subschema at <paramref name="at"/>; anything outside the upload is refused.</summary>
    public SchemaPart Resolve(string reference, string at)
    {
        var baseUri = BaseAt(at);
        Uri target;
        try
        {
            target = new Uri(baseUri, reference);
        }
        catch (UriFormatException)
        {
            throw new SchemaReadException($"$ref '{reference}' at '{Show(at)}' is not a valid URI reference.");
        }
        var document = WithoutFragment(target);
        var fragment = Uri.UnescapeDataString(target.Fragment.TrimStart('#'));
        if (!_resources.ContainsKey(document)) LoadFromElsewhere(target, document);
        if (!_resources.TryGetValue(document, out var resource))
            throw new SchemaReadException(
                $"$ref '{reference}' at '{Show(at)}' points outside this upload; only files in the upload (a .zip of JSON Schema " +
                "files with relative $refs) and the official JSON Schema meta-schemas are read. Upload the referenced file in the zip, or put " +
                "the referenced definitions under $defs (or definitions) and use '#/$defs/...'.");
        if (fragment.Length == 0) return resource;
        if (!fragment.StartsWith('/'))
            return _anchors.TryGetValue(document + "#" + fragment, out var anchored)
                ? anchored
                : throw new SchemaReadException($"$ref '{reference}' at '{Show(at)}' names an anchor '{fragment}' that is not declared.");
        var element = resource.Schema;
        foreach (var token in fragment[1..].Split('/'))
        {
            var name = token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var next)) element = next;
            else if (element.ValueKind == JsonValueKind.Array && int.TryParse(name, out var index) && index >= 0 && index < element.GetArrayLength())
                element = element[index];
            else
                throw new SchemaReadException($"$ref '{reference}' at '{Show(at)}' points to '{fragment}', which does not exist in the file.");
        }
        return new SchemaPart(element, resource.Pointer + fragment);
    }

    /// <summary>
    /// A document the upload does not hold under that URI: an official meta-schema (embedded in the service), or a zip
    /// file named by an absolute URI whose path ends like the file's path in the zip (a published <c>$id</c> of it).
    /// </summary>
    private void LoadFromElsewhere(Uri target, string document)
    {
        if (MetaSchemas.Find(document) is { } meta)
        {
            Index(meta.Root, MetaPointer(meta.Uri), new Uri(meta.Uri), meta.IdKeyword);
            _resources.TryAdd(document, new SchemaPart(meta.Root, MetaPointer(meta.Uri)));
            return;
        }
        if (FileNamedBy(target, _files.Keys) is { } file) _resources[document] = new SchemaPart(_files[file], FilePointer(file));
    }

    /// <summary>The zip file an absolute URI names: the one whose path the URI's path ends with, else one of the same file name.</summary>
    private static string? FileNamedBy(Uri target, IEnumerable<string> files)
    {
        var path = target.AbsolutePath.TrimStart('/');
        return files.Where(f => path.EndsWith(f, StringComparison.Ordinal) || f.EndsWith(path.Split('/')[^1], StringComparison.Ordinal))
            .OrderByDescending(f => path.EndsWith(f, StringComparison.Ordinal)).FirstOrDefault();
    }

    private static string MetaPointer(string uri) => uri.TrimEnd('#') + "#";

    private Uri BaseAt(string pointer)
    {
        for (var p = pointer; ; p = p[..p.LastIndexOf('/')])
        {
            if (_baseOf.TryGetValue(p, out var found)) return found;
            if (p.Length == 0 || !p.Contains('/')) return DefaultBase;
        }
    }

    private static string WithoutFragment(Uri uri) => uri.GetLeftPart(UriPartial.Query);

    public static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>A pointer as shown to a tester: <c>#/properties/total</c>.</summary>
    public static string Show(string pointer) => pointer.Contains('#') ? pointer : "#" + pointer;
}
