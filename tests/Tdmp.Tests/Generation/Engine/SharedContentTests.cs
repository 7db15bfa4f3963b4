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
        var ids = new Dictionary<string, HashSet<string>>();
        foreach (var table in layout.Tables)
        {
            var file = result.Files.SingleOrDefault(f => f.Part == table.Name && f.Name.EndsWith(".csv", StringComparison.Ordinal));
            if (file is null) continue;
            var rows = CsvReader.Parse(sink.Text(file.Name));
            var rowIds = rows.Skip(1).Select(r => r[0]).ToList();
            Assert.Equal(rowIds.Count, rowIds.Distinct().Count());
            ids[table.Name] = [.. rowIds];
            if (table.Parent is null || !ids.TryGetValue(table.Parent.Name, out var parentIds)) continue;
            Assert.All(rows.Skip(1), r => Assert.Contains(r[1], parentIds));
        }
        Assert.All(postal, t => Assert.True(ids.ContainsKey(t.Name), $"{t.Name} has no rows"));
        var buyerCity = record.Columns.Single(c => c.Name == "buyer.address.city").SqlName;

        var dir = EngineFixtures.TempDirectory("shared-content-sql");
        var sql = Path.Combine(dir, "orders.sql");
        File.WriteAllText(sql, sink.Text(result.Files.Single(f => f.Name.EndsWith(".sql", StringComparison.Ordinal)).Name));
        ExternalValidators.WithDatabase(db =>
        {
            ExternalValidators.Psql(db, file: sql);
            Assert.Equal("40", ExternalValidators.Psql(db, $"SELECT count(*) FROM \"{record.Name}\";"));
            Assert.Equal("40", ExternalValidators.Psql(db, $"SELECT count(*) FROM \"{record.Name}\" WHERE \"{buyerCity}\" <> '';"));
            foreach (var t in layout.Tables.Where(t => t.Parent is not null))
                Assert.Equal("0", ExternalValidators.Psql(db,
                    $"SELECT count(*) FROM \"{t.Name}\" c LEFT JOIN \"{t.Parent!.Name}\" p " +
                    "ON c._parent_row_id = p._row_id WHERE p._row_id IS NULL;"));
            return "";
        });
    }

    [Fact]
    public void Key_constraints_keep_the_tree_expanded()
    {
        // A key's selector is resolved on the expanded tree: with one, every use of a type is built in place.
        var repr = SchemaText.Read(OrdersXsd.Replace("""
            </xs:sequence></xs:complexType></xs:element>
            </xs:schema>
            """, """
            </xs:sequence></xs:complexType>
              <xs:key name="sellerName"><xs:selector xpath="order/seller"/><xs:field xpath="name"/></xs:key>
            </xs:element>
            </xs:schema>
            """), SchemaLanguage.Xsd);
        Assert.DoesNotContain(repr.AllNodes(), n => n.Reuses is not null);
        Assert.True(repr.Find("orders.order[].buyer.address.city") is { Kind: NodeKind.String, Reuses: null });
        Assert.True(repr.Find("orders.order[].seller.name")!.UniqueInDocument);
    }
}
