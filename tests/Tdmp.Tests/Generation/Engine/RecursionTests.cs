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
        // doc.section[].section is the marker that repeats doc.section (the same type); this path goes two levels below it.
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

        AssertAjvValid("recursion-json", Tree, records);
    }

    /// <summary>max_depth leaves out optional containers past the limit, never the values of an object that is made: the
    /// depth cut once left every optional value and attribute out of every record (UBL invoices were empty elements).</summary>
    [Fact]
    public void Max_depth_cuts_containers_and_keeps_the_optional_values_of_every_object_made()
    {
        const string sized = """
            {"$schema": "http://json-schema.org/draft-07/schema#", "$ref": "#/definitions/node",
             "definitions": {"node": {"type": "object", "required": ["name"], "additionalProperties": false,
               "properties": {"name": {"type": "string", "maxLength": 30}, "size": {"type": "integer", "minimum": 1},
                              "children": {"type": "array", "maxItems": 3, "items": {"$ref": "#/definitions/node"}}}}}}
            """;
        var records = Records(GenerationPlan.Create(SchemaText.ReadJson(sized), [], null, maxDepth: 2), 30);
        Assert.All(records, r => Assert.True(Levels(r) <= 2));
        Assert.Contains(records, r => r!["size"] is not null);
        var nested = records.SelectMany(r => r!["children"] as JsonArray ?? []).ToList();
        Assert.NotEmpty(nested);
        Assert.Contains(nested, n => n!["size"] is not null);
        AssertAjvValid("recursion-sized", sized, records);
    }

    [Fact]
    public void Xsd_sections_nest_up_to_max_depth_and_validate_with_xmllint()
    {
        var repr = SchemaText.Read(SectionsXsd, SchemaLanguage.Xsd);
        var dir = EngineFixtures.TempDirectory("recursion-xsd");
        var xsd = Path.Combine(dir, "sections.xsd");
        File.WriteAllText(xsd, SectionsXsd);
        // Without max_depth: doc > section, then DefaultBound re-entries of its type (the inner section is another
        // declaration of the same type: already the recursion); with max_depth 6: six object levels, the doc and five sections.
        foreach (var (maxDepth, deepest) in new (int?, int)[] { (null, 1 + ReprRecursion.DefaultBound), (6, 5) })
        {
            var plan = GenerationPlan.Create(repr, [], null, maxDepth);
            var files = EngineFixtures.XmlFiles(plan, dir, seeds: 16, records: 1);
            var depths = files.Select(f => SectionDepth(System.Xml.Linq.XDocument.Load(f).Root!)).ToList();
            Assert.True(depths.Max() <= deepest, $"max_depth {maxDepth}: {string.Join(",", depths)}");
            Assert.Contains(deepest, depths);
            ExternalValidators.AssertXmllintValidQuietly(xsd, files);
        }
    }

    [Fact]
    public void The_records_of_a_file_stay_inside_its_root_where_the_depth_cut_leaves_out_optional_content()
    {
        // IndoorGML's IndoorFeatures: the last repeating child, which holds the records, is optional, and GML's recursion
        // cuts the envelope's depth; the records were written before the root instead of inside it.
        const string xsd = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              <xs:complexType name="Part"><xs:sequence><xs:element name="label" type="xs:string"/>
                <xs:element name="part" type="Part" minOccurs="0"/></xs:sequence></xs:complexType>
              <xs:element name="catalog"><xs:complexType><xs:sequence>
                <xs:element name="entry" type="Part" minOccurs="0" maxOccurs="unbounded"/>
                <xs:element name="note" type="xs:string"/>
              </xs:sequence></xs:complexType></xs:element>
            </xs:schema>
            """;
        var dir = EngineFixtures.TempDirectory("recursion-envelope");
        var path = Path.Combine(dir, "catalog.xsd");
        File.WriteAllText(path, xsd);
        var plan = GenerationPlan.Create(SchemaText.Read(xsd, SchemaLanguage.Xsd), [], null, maxDepth: 1);
        Assert.Equal("entry", plan.RecordName);
        var files = EngineFixtures.XmlFiles(plan, dir, seeds: 4, records: 3);
        foreach (var file in files)
            Assert.Equal(3, System.Xml.Linq.XDocument.Load(file).Root!.Elements("entry").Count());
        ExternalValidators.AssertXmllintValidQuietly(path, files);
    }

    /// <summary>DITA's shape: 45 distinct mixed-content elements, each holding any of the others through groups that are a
    /// sequence of a one-element choice, so that no type repeats for 45 levels (each three nodes deep). Past the 64-level
    /// limit the depth cut must leave such elements out as the alternatives they are; it took them for required ones, and
    /// the schema was refused at every depth.</summary>
    [Fact]
    public void Elements_in_one_item_groups_of_a_choice_are_alternatives_the_depth_cut_leaves_out()
    {
        var names = Enumerable.Range(0, 45).Select(i => $"e{i}").ToList();
        var xsd = $"""
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              {string.Concat(names.Select(n => $"""
                <xs:group name="{n}.g"><xs:sequence><xs:choice><xs:element ref="{n}"/></xs:choice></xs:sequence></xs:group>
                <xs:element name="{n}"><xs:complexType mixed="true"><xs:sequence><xs:group ref="inline"/></xs:sequence>
                  <xs:attribute name="id" type="xs:string"/></xs:complexType></xs:element>
                """))}
              <xs:group name="inline"><xs:sequence><xs:choice minOccurs="0" maxOccurs="unbounded">
                {string.Concat(names.Select(n => $"""<xs:group ref="{n}.g"/>"""))}</xs:choice></xs:sequence></xs:group>
              <xs:element name="doc"><xs:complexType><xs:sequence><xs:element ref="e0"/></xs:sequence></xs:complexType></xs:element>
            </xs:schema>
            """;
        var dir = EngineFixtures.TempDirectory("one-item-groups");
        var path = Path.Combine(dir, "doc.xsd");
        File.WriteAllText(path, xsd);
        var repr = SchemaReader.Read(System.Text.Encoding.UTF8.GetBytes(xsd), SchemaLanguage.Xsd, SchemaReadLimits.Default, "doc");
        Assert.Contains(repr.AllNodes(), n => n.Truncated);
        var files = EngineFixtures.XmlFiles(GenerationPlan.Create(repr, [], "doc"), dir, seeds: 4, records: 2);
        Assert.Contains(files, f => System.Xml.Linq.XDocument.Load(f).Root!.Element("e0")!.HasElements);
        ExternalValidators.AssertXmllintValidQuietly(path, files);
    }

    /// <summary>Akoma Ntoso: an act's body is a required choice of hierarchy elements. Where the reader's depth cut fell
    /// on those alternatives, the act was dropped from the document choice, leaving only collections, which hold
    /// collections without end: the schema was refused. Built again, one alternative (the smallest) is made past the cut,
    /// as a required element is.</summary>
    [Fact]
    public void A_required_choice_whose_alternatives_lie_past_the_depth_cut_makes_one_of_them()
    {
        const string xsd = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              <xs:complexType name="BigType"><xs:sequence><xs:element name="a" type="xs:string"/><xs:element name="b" type="xs:string"/>
                <xs:element name="c" type="xs:string"/><xs:element name="d" type="xs:string"/><xs:element name="e" type="xs:string"/>
                <xs:element name="f" type="xs:string"/><xs:element name="g" type="xs:string"/><xs:element name="h" type="xs:string"/></xs:sequence></xs:complexType>
              <xs:complexType name="ClauseType"><xs:sequence><xs:element name="num" type="xs:string"/><xs:element name="heading" type="xs:string"/>
                <xs:element name="text" type="xs:string"/><xs:element name="note" type="xs:string"/></xs:sequence></xs:complexType>
              <xs:complexType name="SectionType"><xs:sequence><xs:element name="num" type="xs:string"/><xs:element name="title" type="xs:string"/>
                <xs:element name="para" type="xs:string"/><xs:element name="remark" type="xs:string"/></xs:sequence></xs:complexType>
              <xs:element name="act"><xs:complexType><xs:sequence>
                <xs:element name="meta" type="BigType" minOccurs="0"/>
                <xs:element name="body"><xs:complexType><xs:choice maxOccurs="unbounded">
                  <xs:element name="clause" type="ClauseType"/><xs:element name="section" type="SectionType"/>
                </xs:choice></xs:complexType></xs:element>
              </xs:sequence></xs:complexType></xs:element>
              <xs:element name="collection"><xs:complexType><xs:sequence>
                <xs:element name="meta" type="BigType" minOccurs="0"/>
                <xs:element name="component" maxOccurs="unbounded"><xs:complexType><xs:choice>
                  <xs:element ref="collection"/><xs:element ref="act"/></xs:choice></xs:complexType></xs:element>
              </xs:sequence></xs:complexType></xs:element>
              <xs:element name="document"><xs:complexType><xs:choice><xs:element ref="collection"/><xs:element ref="act"/></xs:choice></xs:complexType></xs:element>
            </xs:schema>
            """;
        var dir = EngineFixtures.TempDirectory("required-choice-past-cut");
        var path = Path.Combine(dir, "doc.xsd");
        File.WriteAllText(path, xsd);
        // Within 24 nodes the reader cuts at three element levels, where the body's alternatives are.
        var repr = SchemaReader.Read(System.Text.Encoding.UTF8.GetBytes(xsd), SchemaLanguage.Xsd, new SchemaReadLimits { MaxNodes = 24 });
        Assert.Contains(repr.AllNodes(), n => n.Truncated);
        var files = EngineFixtures.XmlFiles(GenerationPlan.Create(repr, [], "document"), dir, seeds: 6, records: 1);
        Assert.Contains(files, f => System.Xml.Linq.XDocument.Load(f).Descendants("body").Any(b => b.HasElements));
        ExternalValidators.AssertXmllintValidQuietly(path, files);
    }

    /// <summary>The shape of SchemaStore's sourcemap-v3.json: array items of an anyOf of object alternatives that accept each
    /// other's values (all properties optional), one of them recursing to the root. A value another alternative accepts
    /// is redrawn, and each redraw remakes the levels below with their own redraws: they multiplied by up to 64 a level,
    /// seconds for one record, until a record's redraws stopped at <see cref="RecordEngine.RedrawBudget"/>.</summary>
    private const string AnyOfRecursion = """
        {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "required": ["version"],
         "definitions": {"section": {"anyOf": [
           {"type": "object", "properties": {"url": {"type": "string"}}},
           {"type": "object", "properties": {"map": {"$ref": "#"}}}]}},
         "properties": {"version": {"type": "integer"},
           "sections": {"type": "array", "minItems": 1, "items": {"allOf": [{"$ref": "#/definitions/section"},
             {"type": "object", "properties": {"offset": {"type": "object", "properties": {"line": {"type": "integer"}}}}}]}}}}
        """;

    [Fact]
    public void Overlapping_anyOf_alternatives_inside_a_recursion_stop_at_the_redraw_budget_and_records_validate()
    {
        var plan = GenerationPlan.Create(SchemaText.ReadJson(AnyOfRecursion), [], null);
        var engine = new RecordEngine(plan, seed: 1, german: false);
        var redraws = new List<int>();
        for (var i = 0; i < 40; i++)
        {
            engine.MakeRecord(i, null, 0);
            redraws.Add(engine.Redraws);
        }
        Assert.All(redraws, r => Assert.InRange(r, 0, RecordEngine.RedrawBudget + 64 * 64));

        var records = Records(plan, 10);
        // The recursion is followed: some record holds a map (a whole record again) holding sections of its own.
        Assert.Contains(records, r => r!["sections"] is JsonArray a && a.Any(s => s?["map"]?["sections"] is JsonArray));
        AssertAjvValid("recursion-anyof", AnyOfRecursion, records);
    }

    /// <summary>The same shape as a oneOf, whose alternatives accept each other's values so no draw can pass: each level's
    /// redraws used to multiply (minutes for a record); a record's redraws now stop at the engine's budget, and the record
    /// kept is one without such a value (the optional sections left out), never one whose value matches two alternatives.</summary>
    [Fact]
    public void Redraws_of_a_oneOf_nested_in_a_recursion_stop_at_the_record_budget()
    {
        var schema = AnyOfRecursion.Replace("\"anyOf\"", "\"oneOf\"");
        var plan = GenerationPlan.Create(SchemaText.ReadJson(schema), [], null);
        var engine = new RecordEngine(plan, seed: 1, german: false);
        for (var i = 0; i < 10; i++)
        {
            engine.MakeRecord(i, null, 0);
            Assert.InRange(engine.Redraws, 0, RecordEngine.RedrawBudget + 64 * 64);
        }
        var records = EngineFixtures.RecordsOfManySeeds(plan, 2, 5, jsonlEvery: 3);
        Assert.All(records, r => Assert.Null(r!["sections"]));
        AssertAjvValid("recursion-oneof", schema, records);
    }

    /// <summary>A <c>not</c> checked at each of four nested levels that almost no draw passes (only n = -1), each level
    /// required in the one above: each level's 64 draws remade the levels below with theirs (64 to the power of the depth
    /// for one record, as a check's draws did not count against the record's redraw budget), and the innermost level
    /// failing its 64 draws failed the dataset though the outermost value is optional. Now a nested value that fails
    /// hands its failure to the loop around it, the draws stop at the budget, and the optional value is left out.</summary>
    private static readonly string NestedNots =
        "{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"type\": \"object\", \"properties\": {\"x\": {\"$ref\": \"#/definitions/n1\"}}, "
        + "\"definitions\": {" + string.Join(", ", Enumerable.Range(1, 4).Select(level =>
            $"\"n{level}\": {{\"type\": \"object\", \"required\": [\"n\"{(level < 4 ? ", \"child\"" : "")}], "
            + "\"not\": {\"properties\": {\"n\": {\"minimum\": 0}}}, "
            + "\"properties\": {\"n\": {\"type\": \"integer\", \"minimum\": -1, \"maximum\": 100000}"
            + (level < 4 ? $", \"child\": {{\"$ref\": \"#/definitions/n{level + 1}\"}}" : "") + "}}")) + "}}";

    [Fact]
    public void Draws_of_nested_nots_count_against_the_record_budget_and_no_failing_value_is_written()
    {
        var plan = GenerationPlan.Create(SchemaText.ReadJson(NestedNots), [], null);
        var engine = new RecordEngine(plan, seed: 1, german: false);
        var redraws = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            engine.MakeRecord(i, null, 0);
            redraws.Add(engine.Redraws);
        }
        Assert.All(redraws, r => Assert.InRange(r, 0, RecordEngine.RedrawBudget + 64 * 64));
        Assert.Contains(redraws, r => r >= RecordEngine.RedrawBudget); // the nested draws did multiply, up to the budget
        AssertAjvValid("nested-nots", NestedNots, EngineFixtures.RecordsOfManySeeds(plan, 2, 5, jsonlEvery: 3));

        // Required, the value that never passes fails the dataset naming it, after the record is drawn anew each time.
        var requiredX = NestedNots.Replace("\"properties\": {\"x\"", "\"required\": [\"x\"], \"properties\": {\"x\"");
        Assert.NotEqual(NestedNots, requiredX);
        var required = GenerationPlan.Create(SchemaText.ReadJson(requiredX), [], null);
        var engineOfRequired = new RecordEngine(required, seed: 1, german: false);
        var failed = Assert.Throws<UnsatisfiableSchemaException>(() => engineOfRequired.MakeRecord(0, null, 0));
        Assert.Equal("x", failed.NodePath);
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
            Assert.Empty(SqlTableCheck.TablesWithOrphans(db, layout.Tables));
            Assert.NotEqual("0", ExternalValidators.Psql(db, $"SELECT count(*) FROM \"{layout.Tables[^1].Name}\";"));
            return "";
        });
    }

    [Fact]
    public void Plan_keeps_a_recursive_node_once_whatever_max_depth_is()
    {
        var repr = SchemaText.ReadJson(Tree);
        var counts = new int?[] { null, 2, 3, 6, 20, 64 }.Select(d => GenerationPlan.Create(repr, [], null, d).Nodes.Count).ToList();
        Assert.All(counts, c => Assert.Equal(counts[0], c));
        var plan = GenerationPlan.Create(repr, [], null, 20);
        var back = Assert.Single(plan.Nodes, n => n.Kind == PlanNodeKind.Recursion);
        Assert.Same(plan.Record, back.Target);
        Assert.Equal(4, plan.Nodes.Count); // the record, name, children and the back-edge

        // Twenty levels deep all the same: records follow the back-edge while they are made.
        var records = EngineFixtures.RecordsOfManySeeds(plan, 40, 20, jsonlEvery: 3);
        Assert.True(records.Max(Levels) > 6, $"deepest {records.Max(Levels)}");
        Assert.True(records.Max(Levels) <= 20);
    }

    /// <summary>No reader makes a repr this deep, but a plan that nests past any real schema's (copies of shared content
    /// copying each other) is refused naming the place, on a 1 MiB thread stack too, rather than overflowing it, which
    /// would end the whole service.</summary>
    [Fact]
    public void A_plan_nesting_past_a_thousand_levels_is_refused_instead_of_overflowing_the_stack()
    {
        var root = new SchemaNode { Name = "Root", Path = "", Kind = NodeKind.Object, Required = true };
        var deepest = root;
        for (var level = 0; level < 1500; level++)
        {
            var child = new SchemaNode
            {
                Name = "n", Path = deepest.Path.Length == 0 ? "n" : deepest.Path + ".n", Kind = NodeKind.Object, Required = true,
            };
            deepest.Children.Add(child);
            deepest = child;
        }
        var repr = new SchemaRepr { Language = SchemaLanguage.JsonSchema, Roots = [root] };
        Exception? refusal = null;
        var thread = new Thread(() => refusal = Record.Exception(() => GenerationPlan.Create(repr, [], null)), 1024 * 1024);
        thread.Start();
        thread.Join();
        var e = Assert.IsType<UnsatisfiableSchemaException>(refusal);
        Assert.Contains("nests deeper than 1000 levels", e.Message);
        Assert.StartsWith("n.n.n", e.NodePath);
    }

    /// <summary>Names at every level differ: values are drawn per node and occurrence in the record, so a deeper level does
    /// not repeat the level above.</summary>
    [Fact]
    public void Nested_levels_draw_their_own_values()
    {
        var plan = GenerationPlan.Create(SchemaText.ReadJson(Tree), [], null, 6);
        foreach (var record in EngineFixtures.RecordsOfManySeeds(plan, 5, 20, jsonlEvery: 3))
        {
            var names = Enumerable.Range(0, 6).SelectMany(d => Level(record, d)).Select(n => n["name"]!.GetValue<string>()).ToList();
            Assert.True(names.Distinct().Count() >= names.Count - 1, string.Join(", ", names)); // a rare repeat of a drawn name, not a copy
        }
    }

    private const string PartsXsd = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:parts" xmlns="urn:parts" elementFormDefault="qualified">
          <xs:complexType name="Part">
            <xs:sequence>
              <xs:element name="title" type="xs:string"/>
              <xs:choice minOccurs="0" maxOccurs="2">
                <xs:element name="chapter" type="Part"/>
                <xs:element name="appendix" type="Part"/>
              </xs:choice>
            </xs:sequence>
            <xs:attribute name="n" type="xs:positiveInteger" use="required"/>
          </xs:complexType>
          <xs:element name="book" type="Part"/>
        </xs:schema>
        """;

    [Fact]
    public void Xsd_type_reentered_through_other_elements_is_a_marker_and_nests_to_max_depth()
    {
        var repr = SchemaText.Read(PartsXsd, SchemaLanguage.Xsd);
        // book's type inside book, through chapter and appendix: each a marker with its own name and book's content.
        var chapter = repr.Node("book.chapter");
        Assert.Equal("book", chapter.RecursesTo);
        Assert.Equal("chapter", chapter.Name);
        Assert.Empty(chapter.Children);
        Assert.Equal("book", repr.Node("book.appendix").RecursesTo);
        Assert.DoesNotContain(repr.AllNodes(), n => n.Truncated);

        var dir = EngineFixtures.TempDirectory("recursion-parts");
        var xsd = Path.Combine(dir, "parts.xsd");
        File.WriteAllText(xsd, PartsXsd);
        var plan = GenerationPlan.Create(repr, [], null, 7);
        var files = EngineFixtures.XmlFiles(plan, dir, seeds: 30, records: 1);
        var roots = files.Select(f => System.Xml.Linq.XDocument.Load(f).Root!).ToList();
        var depths = roots.Select(ElementDepth).ToList();
        var names = roots.SelectMany(r => r.Descendants()).Select(e => e.Name.LocalName).ToHashSet();
        // Seven object levels: book and six parts below it, each with its title inside (one element level more).
        Assert.Contains(8, depths);
        Assert.True(depths.Max() <= 8, string.Join(",", depths));
        Assert.Superset(new HashSet<string> { "chapter", "appendix", "title" }, names);
        ExternalValidators.AssertXmllintValidQuietly(xsd, files);
    }

    private static int ElementDepth(System.Xml.Linq.XElement e) => 1 + (e.Elements().Any() ? e.Elements().Max(ElementDepth) : 0);

    /// <summary>An expression tree: the recursive definition is a choice, re-entered under other property names
    /// (<c>left</c>, <c>right</c>) and as array items.</summary>
    private const string Expressions = """
        {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "required": ["expr"], "additionalProperties": false,
         "properties": {"expr": {"$ref": "#/definitions/expr"}},
         "definitions": {"expr": {"oneOf": [
           {"type": "integer", "minimum": 0, "maximum": 9},
           {"type": "object", "required": ["op", "left", "right"], "additionalProperties": false,
            "properties": {"op": {"enum": ["+", "*"]}, "left": {"$ref": "#/definitions/expr"}, "right": {"$ref": "#/definitions/expr"},
                           "terms": {"type": "array", "maxItems": 2, "items": {"$ref": "#/definitions/expr"}}}}]}}}
        """;

    private static int ExprDepth(JsonNode? node) => node is JsonObject o
        ? 1 + new[] { o["left"], o["right"] }.Concat(o["terms"] as JsonArray ?? []).Max(ExprDepth)
        : 0;

    [Fact]
    public void Recursive_choice_under_other_names_validates_and_its_csv_and_sql_load_into_postgres()
    {
        var repr = SchemaText.ReadJson(Expressions);
        var plan = GenerationPlan.Create(repr, [], null, 5);
        Assert.Equal(3, plan.Nodes.Count(n => n.Kind == PlanNodeKind.Recursion)); // left, right and the terms' items
        var records = Records(plan, 20);
        var depths = records.Select(r => ExprDepth(r!["expr"])).ToList();
        Assert.Contains(depths, d => d >= 3);
        Assert.All(records, r => Assert.DoesNotContain("\"expr\"", r!["expr"]!.ToJsonString())); // nested levels keep their own names
        AssertAjvValid("recursion-expr", Expressions, records);

        var layout = RecordTableLayout.For(plan, null);
        var (sink, result) = EngineFixtures.Generate(plan,
            new GenerationOptions { Seed = 8, RecordCount = 60, Types = [OutputFormat.Csv, OutputFormat.Sql] });
        var sql = Path.Combine(EngineFixtures.TempDirectory("recursion-expr-sql"), "expr.sql");
        File.WriteAllText(sql, sink.Text(result.Files.Single(f => f.Name.EndsWith(".sql", StringComparison.Ordinal)).Name));
        ExternalValidators.WithDatabase(db =>
        {
            ExternalValidators.Psql(db, file: sql);
            Assert.Equal("60", ExternalValidators.Psql(db, "SELECT count(*) FROM root;"));
            Assert.Empty(SqlTableCheck.TablesWithOrphans(db, layout.Tables));
            var deepRows = layout.Tables.Where(t => t.Parent?.Parent is not null)
                .Sum(t => int.Parse(ExternalValidators.Psql(db, $"SELECT count(*) FROM \"{t.Name}\";")));
            Assert.True(deepRows > 0, "no rows two array levels down");
            return "";
        });
        // The same values in csv: every level's columns are named after the property it is written under.
        var rootFile = result.Files.Single(f => f.Part == "root" && f.Name.EndsWith(".csv", StringComparison.Ordinal));
        var rootCsv = CsvReader.Parse(sink.Text(rootFile.Name));
        Assert.Contains("expr.left.left.op", rootCsv[0]);
        Assert.DoesNotContain(rootCsv[0], c => c.Contains("expr.expr", StringComparison.Ordinal));
    }

    /// <summary>ajv (draft-07) accepts every record of <paramref name="records"/> under <paramref name="schemaJson"/>.</summary>
    internal static void AssertAjvValid(string name, string schemaJson, JsonArray records)
    {
        var dir = EngineFixtures.TempDirectory(name);
        var schema = Path.Combine(dir, "schema.json");
        File.WriteAllText(schema, schemaJson);
        var data = Path.Combine(dir, "records.json");
        File.WriteAllText(data, records.ToJsonString());
        ExternalValidators.AssertAjvValidArray(schema, data, "draft7");
    }
}
