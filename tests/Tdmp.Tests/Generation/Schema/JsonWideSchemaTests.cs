using System.Text;
using System.Text.Json.Nodes;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Schema;
using Tdmp.Tests.Generation.Engine;

namespace Tdmp.Tests.Generation.Schema;

/// <summary>
/// Mechanisms the published interchange schemas needed (see <c>InterchangeJsonSchemaSweepTests</c>), each on a small
/// schema: a definition graph too wide to expand in full, a dependency that only requires, a property that may only be null.
/// </summary>
public class JsonWideSchemaTests
{
    private static SchemaRepr Read(string json) =>
        SchemaReader.Read(Encoding.UTF8.GetBytes(json), SchemaLanguage.JsonSchema, SchemaReadLimits.Default);

    private static JsonArray Records(string json) =>
        EngineFixtures.RecordsOfManySeeds(GenerationPlan.Create(Read(json), [], null), seeds: 4, recordsPerSeed: 5, jsonlEvery: 2);

    /// <summary>Eight definitions, each with six optional properties referring to the next one: 6^8 paths, no recursion.</summary>
    private static string Wide()
    {
        var defs = new StringBuilder();
        for (var level = 0; level < 8; level++)
        {
            var next = level == 7 ? """{"type": "string"}""" : $$"""{"$ref": "#/definitions/d{{level + 1}}"}""";
            var properties = string.Join(",", Enumerable.Range(0, 6).Select(i => $"\"p{i}\": {next}"));
            defs.Append(level == 0 ? "" : ",").Append($$"""
                "d{{level}}": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}, {{properties}}},
                  "additionalProperties": false}
                """);
        }
        return $$"""{"$schema": "http://json-schema.org/draft-07/schema#", "definitions": { {{defs}} }, "$ref": "#/definitions/d0"}""";
    }

    [Fact]
    public void A_definition_graph_too_wide_to_expand_leaves_out_deep_optional_properties_and_keeps_required_ones()
    {
        var repr = Read(Wide());
        var nodes = 0;
        var maxDepth = 0;
        void Walk(SchemaNode node, int depth)
        {
            nodes++;
            maxDepth = Math.Max(maxDepth, depth);
            foreach (var child in node.Children) Walk(child, depth + 1);
        }
        Walk(repr.Roots[0], 0);
        Assert.True(nodes <= SchemaReadLimits.Default.MaxNodes, $"{nodes} nodes");
        Assert.True(maxDepth >= 3, $"cut at depth {maxDepth}: deeper would fit");
        foreach (var record in Records(Wide()))
        {
            void Check(JsonNode? node)
            {
                if (node is not JsonObject o) return;
                Assert.True(o.ContainsKey("id"), o.ToJsonString());
                Assert.All(o.Select(p => p.Key), key => Assert.Matches("^(id|p[0-5])$", key));
                foreach (var (_, child) in o) Check(child);
            }
            Check(record);
        }
    }

    /// <summary>renovate's shape: each of the root's many properties re-enters the whole root (<c>"$ref": "#"</c> with
    /// siblings), so two object levels already hold (properties)² nodes; the depth cut goes down to one level, and the root's
    /// properties are written, each an object whose own optional content is left out.</summary>
    [Fact]
    public void A_root_whose_every_property_re_enters_it_is_cut_to_one_level_instead_of_refused()
    {
        var properties = string.Join(",", Enumerable.Range(0, 40).Select(i => $$"""
            "m{{i}}": {"$ref": "#", "description": "manager {{i}}", "type": "object"}
            """));
        var json = $$"""{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "properties": { {{properties}} } }""";
        var limits = SchemaReadLimits.Default with { MaxNodes = 1000 };
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(json), SchemaLanguage.JsonSchema, limits);
        Assert.Equal(40, repr.Roots[0].Children.Count);
        Assert.All(repr.Roots[0].Children, m => Assert.Empty(m.Children));
        var records = EngineFixtures.RecordsOfManySeeds(GenerationPlan.Create(repr, [], null), seeds: 2, recordsPerSeed: 5, jsonlEvery: 2);
        Assert.Contains(records, r => r!.AsObject().Count > 0);
        Assert.All(records, r => Assert.All(r!.AsObject(), m => Assert.Empty(m.Value!.AsObject())));
    }

    [Fact]
    public void A_dependency_that_only_requires_is_dependent_required_and_a_mutual_pair_comes_together()
    {
        const string schema = """
            {"type": "object", "properties": {"start": {"type": "string"}, "end": {"type": "string"}, "other": {"type": "integer"}},
             "dependencies": {"start": {"required": ["end"]}, "end": {"title": "end needs start", "required": ["start"]}}}
            """;
        var node = Read(schema).Roots[0];
        Assert.Equal(new[] { "end" }, node.Children.Single(c => c.Name == "start").DependentRequired!);
        Assert.Null(node.Conditionals);
        var records = Records(schema);
        Assert.All(records, r => Assert.Equal(r!.AsObject().ContainsKey("start"), r.AsObject().ContainsKey("end")));
        Assert.Contains(records, r => r!.AsObject().ContainsKey("start"));
    }

    [Fact]
    public void A_property_that_may_only_be_null_is_null_wherever_it_is_written_and_a_required_one_in_every_record()
    {
        var optional = Records("""
            {"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}, "gone": {"type": "null"}}}
            """);
        Assert.All(optional, r => Assert.True(!r!.AsObject().TryGetPropertyValue("gone", out var v) || v is null));
        var required = Records("""
            {"type": "object", "required": ["gone"], "properties": {"gone": {"type": "null"}}}
            """);
        Assert.All(required, r => Assert.True(r!.AsObject().TryGetPropertyValue("gone", out var v) && v is null));
    }
}
