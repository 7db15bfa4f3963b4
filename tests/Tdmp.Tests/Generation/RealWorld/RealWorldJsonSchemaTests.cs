using System.Text.Json.Nodes;
using Json.Schema;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Schema;
using Tdmp.Tests.Generation.Engine;
using OutputFormat = Tdmp.Generation.Engine.OutputFormat;

namespace Tdmp.Tests.Generation.RealWorld;

/// <summary>
/// The published JSON Schemas of <c>tests/data/schemas/real-world/</c> (each folder's <c>case.env</c> says the file and
/// the extra formats) and the two shared ones: every record of many seeds validates under ajv 8 with formats and under
/// JsonSchema.Net, and the extra formats the case lists come out right.
/// </summary>
public class RealWorldJsonSchemaTests
{
    private const int Seeds = 60;
    private const int RecordsPerSeed = 5;

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(RealWorldCase.CasesDirectory).Order())
            if (JsonSchemaCase.Load(Path.GetFileName(dir)).Kind == "json") data.Add(Path.GetFileName(dir));
        data.Add("order.schema.json");
        data.Add("employee.schema.json");
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Json_and_jsonl_records_of_many_seeds_validate_with_ajv_and_JsonSchema_Net(string name)
    {
        var schemaCase = JsonSchemaCase.Load(name);
        var plan = GenerationPlan.Create(schemaCase.Read(), [], null);
        var all = EngineFixtures.RecordsOfManySeeds(plan, Seeds, RecordsPerSeed, jsonlEvery: 3);

        var dir = EngineFixtures.TempDirectory("realworld-ajv");
        var schemaPath = schemaCase.ValidatorSchemaPath(dir);
        var schema = JsonSchema.FromText(File.ReadAllText(schemaPath),
            new BuildOptions { SchemaRegistry = new SchemaRegistry(), Dialect = schemaCase.Dialect });
        var failures = new List<string>();
        // JsonSchema.Net 8.0.5 throws on a patternProperties pattern that holds '/' (it looks the pattern up by its
        // escaped pointer form); such a schema (package.json's "^\\./.+") is checked by ajv alone.
        var jsonSchemaNetCanEvaluate = !File.ReadAllText(schemaPath).Contains("\"patternProperties\"") ||
            !PatternPropertyNames(JsonNode.Parse(File.ReadAllText(schemaPath))).Any(n => n.Contains('/'));
        foreach (var item in jsonSchemaNetCanEvaluate ? all : [])
            if (JsonSchemaNet.Errors(schema, item) is { } errors) failures.Add(item!.ToJsonString() + " => " + errors);
        Assert.True(failures.Count == 0, $"{failures.Count} invalid records, first: {failures.FirstOrDefault()}");

        // Some records must carry more than the required minimum, or validity would prove little.
        Assert.Contains(all, r => r is JsonObject o && o.Count > 0);

        var data = Path.Combine(dir, "records.json");
        File.WriteAllText(data, all.ToJsonString());
        ExternalValidators.AssertAjvValidArray(schemaPath, data, schemaCase.AjvSpec);
    }

    private static IEnumerable<string> PatternPropertyNames(JsonNode? node) => node switch
    {
        JsonObject o => (o["patternProperties"] is JsonObject p ? p.Select(e => e.Key) : [])
            .Concat(o.SelectMany(e => PatternPropertyNames(e.Value))),
        JsonArray a => a.SelectMany(PatternPropertyNames),
        _ => [],
    };

    public static TheoryData<string> CasesWithTables()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(RealWorldCase.CasesDirectory).Order())
            if (JsonSchemaCase.Load(Path.GetFileName(dir)) is { Kind: "json" } c && c.Extra.Contains("sql")) data.Add(Path.GetFileName(dir));
        return data;
    }

    /// <summary>The cases that list csv and sql: every csv file parses back with its header and row count, and the SQL of
    /// several seeds loads into PostgreSQL with every child row's parent key resolving.</summary>
    [Theory]
    [MemberData(nameof(CasesWithTables))]
    public void Csv_parses_back_and_sql_loads_with_parent_keys_that_resolve(string name)
    {
        var plan = GenerationPlan.Create(JsonSchemaCase.Load(name).Read(), [], null);
        var dir = EngineFixtures.TempDirectory("realworld-sql");
        var script = new System.Text.StringBuilder();
        for (var seed = 1; seed <= 10; seed++)
        {
            var (sink, result) = EngineFixtures.Generate(plan,
                new GenerationOptions { Seed = seed, RecordCount = RecordsPerSeed, Types = [OutputFormat.Sql, OutputFormat.Csv] });
            foreach (var f in result.Files.Where(f => f.Format == OutputFormat.Csv))
            {
                var rows = CsvReader.Parse(sink.Text(f.Name));
                Assert.Equal(f.RecordCount, rows.Count - 1);
                Assert.All(rows, r => Assert.Equal(rows[0].Count, r.Count));
            }
            script.Append($"CREATE SCHEMA s{seed};\nSET search_path TO s{seed};\n");
            script.Append(sink.Text(result.Files.Single(f => f.Format == OutputFormat.Sql).Name));
        }
        var path = Path.Combine(dir, "all.sql");
        File.WriteAllText(path, script.ToString());
        var layout = Tdmp.Generation.Writers.RecordTableLayout.For(plan, null);
        ExternalValidators.WithDatabase(db =>
        {
            ExternalValidators.Psql(db, file: path);
            Assert.Equal(RecordsPerSeed.ToString(), ExternalValidators.Psql(db, $"SELECT count(*) FROM s1.\"{layout.Tables[0].Name}\";"));
            Assert.Empty(SqlTableCheck.TablesWithOrphans(db, layout.Tables, "s1"));
            return "";
        });
    }
}

