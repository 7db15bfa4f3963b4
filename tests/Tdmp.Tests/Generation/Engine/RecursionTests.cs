using System.Text.Json.Nodes;
using Tdmp.Generation.Constraints;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Schema;
using Tdmp.Generation.Writers;
using Tdmp.Tests.Generation.Schema;

namespace Tdmp.Tests.Generation.Engine;

/// <summary>
/// Recursive schemas: the repr keeps a recursive type once with a marker, records nest it as deep as the bound
/// (<c>params.max_depth</c>, else a few levels) allows, files stay valid, and csv/sql rows of every level find their parent.
/// </summary>
public class RecursionTests
{
    private const string Tree = """
        {"$schema": "http://json-schema.org/draft-07/schema#", "$ref": "#/definitions/node",
         "definitions": {"node": {"type": "object", "required": ["name"], "additionalProperties": false,
           "properties": {"name": {"type": "string", "maxLength": 30},
                          "children": {"type": "array", "maxItems": 3, "items": {"$ref": "#/definitions/node"}}}}}}
        """;

    private const string SectionsXsd = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
          <xs:complexType name="Section">
            <xs:sequence>
              <xs:element name="title" type="xs:string"/>
              <xs:element name="section" type="Section" minOccurs="0" maxOccurs="2"/>
            </xs:sequence>
            <xs:attribute name="level" type="xs:positiveInteger" use="required"/>
          </xs:complexType>
          <xs:element name="doc"><xs:complexType><xs:sequence>
            <xs:element name="section" type="Section" maxOccurs="2"/>
          </xs:sequence></xs:complexType></xs:element>
        </xs:schema>
        """;

    private static JsonArray Records(GenerationPlan plan, int seeds) => EngineFixtures.RecordsOfManySeeds(plan, seeds, 20, jsonlEvery: 3);

    /// <summary>Tree levels of a record: 1 for a node without children.</summary>
    private static int Levels(JsonNode? node) =>
        1 + (node?["children"] is JsonArray children && children.Count > 0 ? children.Max(Levels) : 0);

    [Fact]
    public void A_root_path_through_a_recursion_marker_makes_records_of_the_node_it_names()
    {
        // doc.section[].section[].section is the marker that repeats doc.section[].section; this path goes one level below it.
        var plan = GenerationPlan.Create(SchemaText.Read(SectionsXsd, SchemaLanguage.Xsd), [], "doc.section[].section[].section[].section");
        var (sink, result) = EngineFixtures.Generate(plan, new GenerationOptions { Seed = 3, RecordCount = 5, Types = [OutputFormat.Xml] });
        Assert.Equal(5, result.Files.Count); // an XML record is a document of its own
        foreach (var file in result.Files)
        {
            var root = System.Xml.Linq.XDocument.Parse(sink.Text(file.Name)).Root!;
            Assert.Equal("section", root.Name.LocalName);
            Assert.NotNull(root.Attribute("level"));
            Assert.NotNull(root.Element("title"));
        }
    }

    /// <param name="deepest">Without max_depth the root plus <see cref="ReprRecursion.DefaultBound"/> re-entries;
    /// with it, that many object levels.</param>
    [Theory]
    [InlineData(null, 1 + ReprRecursion.DefaultBound)]
    [InlineData(2, 2)]
    [InlineData(6, 6)]
    public void Json_tree_nests_up_to_the_bound_and_reaches_it(int? maxDepth, int deepest)
    {
        var plan = GenerationPlan.Create(SchemaText.ReadJson(Tree), [], null, maxDepth);
        var records = Records(plan, 30);
        var levels = records.Select(Levels).ToList();
        Assert.True(levels.Max() <= deepest, $"levels: {string.Join(",", levels)}");
        Assert.Contains(deepest, levels);
        Assert.Contains(levels, l => l < deepest); // optional recursion stops early too, not always at the bound

        var dir = EngineFixtures.TempDirectory("recursion-json");
        var schema = Path.Combine(dir, "tree.json");
        File.WriteAllText(schema, Tree);
        var data = Path.Combine(dir, "records.json");
        File.WriteAllText(data, records.ToJsonString());
        ExternalValidators.AssertAjvValidArray(schema, data, "draft7");
    }

    [Fact]
    public void Xsd_sections_nest_up_to_max_depth_and_validate_with_xmllint()
    {
        var repr = SchemaText.Read(SectionsXsd, SchemaLanguage.Xsd);
        var dir = EngineFixtures.TempDirectory("recursion-xsd");
        var xsd = Path.Combine(dir, "sections.xsd");
        File.WriteAllText(xsd, SectionsXsd);
        // Without max_depth: doc > section > section (another declaration of the same type) and then DefaultBound
        // re-entries of the inner one; with max_depth 6: six object levels, the doc and five sections.
        foreach (var (maxDepth, deepest) in new (int?, int)[] { (null, 2 + ReprRecursion.DefaultBound), (6, 5) })
        {
            var plan = GenerationPlan.Create(repr, [], null, maxDepth);
            var files = new List<string>();
            var depths = new List<int>();
            for (var seed = 1; seed <= 16; seed++)
            {
                var (sink, result) = EngineFixtures.Generate(plan,
                    new GenerationOptions { Seed = seed, RecordCount = 1, Types = [OutputFormat.Xml] });
                var file = Assert.Single(result.Files);
                files.Add(Path.Combine(dir, $"{maxDepth}-{seed}.xml"));
                File.WriteAllBytes(files[^1], sink.Bytes(file.Name));
                depths.Add(SectionDepth(System.Xml.Linq.XDocument.Parse(sink.Text(file.Name)).Root!));
            }
            Assert.True(depths.Max() <= deepest, $"max_depth {maxDepth}: {string.Join(",", depths)}");
            Assert.Contains(deepest, depths);
            ExternalValidators.AssertXmllintValidQuietly(xsd, files);
        }
    }

    private static int SectionDepth(System.Xml.Linq.XElement e) =>
        (e.Name.LocalName == "section" ? 1 : 0) + (e.Elements().Any() ? e.Elements().Max(SectionDepth) : 0);

    /// <summary>A recursive node is compiled once and made at every level, so a rule whose path goes through the
    /// recursion names that shared node: it applies at every level (and the record's own level), not only at the depth
    /// its path spells.</summary>
    [Fact]
    public void Rule_through_the_recursion_applies_at_every_level_of_the_shared_node()
    {
        var rule = new ConstraintRule { Field = "children[].children[].name", Values = [JsonDocument.Parse("\"grandchild\"").RootElement.Clone()] };
        var repr = SchemaText.ReadJson(Tree);
        Assert.Empty(ConstraintChecker.Check(repr, [rule]));
        var records = Records(GenerationPlan.Create(repr, [rule], null), 10);
        var names = records.SelectMany(r => Enumerable.Range(0, 4).SelectMany(d => Level(r, d))).Select(n => n["name"]!.GetValue<string>()).ToList();
        Assert.Contains(records, r => Level(r, 2).Any());
        Assert.All(names, n => Assert.Equal("grandchild", n));
    }

    /// <summary>The nodes <paramref name="depth"/> levels of children below the record.</summary>
    private static IEnumerable<JsonNode> Level(JsonNode? node, int depth)
    {
        if (node is null) return [];
        if (depth == 0) return [node];
        return node["children"] is JsonArray children ? children.SelectMany(c => Level(c, depth - 1)) : [];
    }

    [Fact]
    public void Endless_required_recursion_below_an_optional_property_leaves_that_property_out()
    {
        var repr = SchemaText.ReadJson("""
            {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}, "chain": {"$ref": "#/$defs/link"}},
             "$defs": {"link": {"type": "object", "required": ["next"], "properties": {"next": {"$ref": "#/$defs/link"}}}}}
            """);
        var plan = GenerationPlan.Create(repr, [], null);
        Assert.DoesNotContain(plan.Nodes, n => n.Path.StartsWith("chain", StringComparison.Ordinal));
        Assert.All(Records(plan, 3), r => Assert.Null(r!["chain"]));
        // Asked for as the record itself, it cannot be made: the message names the cycle.
        var e = Assert.Throws<UnsatisfiableSchemaException>(() => GenerationPlan.Create(repr, [], "chain"));
        Assert.Contains("'chain.next' is required", e.Message);
        Assert.Contains("repeats 'chain'", e.Message);
        Assert.Contains("without end: every step of the cycle chain → chain.next is required", e.Message);
    }

    [Fact]
    public void Csv_and_sql_of_a_recursive_schema_put_each_level_in_a_table_whose_parent_keys_resolve()
    {
        var plan = GenerationPlan.Create(SchemaText.ReadJson(Tree), [], null);
        var layout = RecordTableLayout.For(plan, null);
        Assert.Equal(["root", "root_children", "root_children_children", "root_children_children_children"],
            layout.Tables.Select(t => t.Name)); // one per level
        var (sink, result) = EngineFixtures.Generate(plan,
            new GenerationOptions { Seed = 4, RecordCount = 40, Types = [OutputFormat.Csv, OutputFormat.Sql] });

        var ids = new Dictionary<string, HashSet<string>>();
        var deepest = 0;
        foreach (var table in layout.Tables)
        {
            var file = result.Files.SingleOrDefault(f => f.Part == table.Name && f.Name.EndsWith(".csv", StringComparison.Ordinal));
            if (file is null) continue;
            var rows = CsvReader.Parse(sink.Text(file.Name));
            var rowIds = rows.Skip(1).Select(r => r[0]).ToList();
            Assert.Equal(rowIds.Count, rowIds.Distinct().Count());
            ids[table.Name] = [.. rowIds];
            deepest = table.Index;
            if (table.Parent is null) continue;
            Assert.All(rows.Skip(1), r => Assert.Contains(r[1], ids[table.Parent.Name]));
        }
        Assert.Equal(ReprRecursion.DefaultBound, deepest); // rows reach the deepest level

        var dir = EngineFixtures.TempDirectory("recursion-sql");
        var sql = Path.Combine(dir, "tree.sql");
        File.WriteAllText(sql, sink.Text(result.Files.Single(f => f.Name.EndsWith(".sql", StringComparison.Ordinal)).Name));
        ExternalValidators.WithDatabase(db =>
        {
            ExternalValidators.Psql(db, file: sql);
            Assert.Equal("40", ExternalValidators.Psql(db, "SELECT count(*) FROM root;"));
            foreach (var t in layout.Tables.Where(t => t.Parent is not null))
                Assert.Equal("0", ExternalValidators.Psql(db,
                    $"SELECT count(*) FROM \"{t.Name}\" c LEFT JOIN \"{t.Parent!.Name}\" p " +
                    "ON c._parent_row_id = p._row_id WHERE p._row_id IS NULL;"));
            Assert.NotEqual("0", ExternalValidators.Psql(db, $"SELECT count(*) FROM \"{layout.Tables[^1].Name}\";"));
            return "";
        });
    }
}
