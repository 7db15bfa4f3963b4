using System.Text;
using System.Text.Json;

namespace Tdmp.Generation.Schema.Json;

/// <summary>
/// A subschema of an upload as a schema document of its own, for a check the engine runs on made values
/// (<see cref="SchemaNode.Checks"/>): every <c>$ref</c> it reaches, in any file of the upload, is copied under
/// <c>definitions</c>/<c>$defs</c> and pointed at there, so the text is valid without the upload. A draft-04 schema is
/// written as draft-07 (the validator knows no draft-04; its boolean <c>exclusiveMinimum</c> becomes a number), and
/// <c>$dynamicRef</c>/<c>$recursiveRef</c> become plain references, as the generator reads them.
/// </summary>
internal sealed class JsonSubschema
{
    private static readonly HashSet<string> SingleSchemaKeywords =
        ["not", "if", "then", "else", "additionalProperties", "additionalItems", "contains", "propertyNames",
         "unevaluatedProperties", "unevaluatedItems", "contentSchema"];
    private static readonly HashSet<string> SchemaArrayKeywords = ["allOf", "anyOf", "oneOf", "prefixItems"];
    private static readonly HashSet<string> SchemaMapKeywords = ["properties", "patternProperties", "dependentSchemas"];
    /// <summary>Identifiers and definitions: the copy needs none of them, its references point into its own definitions.</summary>
    /// <summary>Annotations are dropped too: they change no value's validity, and JsonSchema.Net refuses a whole schema over
    /// one it finds malformed (utcm-monitor's <c>"description": null</c>).</summary>
    private static readonly HashSet<string> Dropped =
        ["$schema", "$id", "$anchor", "$dynamicAnchor", "$recursiveAnchor", "$defs", "definitions", "$vocabulary",
         "title", "description", "$comment", "examples", "markdownDescription", "deprecated", "readOnly", "writeOnly"];

    private readonly JsonSchemaDocument _document;
    private readonly string _defsKeyword;
    private readonly bool _draft4;
    private readonly Dictionary<string, string> _names = [];
    private readonly Queue<SchemaPart> _pending = [];

    private JsonSubschema(JsonSchemaDocument document)
    {
        _document = document;
        _defsKeyword = document.IsDraft7OrOlder ? "definitions" : "$defs";
        _draft4 = document.Dialect == "draft-04";
    }

    /// <summary>The check "value satisfies <paramref name="part"/>" (or, with <paramref name="negate"/>, does not) as JSON
    /// text; the subschema sits under <c>allOf</c>/<c>not</c>, so its keywords never meet the copied definitions.</summary>
    public static string Write(JsonSchemaDocument document, SchemaPart part, bool negate = false) =>
        Remembered(document, (negate ? "not\n" : "all\n") + part.Pointer, () => WriteUncached(document, part, negate));

    /// <summary>
    /// A subschema's text depends only on where its parts sit in the upload, but the repr builds a definition once per place
    /// it is used (SARIF, OpenAPI and CycloneDX use some hundreds of times, each pulling in most of the schema): each text is
    /// written once per upload and shared.
    /// </summary>
    private static string Remembered(JsonSchemaDocument document, string key, Func<string> write)
    {
        if (document.WrittenSubschemas.TryGetValue(key, out var text)) return text;
        text = write();
        document.WrittenSubschemas[key] = text;
        return text;
    }

    private static string WriteUncached(JsonSchemaDocument document, SchemaPart part, bool negate)
    {
        var subschema = new JsonSubschema(document);
        return subschema.WriteDocument(w =>
        {
            w.WritePropertyName(negate ? "not" : "allOf");
            if (!negate) w.WriteStartArray();
            subschema.WriteSchema(w, part.Schema, part.Pointer);
            if (!negate) w.WriteEndArray();
        });
    }

    /// <summary>The check "value satisfies one of <paramref name="parts"/>" (or, with <paramref name="negate"/>, none of
    /// them) as JSON text.</summary>
    public static string WriteAnyOf(JsonSchemaDocument document, IReadOnlyList<SchemaPart> parts, bool negate = false) =>
        Remembered(document, (negate ? "none\n" : "any\n") + string.Join("\n", parts.Select(p => p.Pointer)),
            () => WriteAnyOfUncached(document, parts, negate));

