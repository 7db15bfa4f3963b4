using System.Xml.Linq;
using Tdmp.Generation.Constraints;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Schema;
using Tdmp.Generation.Writers;
using Tdmp.Tests.Generation.Schema;

namespace Tdmp.Tests.Generation.Engine;

/// <summary>
/// An XSD complex type used in many places without recursion is built once in the repr; its other uses are references
/// (<see cref="SchemaNode.Reuses"/>) compiled as <see cref="PlanNodeKind.Reuse"/> nodes, written under their own name.
/// Rules on a path inside a shared type apply on that path only; documents, csv and sql stay valid.
/// </summary>
public class SharedContentTests
{
    /// <summary>Party is used by seller, buyer and carrier, Address twice inside Party; Party's required ID must be unique in
    /// the whole document, which holds many orders.</summary>
    private const string OrdersXsd = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
          <xs:complexType name="Address"><xs:sequence>
            <xs:element name="street" type="xs:string"/>
            <xs:element name="city" type="xs:string"/>
          </xs:sequence></xs:complexType>
          <xs:complexType name="Party">
            <xs:sequence>
              <xs:element name="name" type="xs:string"/>
              <xs:element name="address" type="Address"/>
              <xs:element name="postal" type="Address" minOccurs="0" maxOccurs="2"/>
            </xs:sequence>
            <xs:attribute name="ref" type="xs:ID" use="required"/>
          </xs:complexType>
          <xs:element name="orders"><xs:complexType><xs:sequence>
            <xs:element name="order" maxOccurs="unbounded"><xs:complexType><xs:sequence>
              <xs:element name="seller" type="Party"/>
              <xs:element name="buyer" type="Party"/>
              <xs:element name="carrier" type="Party" minOccurs="0" maxOccurs="3"/>
            </xs:sequence></xs:complexType></xs:element>
          </xs:sequence></xs:complexType></xs:element>
        </xs:schema>
        """;

    private static SchemaRepr Orders() => SchemaText.Read(OrdersXsd, SchemaLanguage.Xsd);

    private static List<XDocument> Documents(GenerationPlan plan, string name, int seeds, out List<string> files)
    {
        files = EngineFixtures.XmlFiles(plan, EngineFixtures.TempDirectory(name), seeds, records: 30);
        return [.. files.Select(f => XDocument.Load(f))];
    }

    /// <summary>ONIX: an element of a shared type in two branches of a choice share a path; cut at the reader's depth where
    /// it is optional, it was the first node at that path, and every later use of the type named that empty cut node
    /// instead of the one built whole, so required content was missing (<c>&lt;ContributorDate/&gt;</c>). A reference
    /// now names the node it reuses among those at its path.</summary>
    [Fact]
    public void A_use_of_a_type_names_the_node_built_whole_where_a_cut_one_shares_its_path()
    {
        const string xsd = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              <xs:complexType name="DateType"><xs:sequence><xs:element name="role" type="xs:string"/><xs:element name="value" type="xs:date"/></xs:sequence></xs:complexType>
              <xs:complexType name="BigType"><xs:sequence><xs:element name="a" type="xs:string"/><xs:element name="b" type="xs:string"/>
                <xs:element name="c" type="xs:string"/><xs:element name="d" type="xs:string"/><xs:element name="e" type="xs:string"/>
                <xs:element name="f" type="xs:string"/><xs:element name="g" type="xs:string"/><xs:element name="h" type="xs:string"/></xs:sequence></xs:complexType>
              <xs:complexType name="PersonType"><xs:sequence><xs:element name="name" type="xs:string"/>
                <xs:element name="extra" type="BigType" minOccurs="0"/>
                <xs:choice>
                  <xs:sequence><xs:element name="alias" type="xs:string"/><xs:element name="date" type="DateType" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
                  <xs:sequence><xs:element name="date" type="DateType" maxOccurs="unbounded"/><xs:element name="note" type="xs:string" minOccurs="0"/></xs:sequence>
                </xs:choice>
              </xs:sequence></xs:complexType>
              <xs:element name="doc"><xs:complexType><xs:sequence>
                <xs:element name="record" maxOccurs="unbounded"><xs:complexType><xs:sequence>
                  <xs:element name="person" type="PersonType"/>
                  <xs:element name="when" type="DateType"/>
                </xs:sequence></xs:complexType></xs:element>
              </xs:sequence></xs:complexType></xs:element>
            </xs:schema>
            """;
        // Read within 20 nodes: the reader cuts at three element levels, where the first date is optional.
        var repr = SchemaReader.Read(System.Text.Encoding.UTF8.GetBytes(xsd), SchemaLanguage.Xsd, new SchemaReadLimits { MaxNodes = 20 });
        Assert.Contains(repr.AllNodes(), n => n is { Name: "date", Truncated: true });
        var (dir, path) = EngineFixtures.WriteSchemaFiles("cut-shares-path", new Dictionary<string, string> { ["schema.xsd"] = xsd });
        var files = EngineFixtures.XmlFiles(GenerationPlan.Create(repr, [], null), dir, seeds: 5, records: 4);
        Assert.All(files.Select(XDocument.Load).SelectMany(d => d.Descendants("when")), w => Assert.NotNull(w.Element("role")));
        ExternalValidators.AssertXmllintValidQuietly(path, files);
    }

    [Fact]
    public void A_type_used_in_many_places_is_built_once_and_its_other_uses_are_references_that_make_its_content()
    {
        var repr = Orders();
        var seller = repr.Find("orders.order[].seller")!;
        Assert.Null(seller.Reuses);
        Assert.Contains(seller.Children, c => c.Name == "address" && c.Children.Count == 2);
        Assert.Equal("orders.order[].seller.address", seller.Children.Single(c => c.Name == "postal").Reuses);
        foreach (var use in new[] { "orders.order[].buyer", "orders.order[].carrier" })
        {
            var reference = repr.AllNodes().Single(n => n.Path == use);
            Assert.Equal("orders.order[].seller", reference.Reuses);
            Assert.Empty(reference.Children);
        }
        // A path through a reference finds the shared node as it stands there.
        Assert.Equal(NodeKind.String, repr.Find("orders.order[].carrier[].postal[].city")!.Kind);

        var plan = GenerationPlan.Create(repr, [], null);
        Assert.Equal(2, plan.Nodes.Count(n => n.Kind == PlanNodeKind.Reuse && n.Target!.Path == "orders.order[].seller"));
        var documents = Documents(plan, "shared-content-xml", 6, out var files);
        var buyers = documents.SelectMany(d => d.Descendants("buyer")).ToList();
        Assert.Equal(6 * 30, buyers.Count);
        Assert.All(buyers, b => Assert.NotNull(b.Element("address")?.Element("city")));
        Assert.Contains(documents.SelectMany(d => d.Descendants("carrier")), c => c.Elements("postal").Any());
        // IDs of shared content are unique across every use in the document.
        foreach (var d in documents)
        {
            var ids = d.Descendants().Select(e => (string?)e.Attribute("ref")).OfType<string>().ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());
        }
        var xsd = Path.Combine(Path.GetDirectoryName(files[0])!, "orders.xsd");
        File.WriteAllText(xsd, OrdersXsd);
        ExternalValidators.AssertXmllintValidQuietly(xsd, files);
    }

    [Fact]
    public void A_rule_on_a_path_inside_a_shared_type_applies_on_that_path_only()
    {
        var repr = Orders();
        var rule = new ConstraintRule
        {
            Field = "orders.order[].buyer.address.city", Values = [JsonDocument.Parse("\"Berlin\"").RootElement.Clone()],
        };
        Assert.Empty(ConstraintChecker.Check(repr, [rule]));
        var plan = GenerationPlan.Create(repr, [rule], null);
        var documents = Documents(plan, "shared-content-rule", 3, out var files);
        string City(XElement party) => party.Element("address")!.Element("city")!.Value;
        var orders = documents.SelectMany(d => d.Descendants("order")).ToList();
        Assert.All(orders, o => Assert.Equal("Berlin", City(o.Element("buyer")!)));
        Assert.Contains(orders, o => City(o.Element("seller")!) != "Berlin");
        Assert.Contains(orders.SelectMany(o => o.Elements("carrier")), c => City(c) != "Berlin");
        Assert.Contains(orders.SelectMany(o => o.Element("buyer")!.Elements("postal")), p => p.Element("city")!.Value != "Berlin");
        var xsd = Path.Combine(Path.GetDirectoryName(files[0])!, "orders.xsd");
        File.WriteAllText(xsd, OrdersXsd);
        ExternalValidators.AssertXmllintValidQuietly(xsd, files);
    }

    [Fact]
    public void Csv_and_sql_of_shared_types_have_columns_at_every_use_and_load_with_parent_keys_that_resolve()
    {
        var plan = GenerationPlan.Create(Orders(), [], null);
        var layout = RecordTableLayout.For(plan, null);
        var record = layout.Tables[0];
        foreach (var column in new[] { "seller.address.city", "buyer.address.city", "buyer.@ref" })
            Assert.Contains(record.Columns, c => c.Name == column);
        var carriers = layout.Tables.Single(t => t.Parent == record && t.Name.EndsWith("carrier", StringComparison.Ordinal));
        Assert.Contains(carriers.Columns, c => c.Name == "address.street");
        // One plan node, laid out at each of its uses: seller's, buyer's and carriers' postal addresses.
        var postal = layout.Tables.Where(t => t.Node.Path == "orders.order[].seller.postal").ToList();
        Assert.Equal(3, postal.Count);

        var (sink, result) = EngineFixtures.Generate(plan,
            new GenerationOptions { Seed = 5, RecordCount = 40, Types = [OutputFormat.Csv, OutputFormat.Sql] });
        Assert.Null(CsvTableCheck.Check(layout, result, sink).Problem);
        Assert.All(postal, t => Assert.Contains(result.Files, f => f.Part == t.Name && f.Format == OutputFormat.Csv));
        var buyerCity = record.Columns.Single(c => c.Name == "buyer.address.city").SqlName;

        var dir = EngineFixtures.TempDirectory("shared-content-sql");
        var sql = Path.Combine(dir, "orders.sql");
        File.WriteAllText(sql, sink.Text(result.Files.Single(f => f.Name.EndsWith(".sql", StringComparison.Ordinal)).Name));
        ExternalValidators.WithDatabase(db =>
        {
            ExternalValidators.Psql(db, file: sql);
            Assert.Equal("40", ExternalValidators.Psql(db, $"SELECT count(*) FROM \"{record.Name}\";"));
            Assert.Equal("40", ExternalValidators.Psql(db, $"SELECT count(*) FROM \"{record.Name}\" WHERE \"{buyerCity}\" <> '';"));
            Assert.Empty(SqlTableCheck.TablesWithOrphans(db, layout.Tables));
            return "";
        });
    }

    /// <summary>XHTML's shape: each element a global one with an anonymous type extending one of two content models by
    /// the same attributes; inline elements hold each other, blocks hold blocks and inline ones.</summary>
    private const string InlineBlockXsd = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
          <xs:attributeGroup name="attrs">
            <xs:attribute name="id" type="xs:ID"/><xs:attribute name="class" type="xs:string"/>
          </xs:attributeGroup>
          <xs:group name="inline"><xs:choice><xs:element ref="em"/><xs:element ref="strong"/><xs:element ref="code"/></xs:choice></xs:group>
          <xs:group name="block"><xs:choice><xs:element ref="p"/><xs:element ref="div"/><xs:element ref="quote"/></xs:choice></xs:group>
          <xs:complexType name="Inline" mixed="true">
            <xs:choice minOccurs="0" maxOccurs="unbounded"><xs:group ref="inline"/></xs:choice>
          </xs:complexType>
          <xs:complexType name="Flow" mixed="true">
            <xs:choice minOccurs="0" maxOccurs="unbounded"><xs:group ref="block"/><xs:group ref="inline"/></xs:choice>
          </xs:complexType>
          <xs:element name="em"><xs:complexType mixed="true"><xs:complexContent>
            <xs:extension base="Inline"><xs:attributeGroup ref="attrs"/></xs:extension></xs:complexContent></xs:complexType></xs:element>
          <xs:element name="strong"><xs:complexType mixed="true"><xs:complexContent>
            <xs:extension base="Inline"><xs:attributeGroup ref="attrs"/></xs:extension></xs:complexContent></xs:complexType></xs:element>
          <xs:element name="code"><xs:complexType mixed="true"><xs:complexContent>
            <xs:extension base="Inline"><xs:attribute name="lang" type="xs:language"/></xs:extension>
          </xs:complexContent></xs:complexType></xs:element>
          <xs:element name="p"><xs:complexType mixed="true"><xs:complexContent>
            <xs:extension base="Inline"><xs:attributeGroup ref="attrs"/></xs:extension></xs:complexContent></xs:complexType></xs:element>
          <xs:element name="div"><xs:complexType mixed="true"><xs:complexContent>
            <xs:extension base="Flow"><xs:attributeGroup ref="attrs"/></xs:extension></xs:complexContent></xs:complexType></xs:element>
          <xs:element name="quote"><xs:complexType mixed="true"><xs:complexContent>
            <xs:extension base="Flow"><xs:attributeGroup ref="attrs"/></xs:extension></xs:complexContent></xs:complexType></xs:element>
          <xs:element name="body">
            <xs:complexType><xs:sequence><xs:group ref="block" maxOccurs="unbounded"/></xs:sequence></xs:complexType>
          </xs:element>
        </xs:schema>
        """;

    [Fact]
    public void Anonymous_types_with_the_same_content_model_and_attributes_share_content_and_recursion()
    {
        var repr = SchemaText.Read(InlineBlockXsd, SchemaLanguage.Xsd);
        var nodes = repr.AllNodes().ToList();
        var p = nodes.Single(n => n.Path == "body.p");
        Assert.Null(p.Reuses);
        // em inside p has p's content (the same particle, the same attributes): it repeats it, as a type inside itself would.
        Assert.Equal(p.Path, nodes.Single(n => n.Path == "body.p.em").RecursesTo);
        Assert.Equal(p.Path, nodes.Single(n => n.Path == "body.p.strong").RecursesTo);
        // code adds another attribute: content of its own, built once, and inside itself a marker to itself.
        var code = nodes.Single(n => n.Path == "body.p.code");
        Assert.Null(code.RecursesTo);
        Assert.Contains(code.Children, c => c.Name == "lang");
        Assert.Equal(code.Path, nodes.Single(n => n.Path == "body.p.code.code").RecursesTo);
        // quote's content is div's: inside div, quote repeats it.
        var div = nodes.Single(n => n.Path == "body.div");
        Assert.Equal(div.Path, nodes.Single(n => n.Path == "body.div.quote").RecursesTo);
        Assert.Equal(div.Path, nodes.Single(n => n.Path == "body.quote").Reuses);

        var plan = GenerationPlan.Create(repr, [], null);
        var documents = Documents(plan, "shared-content-inline", 4, out var files);
        Assert.Contains(documents, d => d.Descendants("em").Any(e => e.Elements().Any()));
        Assert.Contains(documents, d => d.Descendants("quote").Any(e => e.Elements("p").Any()));
        var xsd = Path.Combine(Path.GetDirectoryName(files[0])!, "inline.xsd");
        File.WriteAllText(xsd, InlineBlockXsd);
        ExternalValidators.AssertXmllintValidQuietly(xsd, files);
    }

    /// <summary>Holder is used by first and then second (a reference); inside it, Node holds Nodes (a recursion marker).</summary>
    private const string HolderXsd = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
          <xs:complexType name="Node"><xs:sequence>
            <xs:element name="x" type="xs:string"/>
            <xs:element name="b" type="Node" minOccurs="0" maxOccurs="3"/>
          </xs:sequence></xs:complexType>
          <xs:complexType name="Holder"><xs:sequence>
            <xs:element name="b" type="Node" maxOccurs="2"/>
          </xs:sequence></xs:complexType>
          <xs:element name="a"><xs:complexType><xs:sequence>
            <xs:element name="item" maxOccurs="unbounded"><xs:complexType><xs:sequence>
              <xs:element name="first" type="Holder"/>
              <xs:element name="second" type="Holder"/>
            </xs:sequence></xs:complexType></xs:element>
          </xs:sequence></xs:complexType></xs:element>
        </xs:schema>
        """;

    [Fact]
    public void A_rule_through_a_reference_and_then_a_recursion_marker_inside_the_shared_content_applies_to_that_use_at_every_level()
    {
        var repr = SchemaText.Read(HolderXsd, SchemaLanguage.Xsd);
        Assert.Equal("a.item[].first", repr.AllNodes().Single(n => n.Path == "a.item[].second").Reuses);
        Assert.Equal("a.item[].first.b", repr.AllNodes().Single(n => n.Path == "a.item[].first.b[].b").RecursesTo);
        var rule = new ConstraintRule { Field = "a.item[].second.b[].b[].x", Values = [JsonDocument.Parse("\"Z\"").RootElement.Clone()] };
        Assert.Empty(ConstraintChecker.Check(repr, [rule]));
        var plan = GenerationPlan.Create(repr, [rule], null);
        var documents = Documents(plan, "shared-content-reference-then-marker", 4, out var files);
        var second = documents.SelectMany(d => d.Descendants("second")).SelectMany(s => s.Descendants("x")).ToList();
        var first = documents.SelectMany(d => d.Descendants("first")).SelectMany(s => s.Descendants("x")).ToList();
        // Nested levels exist under second, and every x there (the level the rule names and the levels it repeats) is Z.
        Assert.Contains(documents.SelectMany(d => d.Descendants("second")), s => s.Elements("b").Elements("b").Elements("b").Any());
        Assert.All(second, x => Assert.Equal("Z", x.Value));
        Assert.Contains(first, x => x.Value != "Z");
        var xsd = Path.Combine(Path.GetDirectoryName(files[0])!, "holder.xsd");
        File.WriteAllText(xsd, HolderXsd);
        ExternalValidators.AssertXmllintValidQuietly(xsd, files);
    }

    [Fact]
    public void Key_constraints_build_what_they_reach_in_place_and_share_the_rest()
    {
        // The key selects sellers and their names: Party is built in place at every use (its name is marked unique for
        // the seller only); Address, which the key does not reach, stays shared.
        var repr = SchemaText.Read(OrdersXsd.Replace("""
            </xs:sequence></xs:complexType></xs:element>
            </xs:schema>
            """, """
            </xs:sequence></xs:complexType>
              <xs:key name="sellerName"><xs:selector xpath="order/seller"/><xs:field xpath="name"/></xs:key>
            </xs:element>
            </xs:schema>
            """), SchemaLanguage.Xsd);
        var nodes = repr.AllNodes().ToList();
        Assert.True(nodes.Single(n => n.Path == "orders.order[].buyer") is { Reuses: null, Children.Count: > 0 });
        Assert.Equal("orders.order[].seller.address", nodes.Single(n => n.Path == "orders.order[].buyer.address").Reuses);
        Assert.True(repr.Find("orders.order[].buyer.address.city") is { Kind: NodeKind.String });
        Assert.True(repr.Find("orders.order[].seller.name")!.UniqueInDocument);
        Assert.False(repr.Find("orders.order[].buyer.name")!.UniqueInDocument);
    }

    /// <summary>A key and a keyref over every depth (<c>.//</c>) of a recursive section tree: Section, Product, Info and
    /// Link lie on the ways to what they select; Meta lies on none.</summary>
    private const string CatalogXsd = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
          <xs:complexType name="Meta"><xs:sequence>
            <xs:element name="author" type="xs:string"/>
            <xs:element name="note" type="xs:string" minOccurs="0" maxOccurs="2"/>
          </xs:sequence></xs:complexType>
          <xs:complexType name="Link"><xs:attribute name="to" type="xs:string" use="required"/></xs:complexType>
          <xs:complexType name="Info"><xs:sequence>
            <xs:element name="meta" type="Meta"/>
            <xs:element name="link" type="Link" minOccurs="0" maxOccurs="2"/>
          </xs:sequence></xs:complexType>
          <xs:complexType name="Product"><xs:sequence>
            <xs:element name="info" type="Info"/>
          </xs:sequence><xs:attribute name="id" type="xs:string" use="required"/></xs:complexType>
          <xs:complexType name="Section"><xs:sequence>
            <xs:element name="meta" type="Meta" minOccurs="0"/>
            <xs:element name="product" type="Product" maxOccurs="3"/>
            <xs:element name="section" type="Section" minOccurs="0" maxOccurs="2"/>
          </xs:sequence></xs:complexType>
          <xs:element name="catalog">
            <xs:complexType><xs:sequence>
              <xs:element name="meta" type="Meta"/>
              <xs:element name="main" type="Section" maxOccurs="unbounded"/>
              <xs:element name="extra" type="Section" minOccurs="0" maxOccurs="unbounded"/>
            </xs:sequence></xs:complexType>
            <xs:key name="productId"><xs:selector xpath=".//product"/><xs:field xpath="@id"/></xs:key>
            <xs:keyref name="linkTo" refer="productId"><xs:selector xpath=".//link"/><xs:field xpath="@to"/></xs:keyref>
          </xs:element>
        </xs:schema>
        """;

    [Fact]
    public void Content_no_key_selector_can_reach_is_shared_and_documents_keep_their_keys()
    {
        var repr = SchemaText.Read(CatalogXsd, SchemaLanguage.Xsd);
        var nodes = repr.AllNodes().ToList();
        Assert.True(nodes.Single(n => n.Path == "catalog.extra") is { Reuses: null, Children.Count: > 0 });
        Assert.DoesNotContain(nodes, n => n.Reuses is not null && !n.Path.EndsWith(".meta", StringComparison.Ordinal));
        Assert.Equal("catalog.meta", nodes.Single(n => n.Path == "catalog.main[].product[].info.meta").Reuses);
        Assert.All(nodes.Where(n => n.Name == "to"), to => Assert.NotNull(to.References));

        var plan = GenerationPlan.Create(repr, [], null);
        Assert.Contains(plan.Nodes, n => n.Kind == PlanNodeKind.Reuse);
        var documents = Documents(plan, "shared-content-keys", 4, out var files);
        Assert.Contains(documents, d => d.Descendants("section").Descendants("link").Any());
        var xsd = Path.Combine(Path.GetDirectoryName(files[0])!, "catalog.xsd");
        File.WriteAllText(xsd, CatalogXsd);
        ExternalValidators.AssertXmllintValidQuietly(xsd, files);
    }

    /// <summary>A section that may hold itself under 80 names, beside a shared type: three back-edges of that fan-out pass
    /// the expansion budget unless optional content stops three levels down; one back-edge fits whole, with every optional
    /// value of a record (three per section) within the record budget.</summary>
    [Fact]
    public void Without_max_depth_fewer_back_edges_are_traded_for_depth_when_the_depth_limit_would_be_shallow()
    {
        var markers = string.Concat(Enumerable.Range(1, 80).Select(i => $"<xs:element name=\"s{i}\" type=\"Section\" minOccurs=\"0\"/>"));
        var xsd = $"""
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              <xs:complexType name="Meta"><xs:sequence><xs:element name="author" type="xs:string" minOccurs="0"/></xs:sequence></xs:complexType>
              <xs:complexType name="Section"><xs:sequence>
                <xs:element name="title" type="xs:string"/><xs:element name="number" type="xs:int"/><xs:element name="kind" type="xs:string"/>
                <xs:element name="meta" type="Meta" minOccurs="0"/>{markers}
              </xs:sequence></xs:complexType>
              <xs:element name="doc"><xs:complexType><xs:sequence>
                <xs:element name="meta" type="Meta"/><xs:element name="section" type="Section"/>
              </xs:sequence></xs:complexType></xs:element>
            </xs:schema>
            """;
        var plan = GenerationPlan.Create(SchemaText.Read(xsd, SchemaLanguage.Xsd), [], null);
        Assert.Contains(plan.Nodes, n => n.Kind == PlanNodeKind.Reuse);
        Assert.Equal(1, plan.RecursionBound);
        Assert.True(plan.DepthLimit is null or >= 4, $"depth limit {plan.DepthLimit}");
        var (dir, path) = EngineFixtures.WriteSchemaFiles("traded-depth", new Dictionary<string, string> { ["schema.xsd"] = xsd });
        ExternalValidators.AssertXmllintValidQuietly(path, EngineFixtures.XmlFiles(plan, dir, seeds: 3, records: 2));
    }
}
