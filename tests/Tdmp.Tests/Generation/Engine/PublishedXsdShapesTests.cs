using System.Text;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Schema;
using Tdmp.Generation.Writers;
using static Tdmp.Tests.Generation.Schema.SchemaText;

namespace Tdmp.Tests.Generation.Engine;

/// <summary>
/// The shapes of published XSDs that the XSD sweep (<c>tests/data/schemas/real-world-xsd/</c>) found the engine
/// refusing or getting wrong, one small schema each: every one validates under xmllint, or loads into PostgreSQL.
/// </summary>
public class PublishedXsdShapesTests
{
    private static List<string> Xml(GenerationPlan plan, string name, int seeds = 6, int records = 2) =>
        EngineFixtures.XmlFiles(plan, EngineFixtures.TempDirectory(name), seeds, records);

    private static string SchemaFile(string name, string xsd)
    {
        var path = Path.Combine(EngineFixtures.TempDirectory(name), "schema.xsd");
        File.WriteAllText(path, xsd);
        return path;
    }

    [Fact]
    public void An_optional_attribute_of_type_ENTITY_is_left_out_and_a_required_one_refused()
    {
        const string xsd = XsdOpen + """
            <xs:element name="doc"><xs:complexType><xs:sequence><xs:element name="p" type="xs:string"/></xs:sequence>
              <xs:attribute name="entityref" type="xs:ENTITY"/><xs:attribute name="id" type="xs:ID"/></xs:complexType></xs:element>
            </xs:schema>
            """;
        var repr = Read(xsd, SchemaLanguage.Xsd);
        Assert.DoesNotContain(repr.AllNodes(), n => n.Name == "entityref");
        ExternalValidators.AssertXmllintValidQuietly(SchemaFile("entity", xsd), Xml(GenerationPlan.Create(repr, [], null), "entity-xml"));

        var refused = Refused(xsd.Replace("""type="xs:ENTITY"/>""", """type="xs:ENTITY" use="required"/>"""), SchemaLanguage.Xsd);
        Assert.Contains("'doc.@entityref' uses xs:ENTITY, which needs DTD declarations", refused.Message);
    }

    [Fact]
    public void A_unique_whose_selector_matches_nothing_holds_and_keys_reach_through_recursion()
    {
        // GraphML: <data> may hold <data> by the constraint's XPath, but its content is text; <port> nests in <port>.
        const string xsd = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:g="urn:g" targetNamespace="urn:g" elementFormDefault="qualified">
              <xs:element name="graph"><xs:complexType><xs:sequence>
                <xs:element ref="g:data" minOccurs="0" maxOccurs="3"/><xs:element ref="g:port" minOccurs="0" maxOccurs="3"/>
              </xs:sequence></xs:complexType>
                <xs:key name="port_name"><xs:selector xpath=".//g:port"/><xs:field xpath="@name"/></xs:key>
              </xs:element>
              <xs:element name="data"><xs:complexType><xs:simpleContent><xs:extension base="xs:string">
                <xs:attribute name="key" type="xs:NMTOKEN"/></xs:extension></xs:simpleContent></xs:complexType>
                <xs:unique name="data_in_data"><xs:selector xpath="./g:data"/><xs:field xpath="@key"/></xs:unique>
              </xs:element>
              <xs:element name="port"><xs:complexType><xs:sequence><xs:element ref="g:port" minOccurs="0" maxOccurs="2"/></xs:sequence>
                <xs:attribute name="name" type="xs:NMTOKEN" use="required"/></xs:complexType></xs:element>
            </xs:schema>
            """;
        var plan = GenerationPlan.Create(Read(xsd, SchemaLanguage.Xsd), [], null);
        ExternalValidators.AssertXmllintValidQuietly(SchemaFile("graphml-like", xsd), Xml(plan, "graphml-like-xml", seeds: 12, records: 1));
    }

    [Fact]
    public void A_date_time_pattern_that_wants_a_numeric_offset_gets_plus_zero_for_utc()
    {
        // CAP 1.2's <sent>: \d\d\d\d-\d\d-\d\dT\d\d:\d\d:\d\d[-,+]\d\d:\d\d on xs:dateTime.
        const string xsd = XsdOpen + """
            <xs:element name="alert"><xs:complexType><xs:sequence><xs:element name="sent"><xs:simpleType>
              <xs:restriction base="xs:dateTime"><xs:pattern value="\d\d\d\d-\d\d-\d\dT\d\d:\d\d:\d\d[\-,\+]\d\d:\d\d"/></xs:restriction>
            </xs:simpleType></xs:element></xs:sequence></xs:complexType></xs:element>
            </xs:schema>
            """;
        var files = Xml(GenerationPlan.Create(Read(xsd, SchemaLanguage.Xsd), [], null), "cap-like", seeds: 12, records: 1);
        ExternalValidators.AssertXmllintValidQuietly(SchemaFile("cap-like", xsd), files);
    }

    [Fact]
    public void A_spare_copy_of_an_imported_schema_in_the_zip_is_left_out()
    {
        const string xmlXsd = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.w3.org/XML/1998/namespace">
              <xs:attribute name="lang" type="xs:language"/></xs:schema>
            """;
        var zip = Zip(
            ("main.xsd", """
                <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
                  <xs:import namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="w3/2001/xml.xsd"/>
                  <xs:element name="doc"><xs:complexType><xs:attribute ref="xml:lang"/></xs:complexType></xs:element>
                </xs:schema>
                """),
            ("w3/2001/xml.xsd", xmlXsd),
            ("w3/2009/01/xml.xsd", xmlXsd));
        var repr = SchemaReader.Read(zip, SchemaLanguage.Xsd, SchemaReadLimits.Default);
        Assert.Equal("doc", Assert.Single(repr.Roots).Name);
    }