    private static string WriteAnyOfUncached(JsonSchemaDocument document, IReadOnlyList<SchemaPart> parts, bool negate)
    {
        var subschema = new JsonSubschema(document);
        return subschema.WriteDocument(w =>
        {
            if (negate)
            {
                w.WritePropertyName("not");
                w.WriteStartObject();
            }
            w.WritePropertyName("anyOf");
            w.WriteStartArray();
            foreach (var part in parts) subschema.WriteSchema(w, part.Schema, part.Pointer);
            w.WriteEndArray();
            if (negate) w.WriteEndObject();
        });
    }

    /// <summary>The schema <c>{"if": ..., "then": ..., "else": ...}</c> of one conditional, as JSON text.</summary>
    public static string WriteConditional(JsonSchemaDocument document, SchemaPart? test, string? presentProperty, SchemaPart? then,
        SchemaPart? @else) =>
        Remembered(document, $"if\n{test?.Pointer}\n{presentProperty}\n{then?.Pointer}\n{@else?.Pointer}",
            () => WriteConditionalUncached(document, test, presentProperty, then, @else));

    private static string WriteConditionalUncached(JsonSchemaDocument document, SchemaPart? test, string? presentProperty, SchemaPart? then,
        SchemaPart? @else)
    {
        var subschema = new JsonSubschema(document);
        return subschema.WriteDocument(w =>
        {
            w.WritePropertyName("if");
            if (test is { } t) subschema.WriteSchema(w, t.Schema, t.Pointer);
            else
            {
                // A schema dependency's condition is "the property is present".
                w.WriteStartObject();
                w.WritePropertyName("required");
                w.WriteStartArray();
                w.WriteStringValue(presentProperty);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            foreach (var (keyword, side) in new[] { ("then", then), ("else", @else) })
                if (side is { } s)
                {
                    w.WritePropertyName(keyword);
                    subschema.WriteSchema(w, s.Schema, s.Pointer);
                }
        });
    }

    private string WriteDocument(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            WriteHeader(w);
            body(w);
            WriteDefinitions(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private void WriteHeader(Utf8JsonWriter w) =>
        w.WriteString("$schema", _document.Dialect switch
        {
            "draft-04" or "draft-06" or "draft-07" => "http://json-schema.org/draft-07/schema#",
            "2019-09" => "https://json-schema.org/draft/2019-09/schema",
            _ => "https://json-schema.org/draft/2020-12/schema",
        });

    private void WriteDefinitions(Utf8JsonWriter w)
    {
        if (_pending.Count == 0) return;
        w.WritePropertyName(_defsKeyword);
        w.WriteStartObject();
        while (_pending.TryDequeue(out var target))
        {
            w.WritePropertyName(_names[target.Pointer]);
            WriteSchema(w, target.Schema, target.Pointer);
        }
        w.WriteEndObject();
    }

    private void WriteSchema(Utf8JsonWriter w, JsonElement schema, string pointer)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            schema.WriteTo(w);
            return;
        }
        w.WriteStartObject();
        WriteKeywords(w, schema, pointer);
        w.WriteEndObject();
    }

    private void WriteKeywords(Utf8JsonWriter w, JsonElement schema, string pointer)
    {
        // Up to draft-07 a validator ignores the keywords next to a $ref; the generator (and ajv) apply them. The check says
        // what the generator read: such a $ref is written as an allOf member (with the schema's own allOf, if any).
        var refWithSiblings = _document.IsDraft7OrOlder && schema.TryGetProperty("$ref", out var reference) &&
            reference.ValueKind == JsonValueKind.String && schema.EnumerateObject().Any(k => k.Name != "$ref" && !Dropped.Contains(k.Name));
        var ownAllOf = schema.TryGetProperty("allOf", out var allOf) && allOf.ValueKind == JsonValueKind.Array;
        if (refWithSiblings && !ownAllOf)
        {
            w.WriteStartArray("allOf");
            WriteRefMember(w, schema, pointer);
            w.WriteEndArray();
        }
        foreach (var keyword in schema.EnumerateObject())
        {
            var name = keyword.Name;
            var value = keyword.Value;
            var at = pointer + "/" + JsonSchemaDocument.Escape(name);
            if (Dropped.Contains(name) || (_draft4 && name == "id" && value.ValueKind == JsonValueKind.String)) continue;
            if (refWithSiblings && name == "$ref") continue;
            if (name is "$ref" or "$dynamicRef" or "$recursiveRef" && value.ValueKind == JsonValueKind.String)
            {
                WriteRef(w, value.GetString()!, pointer);
                continue;
            }
            if (refWithSiblings && name == "allOf" && ownAllOf)
            {
                w.WriteStartArray("allOf");
                var k = 0;
                foreach (var item in value.EnumerateArray()) WriteSchema(w, item, $"{at}/{k++}");
                WriteRefMember(w, schema, pointer);
                w.WriteEndArray();
                continue;
            }
            if (_draft4 && name is "exclusiveMinimum" or "exclusiveMaximum" && value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                var bound = name == "exclusiveMinimum" ? "minimum" : "maximum";
                if (value.ValueKind == JsonValueKind.True && schema.TryGetProperty(bound, out var limit))
                {
                    w.WritePropertyName(name);
                    limit.WriteTo(w);
                }
                continue;
            }
            if (_draft4 && name is "minimum" or "maximum"
                && schema.TryGetProperty(name == "minimum" ? "exclusiveMinimum" : "exclusiveMaximum", out var flag)
                && flag.ValueKind == JsonValueKind.True)
                continue; // written as the exclusive bound
            w.WritePropertyName(name);
            if (SingleSchemaKeywords.Contains(name)) WriteSchema(w, value, at);
            else if ((SchemaArrayKeywords.Contains(name) || name == "items") && value.ValueKind == JsonValueKind.Array)
            {
                w.WriteStartArray();
                var i = 0;
                foreach (var item in value.EnumerateArray()) WriteSchema(w, item, $"{at}/{i++}");
                w.WriteEndArray();
            }
            else if (name == "items") WriteSchema(w, value, at);
            else if ((SchemaMapKeywords.Contains(name) || name == "dependencies") && value.ValueKind == JsonValueKind.Object)
            {
                w.WriteStartObject();
                foreach (var entry in value.EnumerateObject())
                {
                    w.WritePropertyName(name == "patternProperties" ? WithoutPointerCharacters(entry.Name) : entry.Name);
                    if (entry.Value.ValueKind == JsonValueKind.Array) entry.Value.WriteTo(w); // dependencies: a list of names
                    else WriteSchema(w, entry.Value, at + "/" + JsonSchemaDocument.Escape(entry.Name));
                }
                w.WriteEndObject();
            }
            else value.WriteTo(w);
        }
    }

    private void WriteRef(Utf8JsonWriter w, string reference, string pointer)
    {
        var target = _document.Resolve(reference, pointer);
        if (!_names.TryGetValue(target.Pointer, out var defName))
        {
            _names[target.Pointer] = defName = "r" + _names.Count;
            _pending.Enqueue(target);
        }
        w.WriteString("$ref", $"#/{_defsKeyword}/{defName}");
    }

    private void WriteRefMember(Utf8JsonWriter w, JsonElement schema, string pointer)
    {
        w.WriteStartObject();
        WriteRef(w, schema.GetProperty("$ref").GetString()!, pointer);
        w.WriteEndObject();
    }

    /// <summary>The same ECMA-262 pattern without '/' and '~': JsonSchema.Net 8.0.5 looks a patternProperties pattern up by
    /// its JSON Pointer form (<c>~1</c>, <c>~0</c>) and throws on one that holds either. Each becomes a hex escape, also where
    /// it was escaped already (<c>\/</c>), which means the same in and out of classes, with and without the <c>u</c> flag.</summary>
    internal static string WithoutPointerCharacters(string pattern)
    {
        if (pattern.IndexOfAny(['/', '~']) < 0) return pattern;
        var text = new StringBuilder(pattern.Length + 8);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[++i];
                if (next is '/' or '~') text.Append(next == '/' ? "\\x2F" : "\\x7E");
                else text.Append(c).Append(next);
            }
            else if (c == '/') text.Append("\\x2F");
            else if (c == '~') text.Append("\\x7E");
            else text.Append(c);
        }
        return text.ToString();
    }
}