/// <summary>A JSON Schema the tests run: a real-world case (its <c>case.env</c>, read by <see cref="RealWorldCase"/>) or a
/// shared schema file of <c>tests/data/schemas</c>, with how the validators are to read it.</summary>
public sealed record JsonSchemaCase(string Name, string Kind, string MainPath, IReadOnlyList<string> Extra, Func<SchemaRepr> Read)
{
    public static JsonSchemaCase Load(string name)
    {
        if (!Directory.Exists(Path.Combine(RealWorldCase.CasesDirectory, name)))
        {
            var path = Path.Combine(SharedSchemas.Directory, name);
            return new JsonSchemaCase(name, "json", path, ["csv", "sql"],
                () => SchemaReader.Read(File.ReadAllBytes(path), null, SchemaReadLimits.Default));
        }
        var c = RealWorldCase.Load(name);
        return new JsonSchemaCase(name, c.Kind, c.MainPath, c.Extra, c.Read);
    }

    private string? SchemaUri =>
        JsonNode.Parse(File.ReadAllText(MainPath))!.AsObject()["$schema"]?.GetValue<string>();

    /// <summary>The JsonSchema.Net dialect of the same draft.</summary>
    public Dialect Dialect => AjvSpec switch
    {
        "draft2020" => Dialect.Draft202012,
        "draft2019" => Dialect.Draft201909,
        _ => Dialect.Draft07,
    };

    /// <summary>The ajv-cli <c>--spec</c> the schema's <c>$schema</c> asks for.</summary>
    public string AjvSpec => SchemaUri switch
    {
        { } s when s.Contains("draft-04") => "draft7", // ajv 8 reads draft-04 files with draft-07 rules plus the draft-04 meta-schema
        { } s when s.Contains("2020-12") => "draft2020",
        { } s when s.Contains("2019-09") => "draft2019",
        { } s when s.Contains("draft-06") || s.Contains("draft-07") => "draft7",
        _ => "draft2020", // the legacy "http://json-schema.org/schema#" means the newest draft
    };

    /// <summary>The schema file the validators are given: the original, except that a legacy <c>$schema</c> URI, which
    /// neither ajv nor JsonSchema.Net knows, is spelled as the draft it stands for (the newest), and a <c>$ref</c> to a file
    /// that is not in the upload (package.json refers to other SchemaStore files) becomes a schema nothing satisfies: the
    /// generator must leave such properties out, and this proves it does. A <c>$ref</c> that names the upload itself by its
    /// <c>$id</c> (ninjs, catalog-info) becomes the same local reference, and one to the draft-07 meta-schema, which the
    /// service and both validators know, is kept.</summary>
    public string ValidatorSchemaPath(string dir)
    {
        var schema = JsonNode.Parse(File.ReadAllText(MainPath))!.AsObject();
        var self = (schema["$id"] ?? schema["id"]) is JsonValue id && id.TryGetValue<string>(out var idText)
            && Uri.TryCreate(idText, UriKind.Absolute, out var u) ? u : null;
        var external = ForbidExternalRefs(schema, self);
        var legacy = SchemaUri is { } uri && !uri.Contains("draft");
        if (!legacy && external == 0) return MainPath;
        if (legacy) schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        schema.Remove("$id");
        var path = Path.Combine(dir, "schema-for-validators.json");
        File.WriteAllText(path, schema.ToJsonString());
        return path;
    }

    private static int ForbidExternalRefs(JsonNode? node, Uri? self)
    {
        var count = 0;
        if (node is JsonObject o)
        {
            if (o["$ref"] is JsonValue r && r.TryGetValue<string>(out var target) && !target.StartsWith('#'))
            {
                var resolved = self is null ? Uri.TryCreate(target, UriKind.Absolute, out var a) ? a : null : new Uri(self, target);
                var document = resolved?.GetLeftPart(UriPartial.Query);
                if (self is not null && document == self.GetLeftPart(UriPartial.Query)) o["$ref"] = "#" + resolved!.Fragment.TrimStart('#');
                else if (document?.Replace("https://", "http://") != "http://json-schema.org/draft-07/schema")
                {
                    o.Remove("$ref");
                    o["not"] = new JsonObject();
                }
                count++;
            }
            foreach (var (_, child) in o.ToList()) count += ForbidExternalRefs(child, self);
        }
        else if (node is JsonArray a)
            foreach (var child in a) count += ForbidExternalRefs(child, self);
        return count;
    }
}