    [Fact]
    public void Arrays_inside_a_repeating_choice_keep_unique_row_ids_in_csv_and_sql()
    {
        // WADL's resource: (method | resource)* where each method holds doc*.
        const string xsd = XsdOpen + """
            <xs:element name="app"><xs:complexType><xs:sequence><xs:element name="res" maxOccurs="3"><xs:complexType>
              <xs:choice minOccurs="2" maxOccurs="4">
                <xs:element name="method"><xs:complexType><xs:sequence>
                  <xs:element name="doc" type="xs:string" minOccurs="1" maxOccurs="3"/></xs:sequence></xs:complexType></xs:element>
                <xs:element name="note" type="xs:string"/>
              </xs:choice></xs:complexType></xs:element></xs:sequence></xs:complexType></xs:element>
            </xs:schema>
            """;
        var plan = GenerationPlan.Create(Read(xsd, SchemaLanguage.Xsd), [], null);
        var layout = RecordTableLayout.For(plan, null);
        var docs = layout.Tables.Single(t => t.Name.EndsWith("_doc", StringComparison.Ordinal));
        for (var seed = 1; seed <= 8; seed++)
        {
            var (sink, result) = EngineFixtures.Generate(plan, new GenerationOptions { Seed = seed, RecordCount = 3, Types = [OutputFormat.Csv] });
            var file = result.Files.SingleOrDefault(f => f.Part == docs.Name);
            if (file is null) continue;
            var ids = CsvReader.Parse(sink.Text(file.Name)).Skip(1).Select(r => r[0]).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());
        }
        var script = new StringBuilder();
        for (var seed = 1; seed <= 4; seed++)
        {
            var (sink, result) = EngineFixtures.Generate(plan, new GenerationOptions { Seed = seed, RecordCount = 3, Types = [OutputFormat.Sql] });
            script.Append($"CREATE SCHEMA s{seed};\nSET search_path TO s{seed};\n").Append(sink.Text(Assert.Single(result.Files).Name));
        }
        var path = Path.Combine(EngineFixtures.TempDirectory("repeating-choice-sql"), "all.sql");
        File.WriteAllText(path, script.ToString());
        ExternalValidators.WithDatabase(db => ExternalValidators.Psql(db, file: path));
    }

    [Fact]
    public void A_table_wider_than_postgres_allows_is_split_into_parts_that_share_the_row_id()
    {
        var attributes = string.Concat(Enumerable.Range(1, 1700).Select(i => $"""<xs:attribute name="a{i}" type="xs:int" use="required"/>"""));
        var xsd = XsdOpen + $"""
            <xs:element name="wide"><xs:complexType><xs:sequence><xs:element name="item" minOccurs="0">
              <xs:complexType><xs:attribute name="n" type="xs:string"/></xs:complexType></xs:element></xs:sequence>
              {attributes}</xs:complexType></xs:element>
            </xs:schema>
            """;
        var plan = GenerationPlan.Create(Read(xsd, SchemaLanguage.Xsd), [], null);
        var (sink, result) = EngineFixtures.Generate(plan, new GenerationOptions { Seed = 3, RecordCount = 2, Types = [OutputFormat.Sql] });
        var path = Path.Combine(EngineFixtures.TempDirectory("wide-sql"), "wide.sql");
        File.WriteAllText(path, sink.Text(Assert.Single(result.Files).Name));
        ExternalValidators.WithDatabase(db =>
        {
            ExternalValidators.Psql(db, file: path);
            // 1,700 columns in 400-column parts: wide, wide_part2 ... wide_part5, each with both rows.
            Assert.Equal("2", ExternalValidators.Psql(db, "SELECT count(*) FROM wide JOIN wide_part5 USING (_row_id);"));
            Assert.Equal("1700", ExternalValidators.Psql(db,
                "SELECT count(*) FROM information_schema.columns WHERE table_name LIKE 'wide%' AND column_name LIKE 'a%';"));
            return "";
        });
    }

    [Fact]
    public void A_root_whose_content_repeats_only_as_a_group_makes_whole_documents()
    {
        // XLIFF 1.2: <xliff> holds <xs:sequence maxOccurs="unbounded"> of any ##other and <file>.
        const string xsd = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:x="urn:x" targetNamespace="urn:x" elementFormDefault="qualified">
              <xs:element name="xliff"><xs:complexType><xs:sequence maxOccurs="unbounded">
                <xs:any namespace="##other" minOccurs="0" maxOccurs="unbounded" processContents="strict"/>
                <xs:element name="file" type="xs:string"/>
              </xs:sequence></xs:complexType></xs:element>
            </xs:schema>
            """;
        var plan = GenerationPlan.Create(Read(xsd, SchemaLanguage.Xsd), [], null);
        ExternalValidators.AssertXmllintValidQuietly(SchemaFile("xliff-like", xsd), Xml(plan, "xliff-like-xml"));
    }
}
