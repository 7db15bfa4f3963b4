using System.Text.Json.Nodes;
using Json.Schema;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Schema;
using Tdmp.Tests.Generation.Engine;

namespace Tdmp.Tests.Generation.RealWorld;

/// <summary>
/// One published JSON Schema of <c>tests/data/schemas/real-world-extra/</c> run the way a user would: read (upload),
/// plan, records of a few seeds, each checked by JsonSchema.Net and ajv. The outcome is one of "valid", "refused: ...",
/// "invalid: ..." or "crash: ...", which the tests compare with what <c>EXPECTED.tsv</c> says of the file.
/// </summary>
public static class SchemaStoreSweep
{
    public static string Directory => Path.Combine(SharedSchemas.Directory, "real-world-extra");

    public static IEnumerable<string> Files() =>
        System.IO.Directory.GetFiles(Directory, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static string Run(string file, int seeds, int recordsPerSeed, string? directory = null)
    {
        var path = Path.Combine(directory ?? Directory, file);
        var schemaCase = new JsonSchemaCase(file, "json", path, [],
            () => SchemaReader.Read(File.ReadAllBytes(path), SchemaLanguage.JsonSchema, SchemaReadLimits.Default));
        var (all, failure) = Generate(schemaCase.Read, seeds, recordsPerSeed);
        if (all is null) return failure!;
        var dir = EngineFixtures.TempDirectory("sweep");
        var schemaPath = schemaCase.ValidatorSchemaPath(dir);
        if (File.ReadAllText(schemaPath).Contains("draft-04/schema"))
        {
            // Neither validator reads draft-04 as such: the copy they are given says the same in draft-07.
            var copy = JsonNode.Parse(File.ReadAllText(schemaPath))!;
            Draft4ToDraft7(copy);
            copy["$schema"] = "http://json-schema.org/draft-07/schema#";
            schemaPath = Path.Combine(dir, "schema-draft-07.json");
            File.WriteAllText(schemaPath, copy.ToJsonString());
        }
        var data = Path.Combine(dir, "records.json");
        File.WriteAllText(data, all.ToJsonString());
        // JsonSchema.Net 8.0.5 throws on some published schemas (a patternProperties pattern holding '/', a "description":
        // null): such a file is checked by ajv alone. Records it does evaluate and finds invalid are still reported.
        var results = new List<(JsonNode? Item, string? Errors)>();
        try
        {
            var schema = JsonSchema.FromText(File.ReadAllText(schemaPath),
                new BuildOptions { SchemaRegistry = new SchemaRegistry(), Dialect = schemaCase.Dialect });
            foreach (var item in all) results.Add((item, JsonSchemaNet.Errors(schema, item)));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // JsonSchema.Net's own failure, not the records': ajv below decides.
        }
        foreach (var (item, errors) in results)
            if (errors is not null)
                return "invalid: JsonSchema.Net: " + Cut(errors) + " in " + Cut(item?.ToJsonString() ?? "null") + " (" + data + ")";
        try
        {
            ExternalValidators.AssertAjvValidArray(schemaPath, data, schemaCase.AjvSpec);
        }
        catch (Xunit.Sdk.XunitException e)
        {
            return "invalid: ajv: " + Cut(e.Message);
        }
        return "valid";
    }

    /// <summary>A sweep's records of a schema (no rules), or why there are none: "refused: ..." when the engine says the
    /// schema cannot be generated, "crash: ..." for any other exception.</summary>
    internal static (JsonArray? Records, string? Failure) Generate(Func<SchemaRepr> read, int seeds, int recordsPerSeed)
    {
        GenerationPlan plan;
        try
        {
            plan = GenerationPlan.Create(read(), [], null);
        }
        catch (Exception e) when (e is SchemaReadException or UnsatisfiableSchemaException)
        {
            return (null, "refused: " + e.Message);
        }
        catch (Exception e)
        {
            return (null, "crash: plan: " + e.GetType().Name + ": " + e.Message);
        }
        try
        {
            return (EngineFixtures.RecordsOfManySeeds(plan, seeds, recordsPerSeed, jsonlEvery: 2), null);
        }
        catch (Exception e)
        {
            return (null, "crash: generate: " + e.GetType().Name + ": " + e.Message);
        }
    }

    /// <summary>draft-04's boolean exclusiveMinimum/exclusiveMaximum become draft-07's numbers; its <c>id</c> is kept
    /// out of the way (draft-07 reads <c>$id</c>).</summary>
    internal static void Draft4ToDraft7(JsonNode? node)
    {
        if (node is JsonObject o)
        {
            foreach (var (flag, bound) in new[] { ("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum") })
                if (o[flag] is JsonValue v && v.TryGetValue<bool>(out var exclusive))
                {
                    o.Remove(flag);
                    if (exclusive && o[bound] is { } limit)
                    {
                        o[flag] = limit.DeepClone();
                        o.Remove(bound);
                    }
                }
            if (o["id"] is JsonValue id && id.GetValueKind() == JsonValueKind.String) o.Remove("id");
            foreach (var (_, child) in o.ToList()) Draft4ToDraft7(child);
        }
        else if (node is JsonArray a)
            foreach (var child in a) Draft4ToDraft7(child);
    }

    private static string Cut(string text) => text.Length > 600 ? text[..600] + "..." : text;
}
