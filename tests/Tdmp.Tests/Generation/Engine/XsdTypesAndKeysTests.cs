using System.Text;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Schema;
using Tdmp.Tests.Generation.Schema;

namespace Tdmp.Tests.Generation.Engine;

/// <summary>
/// Abstract complex types (instances name a derived type with <c>xsi:type</c>) and multi-field key/keyref (a reference
/// tuple matches one key's tuple), on small hand-written XSDs: every XML file of many seeds validates with xmllint,
/// which prints nothing else.
/// </summary>
public class XsdTypesAndKeysTests
{
    private const string Xs = "http://www.w3.org/2001/XMLSchema";

    [Fact]
    public void A_required_element_of_an_abstract_type_with_no_derived_type_is_refused_naming_it()
    {
        var xsd = $"""
            <xs:schema xmlns:xs="{Xs}"><xs:complexType name="T" abstract="true"><xs:sequence/></xs:complexType>
            <xs:complexType name="U" abstract="true"><xs:complexContent><xs:extension base="T"/></xs:complexContent></xs:complexType>
            <xs:element name="r"><xs:complexType><xs:sequence><xs:element name="must" type="T"/></xs:sequence></xs:complexType></xs:element>
                </xs:schema>
            """;
        var e = Assert.ThrowsAny<SchemaReadException>(() => SchemaReader.Read(Encoding.UTF8.GetBytes(xsd), SchemaLanguage.Xsd,
            SchemaReadLimits.Default));
        Assert.Contains("'r.must'", e.Message);
        Assert.Contains("abstract type 'T'", e.Message);
    }

