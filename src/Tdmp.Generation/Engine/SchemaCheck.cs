using System.Buffers;
using System.Text.Json;
using Json.Schema;

namespace Tdmp.Generation.Engine;

/// <summary>
/// A JSON Schema a made value is checked against (generate-and-check: see <see cref="Schema.SchemaNode.Checks"/>),
/// compiled once per plan with JsonSchema.Net and evaluated on the value's tokens, written out as JSON.
/// </summary>
public sealed class SchemaCheck
{
    private static readonly EvaluationOptions Options = new() { RequireFormatValidation = true, OutputFormat = Json.Schema.OutputFormat.Flag };
    private readonly JsonSchema _schema;

    // Published schemas carry keywords of their own (markdownDescription, x-..., draft-07's dependencies in a 2020-12
    // file): like every validator, the check ignores what it does not know instead of refusing it.
    private static readonly Dialect Lenient07 = Dialect.Draft07.With([], new Uri("urn:tdmp:check:draft-07"), null, true);
    private static readonly Dialect Lenient201909 = Dialect.Draft201909.With([], new Uri("urn:tdmp:check:2019-09"), null, true);
    private static readonly Dialect Lenient202012 = Dialect.Draft202012.With([], new Uri("urn:tdmp:check:2020-12"), null, true);

    private SchemaCheck(JsonSchema schema) => _schema = schema;

    /// <summary>Compiles each distinct text once per plan (the same check recurs on every node a definition is used in).</summary>
    public static SchemaCheck Compile(string text, Dictionary<string, SchemaCheck> compiled)
    {
        if (compiled.TryGetValue(text, out var check)) return check;
        // A registry of its own: the check's references point into its own definitions, never at another check.
        var schema = System.Text.Json.Nodes.JsonNode.Parse(text)!.AsObject();
        var dialect = schema["$schema"]?.GetValue<string>() switch
        {
            { } uri when uri.Contains("draft-07") || uri.Contains("draft-06") => Lenient07,
            { } uri when uri.Contains("2019-09") => Lenient201909,
            _ => Lenient202012,
        };
        schema.Remove("$schema");
        check = new SchemaCheck(JsonSchema.FromText(schema.ToJsonString(),
            new BuildOptions { SchemaRegistry = new SchemaRegistry(), Dialect = dialect }));
        compiled[text] = check;
        return check;
    }

    /// <summary>Whether the value in tokens [<paramref name="first"/>, <paramref name="end"/>) satisfies the schema; with
    /// <paramref name="asObject"/>, those tokens are the members of an object being made (an <c>if</c> read on the
    /// properties made so far). A value with a part made later (a deferred field) cannot be read yet and passes, or with
    /// <paramref name="unmadeAbsent"/> that part is read as absent (an <c>if</c> decided before it is made).</summary>
    public bool Passes(RecordBuffer buffer, int first, int end, IReadOnlyList<PlanNode> nodes, bool asObject = false, bool unmadeAbsent = false)
    {
        var output = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true }))
        {
            if (asObject) writer.WriteStartObject();
            var depthInArray = new Stack<bool>();
            depthInArray.Push(!asObject);
            for (var i = first; i < end; i++)
            {
                ref readonly var token = ref buffer.Token(i);
                if (unmadeAbsent && token.Kind == TokenKind.Value && token.Offset < 0) continue;
                if (token.Kind is TokenKind.EndObject or TokenKind.EndArray)
                {
                    depthInArray.Pop();
                    if (token.Kind == TokenKind.EndObject) writer.WriteEndObject();
                    else writer.WriteEndArray();
                    continue;
                }
                if (!depthInArray.Peek() && token.NodeId >= 0)
                {
                    var node = nodes[token.NameId];
                    writer.WritePropertyName(node.IsAttribute ? "@" + node.Name : node.Name);
                }
                switch (token.Kind)
                {
                    case TokenKind.StartObject:
                        writer.WriteStartObject();
                        depthInArray.Push(false);
                        break;
                    case TokenKind.StartArray:
                        writer.WriteStartArray();
                        depthInArray.Push(true);
                        break;
                    case TokenKind.Null:
                        writer.WriteNullValue();
                        break;
                    default:
                        if (token.Offset < 0) return true;
                        if (token.JsonType == ValueJsonType.Raw) writer.WriteRawValue(buffer.Text(token), skipInputValidation: true);
                        else writer.WriteStringValue(buffer.Text(token));
                        break;
                }
            }
            if (asObject) writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(output.WrittenMemory);
        return _schema.Evaluate(document.RootElement, Options).IsValid;
    }
}