    [Fact]
    public void A_derivation_the_element_blocks_is_not_used()
    {
        var xsd = $"""
            <xs:schema xmlns:xs="{Xs}"><xs:complexType name="T" abstract="true"><xs:sequence><xs:element name="a" type="xs:int" minOccurs="0"/>
                </xs:sequence></xs:complexType>
            <xs:complexType name="ByExtension"><xs:complexContent><xs:extension base="T"><xs:sequence><xs:element name="b" type="xs:int"/>
                </xs:sequence></xs:extension></xs:complexContent></xs:complexType>
            <xs:complexType name="ByRestriction"><xs:complexContent><xs:restriction base="T"><xs:sequence><xs:element name="a" type="xs:int"/>
                </xs:sequence></xs:restriction></xs:complexContent></xs:complexType>
            <xs:element name="r"><xs:complexType><xs:sequence><xs:element name="v" type="T" block="extension" maxOccurs="3"/></xs:sequence>
                </xs:complexType></xs:element></xs:schema>
            """;
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(xsd), SchemaLanguage.Xsd, SchemaReadLimits.Default);
        Assert.Equal("ByRestriction", repr.Find("r.v")!.XsiType);
        var (dir, path) = EngineFixtures.WriteSchemaFiles("blocked", new Dictionary<string, string> { ["schema.xsd"] = xsd });
        var files = EngineFixtures.XmlFiles(GenerationPlan.Create(repr, [], null), dir, seeds: 10, records: 3);
        ExternalValidators.AssertXmllintValidQuietly(path, files);
    }

    [Fact]
    public void The_root_element_of_an_abstract_type_gets_xsi_type_too()
    {
        var xsd = $"""
            <xs:schema xmlns:xs="{Xs}" xmlns:t="urn:t" targetNamespace="urn:t" elementFormDefault="qualified">
            <xs:complexType name="Base" abstract="true"><xs:sequence><xs:element name="id" type="xs:int"/></xs:sequence></xs:complexType>
            <xs:complexType name="Concrete"><xs:complexContent><xs:extension base="t:Base"><xs:sequence>
                <xs:element name="row" type="xs:string" maxOccurs="unbounded"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>
            <xs:element name="doc" type="t:Base"/></xs:schema>
            """;
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(xsd), SchemaLanguage.Xsd, SchemaReadLimits.Default);
        var (dir, path) = EngineFixtures.WriteSchemaFiles("root", new Dictionary<string, string> { ["schema.xsd"] = xsd });
        var files = EngineFixtures.XmlFiles(GenerationPlan.Create(repr, [], null), dir, seeds: 10, records: 4);
        ExternalValidators.AssertXmllintValidQuietly(path, files);
    }

    [Fact]
    public void A_derived_type_in_no_namespace_is_named_without_a_default_namespace_in_the_way()
    {
        var files = new Dictionary<string, string>
        {
            ["plain.xsd"] = $"""
                <xs:schema xmlns:xs="{Xs}">
                <xs:complexType name="Base" abstract="true"><xs:attribute name="a" type="xs:int"/></xs:complexType>
                <xs:complexType name="Plain"><xs:complexContent><xs:extension base="Base"><xs:attribute name="b" type="xs:date" use="required"/>
                    </xs:extension></xs:complexContent></xs:complexType>
                </xs:schema>
                """,
            ["main.xsd"] = $"""
                <xs:schema xmlns:xs="{Xs}" targetNamespace="urn:t" elementFormDefault="qualified">
                <xs:import schemaLocation="plain.xsd"/>
                <xs:element name="doc"><xs:complexType><xs:sequence><xs:element name="v" type="Base" maxOccurs="4"/></xs:sequence></xs:complexType>
                    </xs:element>
                </xs:schema>
                """,
        };
        var repr = SchemaReader.Read(SchemaText.Zip(files), SchemaLanguage.Xsd, SchemaReadLimits.Default);
        Assert.Equal(("Plain", null), (repr.Find("doc.v")!.XsiType, repr.Find("doc.v")!.XsiTypeNamespace));
        var (dir, path) = EngineFixtures.WriteSchemaFiles("no-namespace", files);
        ExternalValidators.AssertXmllintValidQuietly(path, EngineFixtures.XmlFiles(GenerationPlan.Create(repr, [], null), dir, seeds: 5, records: 3));
    }

    /// <summary>
    /// EPP's shape: the protocol's file declares the document element, whose extension is a wildcard of other namespaces
    /// with the default (strict) processing, and each command extension's file imports it. The document element, in a file
    /// others import, can still be named as the root; a strict wildcard is filled only from declarations the root's own file
    /// pulls in (a validator given that file knows no other), and with none there the branch holding it is not made.
    /// </summary>
    [Fact]
    public void A_root_in_an_imported_file_with_a_strict_wildcard_makes_documents_its_own_file_validates()
    {
        var files = new Dictionary<string, string>
        {
            ["main.xsd"] = $"""
                <xs:schema xmlns:xs="{Xs}" xmlns:e="urn:e" targetNamespace="urn:e" elementFormDefault="qualified">
                <xs:complexType name="extAnyType"><xs:sequence><xs:any namespace="##other" maxOccurs="unbounded"/></xs:sequence></xs:complexType>
                <xs:element name="epp"><xs:complexType><xs:choice><xs:element name="greeting" type="xs:string"/>
                    <xs:element name="extension" type="e:extAnyType"/></xs:choice></xs:complexType></xs:element>
                </xs:schema>
                """,
            ["domain.xsd"] = $"""
                <xs:schema xmlns:xs="{Xs}" targetNamespace="urn:d" elementFormDefault="qualified">
                <xs:import namespace="urn:e" schemaLocation="main.xsd"/>
                <xs:element name="create" type="xs:string"/>
                </xs:schema>
                """,
        };
        var repr = SchemaReader.Read(SchemaText.Zip(files), SchemaLanguage.Xsd, SchemaReadLimits.Default);
        var (dir, path) = EngineFixtures.WriteSchemaFiles("strict-wildcard", files);
        var xml = EngineFixtures.XmlFiles(GenerationPlan.Create(repr, [], "epp"), dir, seeds: 6, records: 3);
        Assert.All(xml, f => Assert.Contains("<greeting>", File.ReadAllText(f)));
        ExternalValidators.AssertXmllintValidQuietly(path, xml);
    }

    /// <summary>SDD's shape: a required strict wildcard of the target namespace, inside an optional element, whose only
    /// declaration there is the document element itself, which declares keys. A copy of it inside itself is held to its
    /// own keys and, through the outer keyref's <c>.//ref</c>, to the outer ones: the optional element is left out. With
    /// another declaration of the namespace, that one fills the wildcard.</summary>
    [Fact]
    public void A_strict_wildcard_is_never_filled_with_an_element_around_it_that_declares_keys()
    {
        string Catalog(string more) => $"""
            <?xml version="1.0"?>
            <xs:schema xmlns:xs="{Xs}" xmlns:c="urn:c" targetNamespace="urn:c" elementFormDefault="qualified">
              <xs:element name="Catalog"><xs:complexType><xs:sequence>
                <xs:element name="item" maxOccurs="4"><xs:complexType><xs:sequence>
                  <xs:element name="ref" minOccurs="0" maxOccurs="3"><xs:complexType><xs:attribute name="to" type="xs:NCName" use="required"/>
                    </xs:complexType></xs:element>
                  <xs:element name="note" minOccurs="0"><xs:complexType><xs:sequence><xs:any namespace="##targetNamespace"/></xs:sequence>
                    </xs:complexType></xs:element>
                </xs:sequence><xs:attribute name="id" type="xs:NCName" use="required"/></xs:complexType></xs:element>
              </xs:sequence></xs:complexType>
                <xs:key name="ItemId"><xs:selector xpath="c:item"/><xs:field xpath="@id"/></xs:key>
                <xs:keyref name="RefTo" refer="c:ItemId"><xs:selector xpath=".//c:ref"/><xs:field xpath="@to"/></xs:keyref>
              </xs:element>
              {more}
            </xs:schema>
            """;

        var (alone, _) = EngineFixtures.ValidXmlDocuments("wildcard-around-keys", Catalog(""), "Catalog", seeds: 10, records: 3);
        Assert.DoesNotContain(alone.AllNodes(), n => n.Name == "note");

        var other = """<xs:element name="Remark"><xs:complexType><xs:attribute name="by" type="xs:NCName"/></xs:complexType></xs:element>""";
        var (withOther, files) = EngineFixtures.ValidXmlDocuments("wildcard-around-keys-other", Catalog(other), "Catalog", seeds: 10, records: 3);
        Assert.Equal("Remark", Assert.Single(withOther.AllNodes(), n => n.Path.EndsWith(".note.Remark", StringComparison.Ordinal)).Name);
        Assert.Contains(files, f => System.Xml.Linq.XDocument.Load(f).Descendants("{urn:c}Remark").Any());
    }

    /// <summary>SDD's shape: an attribute of a type restricting <c>xs:QName</c> whose enumeration reads <c>Iconic</c> in a
    /// schema whose default namespace is the target one, in documents that name the target namespace with a prefix
    /// (unqualified local elements), so the value needs one too; a value with a prefix of the schema's own; a fixed
    /// QName; and, in documents that would otherwise have a default namespace, a QName in no namespace.</summary>
    [Fact]
    public void QName_values_the_schema_states_name_the_same_namespace_in_every_document()
    {
        const string prefixed = $"""
            <?xml version="1.0"?>
            <xs:schema xmlns:xs="{Xs}" xmlns="urn:u" xmlns:o="urn:other" targetNamespace="urn:u">
              <xs:simpleType name="Role"><xs:restriction base="xs:QName">
                <xs:enumeration value="Iconic"/><xs:enumeration value="Primary"/><xs:enumeration value="o:Elsewhere"/>
              </xs:restriction></xs:simpleType>
              <xs:element name="Media"><xs:complexType><xs:sequence>
                <xs:element name="object" maxOccurs="5"><xs:complexType>
                  <xs:attribute name="role" type="Role" use="required"/>
                  <xs:attribute name="kind" type="xs:QName" fixed="Still" use="required"/>
                </xs:complexType></xs:element>
              </xs:sequence></xs:complexType></xs:element>
            </xs:schema>
            """;
        var (repr, files) = EngineFixtures.ValidXmlDocuments("qname-enum-prefixed", prefixed, "Media", seeds: 6, records: 3);
        var role = repr.AllNodes().Single(n => n.Name == "role");
        Assert.Equal(new Dictionary<string, string> { ["q1"] = "urn:u", ["o"] = "urn:other" }, role.QNamePrefixes);
        var roles = files.SelectMany(f => System.Xml.Linq.XDocument.Load(f).Descendants("object")).Select(o => o.Attribute("role")!.Value).ToHashSet();
        Assert.Contains("o:Elsewhere", roles);

        const string unqualifiedValue = $"""
            <?xml version="1.0"?>
            <xs:schema xmlns:xs="{Xs}" xmlns:u="urn:u" targetNamespace="urn:u" elementFormDefault="qualified">
              <xs:simpleType name="Plain"><xs:restriction base="xs:QName"><xs:enumeration value="local"/></xs:restriction></xs:simpleType>
              <xs:element name="Media"><xs:complexType><xs:attribute name="role" type="u:Plain" use="required"/></xs:complexType></xs:element>
            </xs:schema>
            """;
        EngineFixtures.ValidXmlDocuments("qname-enum-no-namespace", unqualifiedValue, "Media", seeds: 2, records: 2);
    }

    /// <summary>Stores whose products are keyed by (maker, code); each order names a product by both.</summary>
    private const string TwoFieldKey = $"""
        <?xml version="1.0"?>
        <xs:schema xmlns:xs="{Xs}">
          <xs:element name="Shop"><xs:complexType><xs:sequence>
            <xs:element name="Store" maxOccurs="unbounded"><xs:complexType><xs:sequence>
              <xs:element name="product" maxOccurs="unbounded"><xs:complexType><xs:sequence>
                <xs:element name="code"><xs:simpleType><xs:restriction base="xs:string"><xs:enumeration value="A"/><xs:enumeration value="B"/>
                    <xs:enumeration value="C"/></xs:restriction></xs:simpleType></xs:element>
                <xs:element name="size" type="xs:int"/>
              </xs:sequence><xs:attribute name="maker" type="xs:token" use="required"/></xs:complexType></xs:element>
              <xs:element name="order" maxOccurs="unbounded"><xs:complexType><xs:sequence>
                <xs:element name="qty" type="xs:positiveInteger"/>
                <xs:element name="productCode" type="xs:string"/>
              </xs:sequence><xs:attribute name="maker" type="xs:token" use="required"/></xs:complexType></xs:element>
            </xs:sequence></xs:complexType>
            <xs:key name="ProductKey"><xs:selector xpath="product"/><xs:field xpath="@maker"/><xs:field xpath="code"/></xs:key>
            <xs:keyref name="OrderProduct" refer="ProductKey"><xs:selector xpath="order"/><xs:field xpath="@maker"/><xs:field xpath="productCode"/>
                </xs:keyref>
            </xs:element>
          </xs:sequence></xs:complexType></xs:element>
        </xs:schema>
        """;

    [Fact]
    public void A_two_field_keyref_matches_one_keys_tuple_in_every_file()
    {
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(TwoFieldKey), SchemaLanguage.Xsd, SchemaReadLimits.Default);
        Assert.Equal("Shop.Store[].product[].@maker", repr.Find("Shop.Store[].order[].@maker")!.References);
        Assert.Equal("Shop.Store[].product[].code", repr.Find("Shop.Store[].order[].productCode")!.References);
        Assert.Equal("Shop.Store[].order[].@maker", repr.Find("Shop.Store[].order[].productCode")!.ReferenceLead);
        var (dir, path) = EngineFixtures.WriteSchemaFiles("keyref", new Dictionary<string, string> { ["schema.xsd"] = TwoFieldKey });
        var files = EngineFixtures.XmlFiles(GenerationPlan.Create(repr, [], null), dir, seeds: 30, records: 5);
        Assert.Contains("<order", string.Join("\n", files.Select(File.ReadAllText)));
        ExternalValidators.AssertXmllintValidQuietly(path, files);
    }

    /// <summary>IEC 61850 SCL's shape: every logical device's <c>LN0</c> refers to a node type by (<c>lnType</c>,
    /// <c>lnClass</c>), its <c>lnClass</c> fixed to <c>LLN0</c>, one of many classes a node type may have. The fixed
    /// value was overwritten by whichever type's class the reference took.</summary>
    [Fact]
    public void A_keyref_field_fixed_to_one_value_takes_a_key_whose_tuple_holds_it()
    {
        var classes = string.Concat(Enumerable.Range(0, 40).Select(i => $"""<xs:enumeration value="C{i:00}"/>"""));
        var xsd = $"""
            <xs:schema xmlns:xs="{Xs}">
              <xs:simpleType name="Class"><xs:restriction base="xs:token">{classes}<xs:enumeration value="MAIN"/></xs:restriction></xs:simpleType>
              <xs:element name="Doc"><xs:complexType><xs:sequence>
                <xs:element name="Type" maxOccurs="unbounded"><xs:complexType>
                  <xs:attribute name="id" type="xs:token" use="required"/><xs:attribute name="cls" type="Class" use="required"/>
                </xs:complexType></xs:element>
                <xs:element name="Device" maxOccurs="unbounded"><xs:complexType><xs:sequence>
                  <xs:element name="Main"><xs:complexType>
                    <xs:attribute name="type" type="xs:token" use="required"/><xs:attribute name="cls" type="Class" use="required" fixed="MAIN"/>
                  </xs:complexType></xs:element>
                  <xs:element name="Node" minOccurs="0" maxOccurs="unbounded"><xs:complexType>
                    <xs:attribute name="type" type="xs:token" use="required"/><xs:attribute name="cls" type="Class" use="required"/>
                  </xs:complexType></xs:element>
                </xs:sequence></xs:complexType></xs:element>
              </xs:sequence></xs:complexType>
              <xs:key name="TypeKey"><xs:selector xpath="Type"/><xs:field xpath="@id"/><xs:field xpath="@cls"/></xs:key>
              <xs:keyref name="MainType" refer="TypeKey"><xs:selector xpath="Device/Main"/><xs:field xpath="@type"/><xs:field xpath="@cls"/>
                </xs:keyref>
              <xs:keyref name="NodeType" refer="TypeKey"><xs:selector xpath="Device/Node"/><xs:field xpath="@type"/><xs:field xpath="@cls"/>
                </xs:keyref>
              </xs:element>
            </xs:schema>
            """;
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(xsd), SchemaLanguage.Xsd, SchemaReadLimits.Default);
        var (dir, path) = EngineFixtures.WriteSchemaFiles("fixed-keyref", new Dictionary<string, string> { ["schema.xsd"] = xsd });
        var files = EngineFixtures.XmlFiles(GenerationPlan.Create(repr, [], null), dir, seeds: 20, records: 4);
        Assert.Contains("""<Main type=""", string.Join("\n", files.Select(File.ReadAllText)));
        ExternalValidators.AssertXmllintValidQuietly(path, files);
    }

    /// <summary>A pattern on a type with a lexical space of its own is checked together with that space, and such a field
    /// under a key still gets distinct values: ONIX's <c>ResourceFileLink</c> (an anyURI restricted to <c>\S+</c>, in a
    /// unique) was refused ("unique values cannot be made"), as was an NCName with a pattern in a key. A small domain
    /// (<c>[a-z][0-9]</c>: 260 names) is used whole, and a pattern with no longest value (<c>[a-z]+</c>) makes distinct values too.</summary>
    [Fact]
    public void A_key_over_a_patterned_type_with_a_lexical_space_gets_distinct_values_of_both()
    {
        var xsd = $"""
            <?xml version="1.0"?>
            <xs:schema xmlns:xs="{Xs}">
              <xs:simpleType name="NonEmptyURI"><xs:restriction base="xs:anyURI"><xs:pattern value="\S+"/></xs:restriction></xs:simpleType>
              <xs:simpleType name="Code"><xs:restriction base="xs:NCName"><xs:pattern value=".[0-9]"/></xs:restriction></xs:simpleType>
              <xs:simpleType name="Small"><xs:restriction base="xs:NCName"><xs:pattern value="[a-z.][0-9]"/></xs:restriction></xs:simpleType>
              <xs:simpleType name="Tag"><xs:restriction base="xs:string"><xs:pattern value="[a-z]+"/></xs:restriction></xs:simpleType>
              <xs:element name="resources"><xs:complexType><xs:sequence>
                <xs:element name="resource" maxOccurs="unbounded"><xs:complexType><xs:sequence>
                  <xs:element name="link" type="NonEmptyURI"/></xs:sequence>
                  <xs:attribute name="code" type="Code" use="required"/><xs:attribute name="small" type="Small" use="required"/>
                  <xs:attribute name="tag" type="Tag" use="required"/>
                </xs:complexType></xs:element>
              </xs:sequence></xs:complexType>
                <xs:unique name="Links"><xs:selector xpath="resource"/><xs:field xpath="link"/></xs:unique>
                <xs:key name="Codes"><xs:selector xpath="resource"/><xs:field xpath="@code"/></xs:key>
                <xs:key name="Smalls"><xs:selector xpath="resource"/><xs:field xpath="@small"/></xs:key>
                <xs:key name="Tags"><xs:selector xpath="resource"/><xs:field xpath="@tag"/></xs:key>
              </xs:element>
            </xs:schema>
            """;
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(xsd), SchemaLanguage.Xsd, SchemaReadLimits.Default);
        var (dir, path) = EngineFixtures.WriteSchemaFiles("key-lexical", new Dictionary<string, string> { ["schema.xsd"] = xsd });
        var files = EngineFixtures.XmlFiles(GenerationPlan.Create(repr, [], null), dir, seeds: 5, records: 25);
        var resources = files.Select(System.Xml.Linq.XDocument.Load).SelectMany(d => d.Descendants("resource")).ToList();
        Assert.Equal(125, resources.Count);
        Assert.All(resources, r => Assert.Matches("^[a-z][0-9]$", r.Attribute("small")!.Value));
        ExternalValidators.AssertXmllintValidQuietly(path, files);
    }

    /// <summary>CDISC ODM: each symbol's translations are unique by <c>xml:lang</c>, an <c>xs:language</c> of 30 values here
    /// whose optional region made the pattern's domain "any", so the keys drew values that repeated ("de" twice). And
    /// XCCDF: an optional attribute with a default ("") in a unique counts as its default when absent, so two absent ones
    /// collided; it is always written.</summary>
    [Fact]
    public void Uniques_over_a_small_finite_pattern_and_over_an_attribute_with_a_default_hold()
    {
        var xsd = $"""
            <?xml version="1.0"?>
            <xs:schema xmlns:xs="{Xs}">
              <xs:element name="units"><xs:complexType><xs:sequence>
                <xs:element name="symbol" maxOccurs="unbounded"><xs:complexType><xs:sequence>
                  <xs:element name="text" maxOccurs="unbounded"><xs:complexType><xs:simpleContent><xs:extension base="xs:string">
                    <xs:attribute name="lang" type="xs:language"/></xs:extension></xs:simpleContent></xs:complexType></xs:element>
                  <xs:element name="default" maxOccurs="unbounded"><xs:complexType>
                    <xs:attribute name="selector" type="xs:string" default=""/></xs:complexType></xs:element>
                </xs:sequence></xs:complexType>
                  <xs:unique name="Lang"><xs:selector xpath="text"/><xs:field xpath="@lang"/></xs:unique>
                  <xs:unique name="Selector"><xs:selector xpath="default"/><xs:field xpath="@selector"/></xs:unique>
                </xs:element>
              </xs:sequence></xs:complexType></xs:element>
            </xs:schema>
            """;
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(xsd), SchemaLanguage.Xsd, SchemaReadLimits.Default);
        Assert.True(repr.Find("units.symbol[].default[].@selector")!.Required);
        var (dir, path) = EngineFixtures.WriteSchemaFiles("unique-language", new Dictionary<string, string> { ["schema.xsd"] = xsd });
        var files = EngineFixtures.XmlFiles(GenerationPlan.Create(repr, [], null), dir, seeds: 10, records: 10);
        var symbols = files.Select(System.Xml.Linq.XDocument.Load).SelectMany(d => d.Descendants("symbol")).ToList();
        Assert.Contains(symbols, s => s.Elements("text").Count(t => t.Attribute("lang") is not null) > 2);
        Assert.Contains(symbols, s => s.Elements("default").Count() > 2);
        ExternalValidators.AssertXmllintValidQuietly(path, files);
    }

    /// <summary>mzML: an <c>xs:IDREF</c> keyref to an <c>xs:ID</c> key checks each key value against its own type (the
    /// types differ), and the name types need a name table to parse in: the check threw NullReferenceException, which
    /// failed every dataset.</summary>
    [Fact]
    public void A_keyref_of_another_name_type_than_its_key_takes_key_values()
    {
        var xsd = $"""
            <?xml version="1.0"?>
            <xs:schema xmlns:xs="{Xs}">
              <xs:element name="run"><xs:complexType><xs:sequence>
                <xs:element name="spectrum" maxOccurs="unbounded"><xs:complexType>
                  <xs:attribute name="id" type="xs:ID" use="required"/></xs:complexType></xs:element>
                <xs:element name="scan" maxOccurs="unbounded"><xs:complexType>
                  <xs:attribute name="spectrumRef" type="xs:IDREF" use="required"/></xs:complexType></xs:element>
              </xs:sequence></xs:complexType>
                <xs:key name="SpectrumId"><xs:selector xpath="spectrum"/><xs:field xpath="@id"/></xs:key>
                <xs:keyref name="ScanSpectrum" refer="SpectrumId"><xs:selector xpath="scan"/><xs:field xpath="@spectrumRef"/></xs:keyref>
              </xs:element>
            </xs:schema>
            """;
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(xsd), SchemaLanguage.Xsd, SchemaReadLimits.Default);
        var (dir, path) = EngineFixtures.WriteSchemaFiles("keyref-idref", new Dictionary<string, string> { ["schema.xsd"] = xsd });
        var files = EngineFixtures.XmlFiles(GenerationPlan.Create(repr, [], null), dir, seeds: 10, records: 3);
        var documents = files.Select(System.Xml.Linq.XDocument.Load).ToList();
        Assert.All(documents, d => Assert.NotEmpty(d.Descendants("scan")));
        Assert.All(documents, d => Assert.Subset(d.Descendants("spectrum").Select(e => e.Attribute("id")!.Value).ToHashSet(),
            d.Descendants("scan").Select(e => e.Attribute("spectrumRef")!.Value).ToHashSet()));
        ExternalValidators.AssertXmllintValidQuietly(path, files);
    }

    /// <summary>The key on the root over every record: a reference may point into another record of the file.</summary>
    [Fact]
    public void A_two_field_keyref_across_records_matches_one_keys_tuple()
    {
        var xsd = $"""
            <xs:schema xmlns:xs="{Xs}">
              <xs:element name="Registry"><xs:complexType><xs:sequence>
                <xs:element name="Person" maxOccurs="unbounded"><xs:complexType><xs:sequence>
                  <xs:element name="country" type="xs:NCName"/><xs:element name="number" type="xs:int"/>
                  <xs:element name="parent" minOccurs="0" maxOccurs="2"><xs:complexType>
                    <xs:attribute name="country" type="xs:NCName" use="required"/><xs:attribute name="number" type="xs:int" use="required"/>
                  </xs:complexType></xs:element>
                </xs:sequence></xs:complexType></xs:element>
              </xs:sequence></xs:complexType>
              <xs:key name="PersonKey"><xs:selector xpath="Person"/><xs:field xpath="country"/><xs:field xpath="number"/></xs:key>
              <xs:keyref name="ParentRef" refer="PersonKey"><xs:selector xpath="Person/parent"/><xs:field xpath="@country"/>
                  <xs:field xpath="@number"/></xs:keyref>
              </xs:element>
            </xs:schema>
            """;
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(xsd), SchemaLanguage.Xsd, SchemaReadLimits.Default);
        var (dir, path) = EngineFixtures.WriteSchemaFiles("keyref-root", new Dictionary<string, string> { ["schema.xsd"] = xsd });
        var files = EngineFixtures.XmlFiles(GenerationPlan.Create(repr, [], null), dir, seeds: 30, records: 6);
        Assert.Contains("<parent", string.Join("\n", files.Select(File.ReadAllText)));
        ExternalValidators.AssertXmllintValidQuietly(path, files);
    }

    /// <summary>
    /// A key whose fields cannot be unique alone: a series letter (3 values) and a number 1..5 (5 values) identify a
    /// person across the records of a file; a phone is unique by kind (3) and slot (1..4) within its person. Only the
    /// combinations are unique (15 and 12 of them); parents name a person by both fields. The old engine made the
    /// number unique on its own and refused more than 5 records.
    /// </summary>
    private const string TupleKey = $"""
        <?xml version="1.0"?>
        <xs:schema xmlns:xs="{Xs}">
          <xs:simpleType name="Series"><xs:restriction base="xs:string"><xs:enumeration value="A"/><xs:enumeration value="B"/>
            <xs:enumeration value="C"/></xs:restriction></xs:simpleType>
          <xs:simpleType name="Number"><xs:restriction base="xs:int"><xs:minInclusive value="1"/><xs:maxInclusive value="5"/>
            </xs:restriction></xs:simpleType>
          <xs:element name="Registry"><xs:complexType><xs:sequence>
            <xs:element name="Person" maxOccurs="unbounded"><xs:complexType><xs:sequence>
              <xs:element name="series" type="Series"/><xs:element name="number" type="Number"/>
              <xs:element name="phone" minOccurs="0" maxOccurs="4"><xs:complexType>
                <xs:attribute name="kind" use="required"><xs:simpleType><xs:restriction base="xs:token"><xs:enumeration value="home"/>
                  <xs:enumeration value="work"/><xs:enumeration value="mobile"/></xs:restriction></xs:simpleType></xs:attribute>
                <xs:attribute name="slot" use="required"><xs:simpleType><xs:restriction base="xs:byte"><xs:minInclusive value="1"/>
                  <xs:maxInclusive value="4"/></xs:restriction></xs:simpleType></xs:attribute>
              </xs:complexType></xs:element>
              <xs:element name="parent" minOccurs="0" maxOccurs="2"><xs:complexType>
                <xs:attribute name="series" type="Series" use="required"/><xs:attribute name="number" type="Number" use="required"/>
              </xs:complexType></xs:element>
            </xs:sequence></xs:complexType>
            <xs:unique name="PhoneSlot"><xs:selector xpath="phone"/><xs:field xpath="@kind"/><xs:field xpath="@slot"/></xs:unique>
            </xs:element>
          </xs:sequence></xs:complexType>
          <xs:key name="PersonKey"><xs:selector xpath="Person"/><xs:field xpath="series"/><xs:field xpath="number"/></xs:key>
          <xs:keyref name="ParentRef" refer="PersonKey"><xs:selector xpath="Person/parent"/><xs:field xpath="@series"/>
              <xs:field xpath="@number"/></xs:keyref>
          </xs:element>
        </xs:schema>
        """;

    [Fact]
    public void A_key_over_fields_that_repeat_alone_makes_their_combination_unique_across_the_records_of_a_file()
    {
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(TupleKey), SchemaLanguage.Xsd, SchemaReadLimits.Default);
        Assert.Equal(["Registry.Person[].series", "Registry.Person[].number"], repr.Find("Registry.Person[].number")!.UniqueTuple);
        Assert.False(repr.Find("Registry.Person[].number")!.UniqueInDocument);
        var (dir, path) = EngineFixtures.WriteSchemaFiles("tuple-key", new Dictionary<string, string> { ["schema.xsd"] = TupleKey });
        var files = EngineFixtures.XmlFiles(GenerationPlan.Create(repr, [], null), dir, seeds: 30, records: 12);
        ExternalValidators.AssertXmllintValidQuietly(path, files);
        var repeatedNumbers = 0;
        var parents = 0;
        foreach (var file in files)
        {
            var doc = System.Xml.Linq.XDocument.Load(file);
            var people = doc.Root!.Elements("Person").Select(p => (p.Element("series")!.Value, p.Element("number")!.Value)).ToList();
            Assert.Equal(people.Count, people.Distinct().Count());
            if (people.Select(p => p.Item2).Distinct().Count() < people.Count) repeatedNumbers++;
            foreach (var parent in doc.Descendants("parent"))
            {
                Assert.Contains((parent.Attribute("series")!.Value, parent.Attribute("number")!.Value), people);
                parents++;
            }
            foreach (var person in doc.Root.Elements("Person"))
            {
                var phones = person.Elements("phone").Select(p => (p.Attribute("kind")!.Value, p.Attribute("slot")!.Value)).ToList();
                Assert.Equal(phones.Count, phones.Distinct().Count());
            }
        }
        Assert.Equal(files.Count, repeatedNumbers); // 12 people, 5 numbers: a number alone always repeats
        Assert.True(parents > 0);
        Assert.Contains("<phone", string.Join("\n", files.Select(File.ReadAllText)));
    }

    /// <summary>GraphML's shape: each node's data name a key of the graph, and a node's data never name the same key
    /// twice (a unique on the node over the keyref's field). Every record is a node; the keys are the file's.</summary>
    private static string KeyedData(string dataOccurs) => $"""
        <?xml version="1.0"?>
        <xs:schema xmlns:xs="{Xs}">
          <xs:element name="graph"><xs:complexType><xs:sequence>
            <xs:element name="key" minOccurs="0" maxOccurs="unbounded"><xs:complexType>
              <xs:attribute name="id" type="xs:NMTOKEN" use="required"/></xs:complexType></xs:element>
            <xs:element name="node" minOccurs="0" maxOccurs="unbounded"><xs:complexType><xs:sequence>
              <xs:element name="data" {dataOccurs}><xs:complexType><xs:simpleContent><xs:extension base="xs:string">
                <xs:attribute name="key" type="xs:NMTOKEN" use="required"/></xs:extension></xs:simpleContent></xs:complexType></xs:element>
              </xs:sequence></xs:complexType>
              <xs:unique name="NodeDataKey"><xs:selector xpath="data"/><xs:field xpath="@key"/></xs:unique>
            </xs:element>
          </xs:sequence></xs:complexType>
          <xs:key name="KeyId"><xs:selector xpath="key"/><xs:field xpath="@id"/></xs:key>
          <xs:keyref name="DataKey" refer="KeyId"><xs:selector xpath="node/data"/><xs:field xpath="@key"/></xs:keyref>
          </xs:element>
        </xs:schema>
        """;

    /// <summary>The old engine refused such a field ("unique cannot be combined with a template or reference"). A data
    /// whose node has used every key already is left out (it is optional).</summary>
    [Fact]
    public void A_keyref_field_that_a_unique_also_covers_takes_distinct_key_values_within_the_uniques_element()
    {
        var xsd = KeyedData("""minOccurs="0" maxOccurs="unbounded" """);
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(xsd), SchemaLanguage.Xsd, SchemaReadLimits.Default);
        var key = repr.Find("graph.node[].data[].@key")!;
        Assert.Equal(("graph.node", false), (key.DistinctScope, key.UniqueInDocument));
        var (dir, path) = EngineFixtures.WriteSchemaFiles("keyref-unique", new Dictionary<string, string> { ["schema.xsd"] = xsd });
        var files = EngineFixtures.XmlFiles(GenerationPlan.Create(repr, [], null), dir, seeds: 30, records: 4);
        ExternalValidators.AssertXmllintValidQuietly(path, files);
        // Some node names two keys or more: the distinct values are really drawn, not avoided.
        var docs = files.Select(f => System.Xml.Linq.XDocument.Load(f)).ToList();
        Assert.Contains(docs, d => d.Root!.Elements("node").Any(n => n.Elements("data").Count() >= 2));
    }

    /// <summary>References that uniques cover, as published standards declare them: a catalog's map of articles to
    /// groups keyed by both references (BMEcat), mappings whose From/To pair is unique in the set while From differs from
    /// To in each (SDD: two uniques over one field), document references by IDREF that a unique covers (Define-XML), and
    /// a keyref to the text of an element with attributes that a key also covers (IP-XACT's modeRef and its priority).
    /// The old engine refused each ("unique cannot be combined with a template or reference").</summary>
    private const string ReferencesUnderUniques = $"""
        <?xml version="1.0"?>
        <xs:schema xmlns:xs="{Xs}">
          <xs:element name="export"><xs:complexType><xs:sequence>
          <xs:element name="catalog"><xs:complexType><xs:sequence>
            <xs:element name="article" maxOccurs="unbounded"><xs:complexType>
              <xs:attribute name="aid" type="xs:token" use="required"/><xs:attribute name="doc" type="xs:ID" use="required"/></xs:complexType></xs:element>
            <xs:element name="group" maxOccurs="unbounded"><xs:complexType>
              <xs:attribute name="gid" type="xs:token" use="required"/></xs:complexType></xs:element>
            <xs:element name="map" minOccurs="0" maxOccurs="unbounded"><xs:complexType><xs:sequence>
              <xs:element name="artId" type="xs:token"/><xs:element name="groupId" type="xs:token"/></xs:sequence></xs:complexType></xs:element>
            <xs:element name="mappings" minOccurs="0"><xs:complexType><xs:sequence>
              <xs:element name="mapping" minOccurs="0" maxOccurs="unbounded"><xs:complexType><xs:sequence>
                <xs:element name="from"><xs:complexType><xs:attribute name="ref" type="xs:token" use="required"/></xs:complexType></xs:element>
                <xs:element name="to"><xs:complexType><xs:attribute name="ref" type="xs:token" use="required"/></xs:complexType></xs:element>
                </xs:sequence></xs:complexType>
                <xs:unique name="FromIsNotTo"><xs:selector xpath="from | to"/><xs:field xpath="@ref"/></xs:unique>
              </xs:element>
              </xs:sequence></xs:complexType>
              <xs:unique name="PairOnce"><xs:selector xpath="mapping"/><xs:field xpath="to/@ref"/><xs:field xpath="from/@ref"/></xs:unique>
            </xs:element>
            <xs:element name="docRef" minOccurs="0" maxOccurs="unbounded"><xs:complexType>
              <xs:attribute name="leaf" type="xs:IDREF" use="required"/></xs:complexType></xs:element>
            <xs:element name="featured" minOccurs="0" maxOccurs="unbounded"><xs:complexType><xs:simpleContent>
              <xs:extension base="xs:token"><xs:attribute name="priority" type="xs:int" use="required"/></xs:extension>
              </xs:simpleContent></xs:complexType></xs:element>
          </xs:sequence></xs:complexType>
          <xs:key name="ArticleKey"><xs:selector xpath="article"/><xs:field xpath="@aid"/></xs:key>
          <xs:key name="GroupKey"><xs:selector xpath="group"/><xs:field xpath="@gid"/></xs:key>
          <xs:keyref name="MapArticle" refer="ArticleKey"><xs:selector xpath="map"/><xs:field xpath="artId"/></xs:keyref>
          <xs:keyref name="MapGroup" refer="GroupKey"><xs:selector xpath="map"/><xs:field xpath="groupId"/></xs:keyref>
          <xs:key name="MapOnce"><xs:selector xpath="map"/><xs:field xpath="artId"/><xs:field xpath="groupId"/></xs:key>
          <xs:keyref name="MappingArticle" refer="ArticleKey"><xs:selector xpath="mappings/mapping/from | mappings/mapping/to"/>
            <xs:field xpath="@ref"/></xs:keyref>
          <xs:unique name="DocOnce"><xs:selector xpath="docRef"/><xs:field xpath="@leaf"/></xs:unique>
          <xs:keyref name="FeaturedArticle" refer="ArticleKey"><xs:selector xpath="featured"/><xs:field xpath="."/></xs:keyref>
          <xs:key name="FeaturedOnce"><xs:selector xpath="featured"/><xs:field xpath="."/></xs:key>
          </xs:element>
          </xs:sequence></xs:complexType></xs:element>
        </xs:schema>
        """;

    [Fact]
    public void References_that_a_unique_covers_alone_or_with_other_references_take_distinct_values()
    {
        var (_, files) = EngineFixtures.ValidXmlDocuments("references-under-uniques", ReferencesUnderUniques, "export", seeds: 30, records: 1);
        // Each kind of reference is really made, several to an element: the uniques are kept, not avoided.
        var docs = files.Select(f => System.Xml.Linq.XDocument.Load(f).Root!.Element("catalog")!).ToList();
        Assert.Contains(docs, d => d.Elements("map").Count() >= 2);
        Assert.Contains(docs, d => d.Element("mappings")?.Elements("mapping").Count() >= 2);
        Assert.Contains(docs, d => d.Elements("docRef").Count() >= 2);
        Assert.Contains(docs, d => d.Elements("featured").Count() >= 2);
    }

    /// <summary>Keys as published standards write them: a key on every child of a set (<c>set/*</c>) that its description
    /// child cannot satisfy (XTCE's MessageSet), a key whose element of one possible value repeats (OpenDRIVE's centre
    /// lane, id fixed at 0), a key on an optional child element (IP-XACT's banked maps), a keyref whose untyped field no
    /// typed key value equals (IP-XACT's portSlice, left out), a unique over a repeating choice one of whose alternatives has a fixed id (SDMX 2.1's
    /// dimensions and TIME_PERIOD), a key on an optional attribute (OpenDRIVE's outline ids), a unique over a union of
    /// names and a pattern (IEC 61850's P types) and an ID restricted by a pattern (NF-e's <c>NFe[0-9]{44}</c>). The old
    /// engine refused the first, refused the second for two records, wrote the fixed id's value in every member of the
    /// choice, left the attribute out, refused the union and wrote IDs of its own shape.</summary>
    private const string KeysAsPublished = $$"""
        <?xml version="1.0"?>
        <xs:schema xmlns:xs="{{Xs}}">
          <xs:element name="road"><xs:complexType><xs:sequence>
            <xs:element name="messages"><xs:complexType><xs:sequence>
              <xs:element name="description" type="xs:string" minOccurs="0"/>
              <xs:element name="message" maxOccurs="unbounded"><xs:complexType>
                <xs:attribute name="name" type="xs:token" use="required"/></xs:complexType></xs:element>
            </xs:sequence></xs:complexType></xs:element>
            <xs:element name="section" maxOccurs="3"><xs:complexType><xs:sequence>
              <xs:element name="centre"><xs:complexType><xs:sequence>
                <xs:element name="lane" maxOccurs="unbounded"><xs:complexType>
                  <xs:attribute name="id" type="xs:integer" fixed="0" use="required"/></xs:complexType></xs:element>
              </xs:sequence></xs:complexType></xs:element>
              <xs:element name="left"><xs:complexType><xs:sequence>
                <xs:element name="lane" maxOccurs="unbounded"><xs:complexType>
                  <xs:attribute name="id" type="xs:positiveInteger" use="required"/></xs:complexType></xs:element>
              </xs:sequence></xs:complexType></xs:element>
              <xs:element name="outline" minOccurs="0" maxOccurs="unbounded"><xs:complexType>
                <xs:attribute name="id" type="xs:nonNegativeInteger" use="optional"/></xs:complexType></xs:element>
              <xs:element name="dimensions"><xs:complexType><xs:sequence>
                <xs:element name="measure"><xs:complexType><xs:attribute name="id" type="xs:NCName" use="required"/></xs:complexType></xs:element>
                <xs:choice maxOccurs="unbounded">
                <xs:element name="dimension"><xs:complexType><xs:attribute name="id" type="xs:NCName" use="required"/></xs:complexType></xs:element>
                <xs:element name="time"><xs:complexType><xs:attribute name="id" type="xs:NCName" fixed="TIME_PERIOD"/></xs:complexType></xs:element>
                </xs:choice></xs:sequence></xs:complexType>
                <xs:unique name="DimensionId"><xs:selector xpath="measure | dimension | time"/><xs:field xpath="@id"/></xs:unique>
              </xs:element>
              <xs:element name="slice" minOccurs="0"><xs:complexType><xs:sequence>
                <xs:element name="messageRef"><xs:complexType><xs:attribute name="to" use="required"/></xs:complexType></xs:element>
              </xs:sequence></xs:complexType></xs:element>
              <xs:element name="block" minOccurs="0" maxOccurs="unbounded"><xs:complexType><xs:sequence>
                <xs:element name="name" type="xs:NCName" minOccurs="0"/></xs:sequence></xs:complexType></xs:element>
              <xs:element name="port" minOccurs="0" maxOccurs="unbounded"><xs:complexType>
                <xs:attribute name="type" use="required"><xs:simpleType><xs:union>
                  <xs:simpleType><xs:restriction base="xs:Name"><xs:enumeration value="Plug"/><xs:enumeration value="Cable"/></xs:restriction></xs:simpleType>
                  <xs:simpleType><xs:restriction base="xs:normalizedString"><xs:pattern value="[A-Z][0-9A-Za-z\-]*"/></xs:restriction></xs:simpleType>
                </xs:union></xs:simpleType></xs:attribute></xs:complexType></xs:element>
              </xs:sequence>
              <xs:attribute name="Id" use="required"><xs:simpleType><xs:restriction base="xs:ID">
                <xs:pattern value="NFe[0-9]{44}"/></xs:restriction></xs:simpleType></xs:attribute>
              </xs:complexType>
              <xs:key name="LaneId"><xs:selector xpath="*/lane"/><xs:field xpath="@id"/></xs:key>
              <xs:key name="OutlineId"><xs:selector xpath="outline"/><xs:field xpath="@id"/></xs:key>
              <xs:unique name="PortType"><xs:selector xpath="port"/><xs:field xpath="@type"/></xs:unique>
              <xs:key name="BlockName"><xs:selector xpath="block"/><xs:field xpath="name"/></xs:key>
            </xs:element>
          </xs:sequence></xs:complexType>
          <xs:key name="MessageName"><xs:selector xpath="messages/*"/><xs:field xpath="@name"/></xs:key>
          <xs:keyref name="SliceMessage" refer="MessageName"><xs:selector xpath="section/slice/messageRef"/><xs:field xpath="@to"/></xs:keyref>
          </xs:element>
        </xs:schema>
        """;

    [Fact]
    public void Keys_on_elements_that_cannot_hold_them_on_one_value_and_on_optional_attributes_and_patterned_ids_hold()
    {
        var (repr, files) = EngineFixtures.ValidXmlDocuments("keys-as-published", KeysAsPublished, "road", seeds: 12, records: 2);
        Assert.Null(repr.Find("road.messages.description"));
        Assert.Null(repr.Find("road.section[].slice"));
        var docs = files.Select(f => System.Xml.Linq.XDocument.Load(f).Root!).ToList();
        Assert.Contains(docs, d => d.Elements("section").Any(x => x.Elements("outline").Count() >= 2));
        Assert.Contains(docs, d => d.Elements("section").Count() >= 2);
        Assert.Contains(docs, d => d.Elements("section").Any(x => x.Elements("port").Count() >= 3));
        Assert.Contains(docs, d => d.Elements("section").Any(x => x.Elements("block").Count() >= 2));
    }

    /// <summary>Three data in every node, each naming its own key, with at most two keys in the graph: no document can
    /// hold a node, so making one is refused naming the field (and the data are never written with a repeated key).</summary>
    [Fact]
    public void A_keyref_field_that_must_take_more_distinct_values_than_keys_exist_is_refused()
    {
        var xsd = KeyedData("""minOccurs="3" maxOccurs="3" """).Replace("""name="key" minOccurs="0" maxOccurs="unbounded">""",
            """name="key" minOccurs="0" maxOccurs="2">""");
        Assert.Contains("""maxOccurs="2">""", xsd);
        var plan = GenerationPlan.Create(SchemaReader.Read(Encoding.UTF8.GetBytes(xsd), SchemaLanguage.Xsd, SchemaReadLimits.Default), [], null);
        var e = Assert.Throws<UnsatisfiableSchemaException>(() => EngineFixtures.Generate(plan,
            new GenerationOptions { Seed = 1, RecordCount = 2, Types = [OutputFormat.Xml] }));
        Assert.Contains("graph.node[].data[].@key", e.Message);
        Assert.Contains("keyref", e.Message);
    }

    /// <summary>XACML's Request: the keyref is in the root's own content (after the records) and its key values are
    /// made in the records: it takes the value of a record of the same file, whose optional key field is then always
    /// made. The old engine wrote a value no record had.</summary>
    [Fact]
    public void A_keyref_around_the_records_takes_a_key_value_made_in_a_record_of_the_file()
    {
        var xsd = $"""
            <?xml version="1.0"?>
            <xs:schema xmlns:xs="{Xs}">
              <xs:element name="Request"><xs:complexType><xs:sequence>
                <xs:element name="Entity" maxOccurs="unbounded"><xs:complexType><xs:sequence>
                  <xs:element name="value" type="xs:string"/></xs:sequence><xs:attribute name="Id" type="xs:NCName"/></xs:complexType></xs:element>
                <xs:element name="Multi" minOccurs="0"><xs:complexType><xs:sequence>
                  <xs:element name="Ref" maxOccurs="unbounded"><xs:complexType>
                    <xs:attribute name="Id" type="xs:NCName" use="required"/></xs:complexType></xs:element>
                </xs:sequence></xs:complexType></xs:element>
              </xs:sequence></xs:complexType>
              <xs:unique name="EntityId"><xs:selector xpath="Entity"/><xs:field xpath="@Id"/></xs:unique>
              <xs:keyref name="RefId" refer="EntityId"><xs:selector xpath="Multi/Ref"/><xs:field xpath="@Id"/></xs:keyref>
              </xs:element>
            </xs:schema>
            """;
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(xsd), SchemaLanguage.Xsd, SchemaReadLimits.Default);
        var (dir, path) = EngineFixtures.WriteSchemaFiles("keyref-envelope", new Dictionary<string, string> { ["schema.xsd"] = xsd });
        var files = EngineFixtures.XmlFiles(GenerationPlan.Create(repr, [], null), dir, seeds: 20, records: 3);
        Assert.Contains("<Ref", string.Join("\n", files.Select(File.ReadAllText)));
        ExternalValidators.AssertXmllintValidQuietly(path, files);
    }

    /// <summary>XLIFF's inline codes: the unique and the keyref are declared on each src, so an ept names a bpt of its own
    /// src, never one of another src of the same record; an ept whose src has no bpt leaves its optional rid out. The old
    /// engine took any bpt of the record (or made a value up).</summary>
    [Fact]
    public void A_keyref_takes_its_values_within_the_instance_of_the_element_that_declares_it()
    {
        var xsd = $"""
            <?xml version="1.0"?>
            <xs:schema xmlns:xs="{Xs}">
              <xs:element name="doc"><xs:complexType><xs:sequence>
                <xs:element name="unit" maxOccurs="unbounded"><xs:complexType><xs:sequence>
                  <xs:element name="src" maxOccurs="unbounded"><xs:complexType><xs:sequence>
                    <xs:element name="bpt" minOccurs="0" maxOccurs="unbounded"><xs:complexType>
                      <xs:attribute name="rid" type="xs:NMTOKEN" use="required"/></xs:complexType></xs:element>
                    <xs:element name="ept" minOccurs="0" maxOccurs="unbounded"><xs:complexType>
                      <xs:attribute name="rid" type="xs:NMTOKEN"/></xs:complexType></xs:element>
                    </xs:sequence></xs:complexType>
                    <xs:unique name="BptRid"><xs:selector xpath="bpt"/><xs:field xpath="@rid"/></xs:unique>
                    <xs:keyref name="EptRid" refer="BptRid"><xs:selector xpath="ept"/><xs:field xpath="@rid"/></xs:keyref>
                  </xs:element>
                </xs:sequence></xs:complexType></xs:element>
              </xs:sequence></xs:complexType></xs:element>
            </xs:schema>
            """;
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(xsd), SchemaLanguage.Xsd, SchemaReadLimits.Default);
        Assert.Equal("doc.unit[].src", repr.Find("doc.unit[].src[].ept[].@rid")!.ReferenceScope);
        var (dir, path) = EngineFixtures.WriteSchemaFiles("keyref-scope", new Dictionary<string, string> { ["schema.xsd"] = xsd });
        var files = EngineFixtures.XmlFiles(GenerationPlan.Create(repr, [], null), dir, seeds: 30, records: 3);
        Assert.Contains(files, f => System.Xml.Linq.XDocument.Load(f).Descendants("ept").Any(e => e.Attribute("rid") is not null));
        ExternalValidators.AssertXmllintValidQuietly(path, files);
    }

    /// <summary>A key field inside a recursion's nested copy is not the key's: XLIFF's selector <c>./seg-source/mrk</c>
    /// does not reach an <c>mrk</c> nested in another's <c>sub</c>, and a <c>graph</c> nested in a <c>hyperedge</c> keeps
    /// its nodes in its own key table (xmllint finds them twice from the outer graph). A keyref takes neither. Both were
    /// taken before (the sweep's XLIFF and GraphML cases failed for some seeds).</summary>
    [Fact]
    public void A_keyref_never_takes_a_key_value_from_a_nested_copy_of_the_keys_element_or_of_its_scope()
    {
        var xsd = $"""
            <?xml version="1.0"?>
            <xs:schema xmlns:xs="{Xs}">
              <xs:element name="doc"><xs:complexType><xs:sequence>
                <xs:element ref="graph" maxOccurs="3"/>
              </xs:sequence></xs:complexType></xs:element>
              <xs:element name="graph">
                <xs:complexType><xs:sequence>
                  <xs:element ref="mrk" maxOccurs="3"/>
                  <xs:element name="edge" minOccurs="0" maxOccurs="4"><xs:complexType><xs:sequence>
                    <xs:element ref="graph" minOccurs="0"/></xs:sequence>
                    <xs:attribute name="to" type="xs:NMTOKEN"/></xs:complexType></xs:element>
                </xs:sequence></xs:complexType>
                <xs:unique name="MrkId"><xs:selector xpath="mrk"/><xs:field xpath="@id"/></xs:unique>
                <xs:keyref name="EdgeTo" refer="MrkId"><xs:selector xpath="edge"/><xs:field xpath="@to"/></xs:keyref>
              </xs:element>
              <xs:element name="mrk"><xs:complexType><xs:sequence>
                <xs:element name="sub" minOccurs="0"><xs:complexType><xs:sequence>
                  <xs:element ref="mrk" minOccurs="0" maxOccurs="2"/></xs:sequence></xs:complexType></xs:element>
                </xs:sequence><xs:attribute name="id" type="xs:NMTOKEN" use="required"/></xs:complexType></xs:element>
            </xs:schema>
            """;
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(xsd), SchemaLanguage.Xsd, SchemaReadLimits.Default);
        var (dir, path) = EngineFixtures.WriteSchemaFiles("keyref-nested", new Dictionary<string, string> { ["schema.xsd"] = xsd });
        var files = EngineFixtures.XmlFiles(GenerationPlan.Create(repr, [], null), dir, seeds: 30, records: 3);
        var edges = files.SelectMany(f => System.Xml.Linq.XDocument.Load(f).Descendants("edge")).ToList();
        Assert.Contains(edges, e => e.Attribute("to") is not null);
        foreach (var edge in edges.Where(e => e.Attribute("to") is not null))
        {
            var graph = edge.Parent!;
            Assert.Contains(edge.Attribute("to")!.Value, graph.Elements("mrk").Select(m => m.Attribute("id")!.Value));
        }
        ExternalValidators.AssertXmllintValidQuietly(path, files);
    }

    /// <summary>CycloneDX's shape: one unique on <c>.//*</c> and <c>@bom-ref</c> covers the attribute of every element
    /// that has one (here a tool and a service around the records, and components nested in components). Each field
    /// made unique on its own gave two of them the same value: short values leave no room for a word before the key.</summary>
    [Fact]
    public void A_unique_over_the_attributes_of_many_elements_keeps_all_their_values_apart()
    {
        const string xsd = $"""
            <?xml version="1.0"?>
            <xs:schema xmlns:xs="{Xs}">
              <xs:simpleType name="Ref"><xs:restriction base="xs:string">
                <xs:minLength value="1"/><xs:maxLength value="14"/></xs:restriction></xs:simpleType>
              <xs:complexType name="Component"><xs:sequence>
                <xs:element name="components" minOccurs="0"><xs:complexType><xs:sequence>
                  <xs:element name="component" type="Component" maxOccurs="unbounded"/></xs:sequence></xs:complexType></xs:element>
                </xs:sequence><xs:attribute name="bom-ref" type="Ref"/></xs:complexType>
              <xs:element name="bom"><xs:complexType><xs:sequence>
                <xs:element name="tool" minOccurs="0" maxOccurs="unbounded"><xs:complexType>
                  <xs:attribute name="bom-ref" type="Ref"/></xs:complexType></xs:element>
                <xs:element name="service" minOccurs="0" maxOccurs="unbounded"><xs:complexType>
                  <xs:attribute name="bom-ref" type="Ref"/></xs:complexType></xs:element>
                <xs:element name="component" type="Component" maxOccurs="unbounded"/>
                </xs:sequence></xs:complexType>
                <xs:unique name="bom-ref"><xs:selector xpath=".//*"/><xs:field xpath="@bom-ref"/></xs:unique>
              </xs:element>
            </xs:schema>
            """;
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(xsd), SchemaLanguage.Xsd, SchemaReadLimits.Default);
        Assert.Equal("bom#bom-ref", repr.Find("bom.service[].@bom-ref")!.UniqueAmong);
        Assert.Equal("bom#bom-ref", repr.Find("bom.component[].@bom-ref")!.UniqueAmong);
        var (dir, path) = EngineFixtures.WriteSchemaFiles("unique-among", new Dictionary<string, string> { ["schema.xsd"] = xsd });
        var files = EngineFixtures.XmlFiles(GenerationPlan.Create(repr, [], null), dir, seeds: 30, records: 6);
        var owners = new HashSet<string>();
        foreach (var file in files)
        {
            var refs = System.Xml.Linq.XDocument.Load(file).Descendants().Where(e => e.Attribute("bom-ref") is not null).ToList();
            Assert.Equal(refs.Count, refs.Select(e => e.Attribute("bom-ref")!.Value).Distinct().Count());
            foreach (var e in refs) owners.Add(e.Parent?.Name.LocalName == "components" ? "nested" : e.Name.LocalName);
        }
        Assert.Equal(["component", "nested", "service", "tool"], owners.Order());
        ExternalValidators.AssertXmllintValidQuietly(path, files);
    }

    /// <summary>JSP's taglib: one unique over the names of its tags and tag files, which stand around the records (the
    /// functions), and whose type has a countable domain (permuted keys). The envelope's keys lie above the records', and
    /// the lanes first overflowed that offset: a tag and a tag file met on a key modulo the domain.</summary>
    [Fact]
    public void A_unique_over_two_elements_around_the_records_keeps_their_values_apart()
    {
        const string xsd = $"""
            <?xml version="1.0"?>
            <xs:schema xmlns:xs="{Xs}">
              <xs:complexType name="Named"><xs:sequence><xs:element name="name" type="xs:NMTOKEN"/></xs:sequence></xs:complexType>
              <xs:element name="taglib"><xs:complexType><xs:sequence>
                <xs:element name="tag" type="Named" minOccurs="0" maxOccurs="unbounded"/>
                <xs:element name="tag-file" type="Named" minOccurs="0" maxOccurs="unbounded"/>
                <xs:element name="function" type="Named" maxOccurs="unbounded"/>
                </xs:sequence></xs:complexType>
                <xs:unique name="tag-name"><xs:selector xpath="tag|tag-file"/><xs:field xpath="name"/></xs:unique>
              </xs:element>
            </xs:schema>
            """;
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(xsd), SchemaLanguage.Xsd, SchemaReadLimits.Default);
        var (dir, path) = EngineFixtures.WriteSchemaFiles("unique-around-records", new Dictionary<string, string> { ["schema.xsd"] = xsd });
        var plan = GenerationPlan.Create(repr, [], null);
        Assert.Equal("function", plan.RecordName);
        var files = EngineFixtures.XmlFiles(plan, dir, seeds: 30, records: 2);
        foreach (var file in files)
        {
            var names = System.Xml.Linq.XDocument.Load(file).Root!.Elements().Where(e => e.Name.LocalName is "tag" or "tag-file")
                .Select(e => e.Element("name")!.Value).ToList();
            Assert.Equal(names.Count, names.Distinct().Count());
        }
        ExternalValidators.AssertXmllintValidQuietly(path, files);
    }

    /// <summary>Garmin TCX: step ids of 1 to 20, unique within each workout over its steps and the steps nested in repeats.
    /// The ids were unique across the document, which 20 values cannot be, and a workout held up to 129 steps.</summary>
    [Fact]
    public void A_unique_of_a_small_domain_holds_within_each_instance_of_its_element()
    {
        const string xsd = $"""
            <?xml version="1.0"?>
            <xs:schema xmlns:xs="{Xs}">
              <xs:simpleType name="StepId"><xs:restriction base="xs:positiveInteger"><xs:maxInclusive value="6"/></xs:restriction></xs:simpleType>
              <xs:complexType name="Step"><xs:sequence><xs:element name="Id" type="StepId"/>
                <xs:element name="Child" type="Step" minOccurs="0" maxOccurs="unbounded"/></xs:sequence></xs:complexType>
              <xs:element name="Workouts"><xs:complexType><xs:sequence>
                <xs:element name="Workout" maxOccurs="unbounded"><xs:complexType><xs:sequence>
                  <xs:element name="Step" type="Step" maxOccurs="unbounded"/></xs:sequence></xs:complexType>
                  <xs:unique name="StepIds"><xs:selector xpath=".//*"/><xs:field xpath="Id"/></xs:unique>
                </xs:element></xs:sequence></xs:complexType></xs:element>
            </xs:schema>
            """;
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(xsd), SchemaLanguage.Xsd, SchemaReadLimits.Default);
        var (dir, path) = EngineFixtures.WriteSchemaFiles("unique-small-domain", new Dictionary<string, string> { ["schema.xsd"] = xsd });
        var files = EngineFixtures.XmlFiles(GenerationPlan.Create(repr, [], null), dir, seeds: 20, records: 5);
        var counts = new List<int>();
        foreach (var file in files)
            foreach (var workout in System.Xml.Linq.XDocument.Load(file).Descendants().Where(e => e.Name.LocalName == "Workout"))
            {
                var ids = workout.Descendants().Where(e => e.Name.LocalName == "Id").Select(e => e.Value).ToList();
                Assert.Equal(ids.Count, ids.Distinct().Count());
                counts.Add(ids.Count);
            }
        Assert.Contains(counts, c => c > 1);
        ExternalValidators.AssertXmllintValidQuietly(path, files);
    }

    [Fact]
    public void A_unique_of_a_small_domain_holds_within_each_instance_for_more_records_than_its_domain_has_values()
    {
        // SDMX's cube regions: at most two per constraint, unique by @include, a boolean.
        const string xsd = $"""
            <?xml version="1.0"?>
            <xs:schema xmlns:xs="{Xs}">
              <xs:element name="Constraints"><xs:complexType><xs:sequence>
                <xs:element name="Constraint" maxOccurs="unbounded"><xs:complexType><xs:sequence>
                  <xs:element name="Region" minOccurs="0" maxOccurs="2"><xs:complexType>
                    <xs:attribute name="include" type="xs:boolean" use="required"/></xs:complexType></xs:element>
                  </xs:sequence></xs:complexType>
                  <xs:unique name="Inclusion"><xs:selector xpath="Region"/><xs:field xpath="@include"/></xs:unique>
                </xs:element></xs:sequence></xs:complexType></xs:element>
            </xs:schema>
            """;
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(xsd), SchemaLanguage.Xsd, SchemaReadLimits.Default);
        var (dir, path) = EngineFixtures.WriteSchemaFiles("unique-boolean-per-instance", new Dictionary<string, string> { ["schema.xsd"] = xsd });
        var files = EngineFixtures.XmlFiles(GenerationPlan.Create(repr, [], null), dir, seeds: 5, records: 20);
        ExternalValidators.AssertXmllintValidQuietly(path, files);
        Assert.Contains(files, f => File.ReadAllText(f).Contains("include=\"true\"") && File.ReadAllText(f).Contains("include=\"false\""));
    }

    [Fact]
    public void A_key_field_of_a_union_of_patterned_types_is_not_made_unique_by_a_suffix_neither_member_allows()
    {
        // SDMX's version: legacy "1.0" or semantic "1.0.0"; "1.0-0" is neither.
        const string xsd = $"""
            <?xml version="1.0"?>
            <xs:schema xmlns:xs="{Xs}">
              <xs:simpleType name="Legacy"><xs:restriction base="xs:string"><xs:pattern value="(0|[1-9]\d*)(\.(0|[1-9]\d*))?"/></xs:restriction></xs:simpleType>
              <xs:simpleType name="Semantic"><xs:restriction base="xs:string"><xs:pattern value="(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"/></xs:restriction></xs:simpleType>
              <xs:simpleType name="Version"><xs:union memberTypes="Legacy Semantic"/></xs:simpleType>
              <xs:element name="Lists"><xs:complexType><xs:sequence>
                <xs:element name="List" maxOccurs="unbounded"><xs:complexType>
                  <xs:attribute name="id" type="xs:string" use="required"/>
                  <xs:attribute name="version" type="Version" use="required"/></xs:complexType></xs:element>
                </xs:sequence></xs:complexType>
                <xs:unique name="UniqueList"><xs:selector xpath="List"/><xs:field xpath="@id"/><xs:field xpath="@version"/></xs:unique>
              </xs:element>
            </xs:schema>
            """;
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(xsd), SchemaLanguage.Xsd, SchemaReadLimits.Default);
        var (dir, path) = EngineFixtures.WriteSchemaFiles("unique-union-version", new Dictionary<string, string> { ["schema.xsd"] = xsd });
        var files = EngineFixtures.XmlFiles(GenerationPlan.Create(repr, [], null), dir, seeds: 5, records: 5);
        ExternalValidators.AssertXmllintValidQuietly(path, files);
    }
}
