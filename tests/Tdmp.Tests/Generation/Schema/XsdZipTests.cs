using Tdmp.Generation.Schema;
using static Tdmp.Tests.Generation.Schema.SchemaText;

namespace Tdmp.Tests.Generation.Schema;

/// <summary>Several .xsd files uploaded as one zip: imports and includes resolve to files of the zip, like a catalog.</summary>
public class XsdZipTests
{
    private const string Main = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:o="urn:orders" xmlns:c="urn:common"
                   targetNamespace="urn:orders" elementFormDefault="qualified">
          <xs:import namespace="urn:common" schemaLocation="https://standards.example.org/2024/common.xsd"/>
          <xs:include schemaLocation="parts/order-types.xsd"/>
          <xs:element name="Order" type="o:OrderType"/>
        </xs:schema>
        """;

    private const string OrderTypes = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:o="urn:orders" xmlns:c="urn:common"
                   targetNamespace="urn:orders" elementFormDefault="qualified">
          <xs:import namespace="urn:common"/>
          <xs:complexType name="OrderType">
            <xs:sequence>
              <xs:element name="Amount" type="c:Money"/>
              <xs:element ref="c:Country"/>
            </xs:sequence>
          </xs:complexType>
        </xs:schema>
        """;

    private const string Common = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:common" elementFormDefault="qualified">
          <xs:simpleType name="Money"><xs:restriction base="xs:decimal"><xs:fractionDigits value="2"/></xs:restriction></xs:simpleType>
          <xs:element name="Country"><xs:simpleType><xs:restriction base="xs:string"><xs:length value="2"/></xs:restriction></xs:simpleType>
              </xs:element>
        </xs:schema>
        """;

    [Fact]
    public void Import_by_url_and_include_by_relative_path_resolve_inside_the_zip()
    {
        var zip = Zip(("main.xsd", Main), ("parts/order-types.xsd", OrderTypes), ("vendor/common.xsd", Common));
        Assert.Equal(SchemaLanguage.Xsd, SchemaReader.Sniff(zip));
        var repr = SchemaReader.Read(zip, null, SchemaReadLimits.Default);
        var root = Assert.Single(repr.Roots);
        Assert.Equal("Order", root.Path);
        Assert.Equal("urn:orders", repr.TargetNamespace);
        var amount = repr.Node("Order.Amount");
        Assert.Equal((NodeKind.Number, 2, "urn:orders"), (amount.Kind, amount.FractionDigits!.Value, amount.Namespace));
        var country = repr.Node("Order.Country");
        Assert.Equal(("urn:common", 2), (country.Namespace, country.MaxLength!.Value));
    }

    private static string Version(string number, string member) => $$"""
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:sign" elementFormDefault="qualified">
          <xs:element name="SignDocument">
            <xs:complexType><xs:sequence><xs:element name="{{member}}" type="xs:string"/></xs:sequence>
              <xs:attribute name="version" type="xs:string" fixed="{{number}}"/></xs:complexType>
          </xs:element>
        </xs:schema>
        """;

    /// <summary>gematik's connector tree holds <c>SignatureService.xsd</c> beside three <c>SignatureService_V7_x_y.xsd</c>, each
    /// declaring the same namespace: without <c>main</c> the documents came from whichever version the reader kept, and were
    /// invalid against the file the user meant. <c>main</c> names it, by its path in the zip or by the end of it.</summary>
    [Fact]
    public void Main_names_the_file_whose_documents_are_made_among_versions_of_one_namespace()
    {
        var zip = Zip(("conn/SignatureService.xsd", Version("7.5", "Current")), ("conn/SignatureService_V7_4_4.xsd", Version("7.4", "Old")));
        foreach (var main in new[] { "conn/SignatureService.xsd", "xsd/conn/SignatureService.xsd", "/conn/SignatureService.xsd" })
        {
            var repr = SchemaReader.Read(zip, null, SchemaReadLimits.Default, main: main);
            Assert.Equal("Current", Assert.Single(repr.Node("SignDocument").Children, c => !c.IsAttribute).Name);
            Assert.Equal("conn/SignatureService.xsd", repr.MainFile);
        }
        // The other version (without main, the reader keeps the first file of the clash).
        var old = SchemaReader.Read(zip, null, SchemaReadLimits.Default, main: "SignatureService_V7_4_4.xsd");
        Assert.Equal("Old", old.Node("SignDocument").Children.Single(c => !c.IsAttribute).Name);
        Assert.Equal("Current", SchemaReader.Read(zip, null, SchemaReadLimits.Default).Node("SignDocument").Children.Single(c => !c.IsAttribute).Name);
        // A root_path read again (a global element past the stored documents) reads from the same file.
        Assert.Equal("Old", SchemaReader.ReadForRoot(zip, old, "SignDocument", SchemaReadLimits.Default)
            .Node("SignDocument").Children.Single(c => !c.IsAttribute).Name);

        var missing = Assert.Throws<MainFileException>(() => SchemaReader.Read(zip, null, SchemaReadLimits.Default, main: "Signature.xsd"));
        Assert.Contains("no XSD file 'Signature.xsd'", missing.Message);
        Assert.Contains("conn/SignatureService.xsd, conn/SignatureService_V7_4_4.xsd", missing.Message);
        var several = Zip(("a/common.xsd", Common), ("b/common.xsd", Common));
        Assert.Contains("fits several XSD files", Assert.Throws<MainFileException>(() =>
            SchemaReader.Read(several, null, SchemaReadLimits.Default, main: "common.xsd")).Message);
    }

    [Fact]
    public void Missing_file_in_the_zip_is_named_in_the_message()
    {
        var zip = Zip(("main.xsd", Main), ("parts/order-types.xsd", OrderTypes));
        var e = Assert.Throws<SchemaReadException>(() => SchemaReader.Read(zip, null, SchemaReadLimits.Default));
        Assert.Contains(
            "'main.xsd' imports namespace 'urn:common' from 'https://standards.example.org/2024/common.xsd', which is not part of the upload",
            e.Message);
    }

    [Fact]
    public void An_import_whose_file_declares_another_namespace_is_refused_naming_both_not_left_to_a_file_of_attributes()
    {
        // COLLADA 1.4 as published imports "XML/2001/namespace" from the W3C's xml.xsd (whose namespace is XML/1998) and
        // uses xml:base: xmllint cannot compile it either. The xml.xsd beside it, a root once the import failed, holds
        // attributes only, so "no global element" would have hidden the real problem.
        const string main = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:scene" elementFormDefault="qualified">
              <xs:import namespace="http://www.w3.org/XML/2001/namespace" schemaLocation="http://www.w3.org/2001/03/xml.xsd"/>
              <xs:element name="scene"><xs:complexType><xs:attribute ref="xml:base"/></xs:complexType></xs:element>
            </xs:schema>
            """;
        const string xml = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.w3.org/XML/1998/namespace">
              <xs:attribute name="base" type="xs:anyURI"/>
            </xs:schema>
            """;
        var e = Assert.Throws<SchemaReadException>(() =>
            SchemaReader.Read(Zip(("collada.xsd", main), ("w3/xml.xsd", xml)), null, SchemaReadLimits.Default));
        Assert.Contains("'collada.xsd' imports namespace 'http://www.w3.org/XML/2001/namespace' from " +
            "'http://www.w3.org/2001/03/xml.xsd', but 'w3/xml.xsd' declares the target namespace 'http://www.w3.org/XML/1998/namespace'",
            e.Message);
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void A_file_nothing_imports_whose_own_import_is_missing_is_left_out_while_a_complete_root_stands()
    {
        // A published tree's spare file (GML 3.2.1's defaultStyle.xsd imports SMIL by URL): not what the upload is about.
        const string spare = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:style">
              <xs:import namespace="urn:smil" schemaLocation="http://schemas.example.org/smil/smil20.xsd"/>
              <xs:element name="Style" type="xs:string"/>
            </xs:schema>
            """;
        var repr = SchemaReader.Read(Zip(("main.xsd", Main), ("parts/order-types.xsd", OrderTypes), ("vendor/common.xsd", Common),
            ("style/defaultStyle.xsd", spare)), null, SchemaReadLimits.Default);
        Assert.Equal("Order", Assert.Single(repr.Roots).Path);
        // Every root incomplete: refused, naming the first missing schema.
        var e = Assert.Throws<SchemaReadException>(() => SchemaReader.Read(Zip(("main.xsd", Main), ("parts/order-types.xsd", OrderTypes),
            ("style/defaultStyle.xsd", spare)), null, SchemaReadLimits.Default));
        Assert.Contains("'main.xsd' imports namespace 'urn:common'", e.Message);
    }

    [Fact]
    public void Files_that_import_each_other_are_read_when_every_file_nothing_imports_is_incomplete()
    {
        // GML 3.2.1 and ISO 19139 import each other; the tree's only file that nothing imports, defaultStyle.xsd, imports
        // SMIL from a URL the zip does not hold.
        const string a = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:b="urn:b" targetNamespace="urn:a" elementFormDefault="qualified">
              <xs:import namespace="urn:b" schemaLocation="http://schemas.example.org/b/b.xsd"/>
              <xs:element name="Feature"><xs:complexType><xs:sequence><xs:element ref="b:Metadata" minOccurs="0"/>
                <xs:element name="Name" type="xs:string"/></xs:sequence></xs:complexType></xs:element>
            </xs:schema>
            """;
        const string b = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:a="urn:a" targetNamespace="urn:b" elementFormDefault="qualified">
              <xs:import namespace="urn:a" schemaLocation="http://schemas.example.org/a/a.xsd"/>
              <xs:element name="Metadata"><xs:complexType><xs:sequence><xs:element ref="a:Feature" minOccurs="0"/></xs:sequence>
                </xs:complexType></xs:element>
            </xs:schema>
            """;
        const string spare = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:a="urn:a" targetNamespace="urn:a">
              <xs:import namespace="urn:smil" schemaLocation="http://schemas.example.org/smil/smil20.xsd"/>
              <xs:element name="Style" type="xs:string"/>
            </xs:schema>
            """;
        var repr = SchemaReader.Read(Zip(("a/a.xsd", a), ("b/b.xsd", b), ("a/defaultStyle.xsd", spare)), null, SchemaReadLimits.Default);
        Assert.Contains(repr.Roots, r => r.Path == "Feature");
        Assert.DoesNotContain(repr.Roots, r => r.Path == "Style");
        // A root of another namespace is the upload's own main file: its missing import refuses the upload, cycle or not.
        var e = Assert.Throws<SchemaReadException>(() => SchemaReader.Read(Zip(("a/a.xsd", a), ("b/b.xsd", b),
            ("main.xsd", spare.Replace("targetNamespace=\"urn:a\"", "targetNamespace=\"urn:main\""))), null, SchemaReadLimits.Default));
        Assert.Contains("smil20.xsd', which is not part of the upload", e.Message);
        // Without a cycle, every root incomplete still refuses the upload (the test above).
    }

    /// <summary>LIDO imports the W3C's 2001/03/xml.xsd, and GML's SMIL, which it imports too, the 2001/xml.xsd: both
    /// declare xml:lang. Compiled together they clashed ("already declared"); the first import of a namespace is used
    /// for a later import of another copy, as xmllint does.</summary>
    [Fact]
    public void Two_copies_of_one_namespace_imported_by_different_files_are_read_once()
    {
        static string XmlCopy(string extra) => $"""
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.w3.org/XML/1998/namespace">
              <xs:attribute name="lang" type="xs:language"/>{extra}
            </xs:schema>
            """;
        const string smil = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:smil" elementFormDefault="qualified">
              <xs:import namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="http://www.w3.org/2001/xml.xsd"/>
              <xs:element name="animate"><xs:complexType><xs:attribute ref="xml:lang"/></xs:complexType></xs:element>
            </xs:schema>
            """;
        const string main = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:s="urn:smil" targetNamespace="urn:lido"
              elementFormDefault="qualified">
              <xs:import namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="http://www.w3.org/2001/03/xml.xsd"/>
              <xs:import namespace="urn:smil" schemaLocation="smil.xsd"/>
              <xs:element name="wrap"><xs:complexType><xs:sequence><xs:element ref="s:animate"/></xs:sequence>
                <xs:attribute ref="xml:lang" use="required"/></xs:complexType></xs:element>
            </xs:schema>
            """;
        var repr = SchemaReader.Read(Zip(("lido.xsd", main), ("smil.xsd", smil), ("www.w3.org/2001/03/xml.xsd", XmlCopy("")),
            ("www.w3.org/2001/xml.xsd", XmlCopy("""<xs:attribute name="space" type="xs:NCName"/>"""))), null, SchemaReadLimits.Default);
        Assert.Equal("wrap", repr.Roots[0].Name);
        Assert.Contains(repr.AllNodes(), n => n.Path == "wrap.@lang");
    }

    [Fact]
    public void Elements_used_by_ref_are_roots_a_root_path_may_name_but_not_the_default_document()
    {
        // SVG's svg nests in itself; SAML's EntityDescriptor is used by EntitiesDescriptor, which nests in itself too.
        var repr = ReadXsd("""
            <xs:element name="Entities"><xs:complexType><xs:choice maxOccurs="unbounded">
              <xs:element ref="Entity"/><xs:element ref="Entities"/></xs:choice></xs:complexType></xs:element>
            <xs:element name="Entity"><xs:complexType><xs:sequence><xs:element name="Id" type="xs:string"/></xs:sequence></xs:complexType>
              </xs:element>
            <xs:element name="Note" type="xs:string"/>
            <xs:element name="Batch"><xs:complexType><xs:sequence><xs:element ref="Note"/></xs:sequence></xs:complexType></xs:element>
            """);
        Assert.Equal(["Batch", "Entities", "Entity"], repr.Roots.Select(r => r.Path));
        Assert.Equal(1, repr.DocumentRoots);
        Assert.Equal("Batch", Tdmp.Generation.Engine.GenerationPlan.Create(repr, [], null).RecordName);
        Assert.Equal("Entity", Tdmp.Generation.Engine.GenerationPlan.Create(repr, [], "Entity").RecordName);
        // The repr as stored keeps which roots are documents.
        var stored = System.Text.Json.JsonSerializer.Deserialize<SchemaRepr>(System.Text.Json.JsonSerializer.Serialize(repr))!;
        Assert.Equal(1, stored.DocumentRoots);
    }

    [Fact]
    public void Elements_used_by_ref_are_offered_as_roots_while_they_add_up_to_the_node_budget()
    {
        // Batch is 1 node; A, B and C (members of a substitution group: used by ref) 3 each. With 7 nodes allowed one
        // tree, the parts may add up to 7: A and B.
        var repr = ReadXsd("""
            <xs:complexType name="T"><xs:sequence><xs:element name="v" type="xs:string"/><xs:element name="w" type="xs:int"/></xs:sequence>
              </xs:complexType>
            <xs:element name="Batch" type="xs:string"/>
            <xs:element name="Head" type="T" abstract="true"/>
            <xs:element name="A" type="T" substitutionGroup="Head"/><xs:element name="B" type="T" substitutionGroup="Head"/>
            <xs:element name="C" type="T" substitutionGroup="Head"/>
            """, SchemaReadLimits.Default with { MaxNodes = 7 });
        Assert.Equal(["Batch", "A", "B"], repr.Roots.Select(r => r.Path));
        Assert.Equal(1, repr.DocumentRoots);
    }

    [Fact]
    public void A_zip_of_two_standards_keeps_the_documents_of_each_file_whose_every_element_is_used_by_ref()
    {
        const string metadata = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:m="urn:md" targetNamespace="urn:md" elementFormDefault="qualified">
              <xs:element name="Entities"><xs:complexType><xs:choice maxOccurs="unbounded">
                <xs:element ref="m:Entity"/><xs:element ref="m:Entities"/></xs:choice></xs:complexType></xs:element>
              <xs:element name="Entity"><xs:complexType><xs:sequence><xs:element name="Id" type="xs:string"/></xs:sequence></xs:complexType>
                </xs:element>
            </xs:schema>
            """;
        const string protocol = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:protocol" elementFormDefault="qualified">
              <xs:element name="Response"><xs:complexType><xs:sequence><xs:element name="Status" type="xs:string"/></xs:sequence>
                </xs:complexType></xs:element>
            </xs:schema>
            """;
        var repr = SchemaReader.Read(Zip(("metadata.xsd", metadata), ("protocol.xsd", protocol)), null, SchemaReadLimits.Default);
        Assert.Equal(["Entities", "Entity", "Response"], repr.Roots.Select(r => r.Path).Order());
        Assert.Null(repr.DocumentRoots);
    }

    [Fact]
    public void A_whole_standard_of_hundreds_of_files_adding_up_to_megabytes_is_read()
    {
        // NeTEx's shape: 396 files and 6.5 MB, most of it documentation; over the 200 files and 5 MiB once allowed.
        var documentation = new string('x', 16_000);
        var parts = Enumerable.Range(0, 400).Select(i => ($"part/p{i}.xsd", $"""
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:n" xmlns="urn:n" elementFormDefault="qualified">
              <xs:element name="E{i}" type="xs:int"><xs:annotation><xs:documentation>{documentation}</xs:documentation></xs:annotation></xs:element>
            </xs:schema>
            """)).ToList();
        var main = $"""
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:n" xmlns="urn:n" elementFormDefault="qualified">
              {string.Concat(parts.Select(p => $"<xs:include schemaLocation=\"{p.Item1}\"/>"))}
              <xs:element name="Doc"><xs:complexType><xs:sequence>
                {string.Concat(Enumerable.Range(0, 400).Select(i => $"<xs:element ref=\"E{i}\" minOccurs=\"0\"/>"))}
              </xs:sequence></xs:complexType></xs:element>
            </xs:schema>
            """;
        var zip = Zip([("main.xsd", main), .. parts]);
        Assert.True(parts.Sum(p => p.Item2.Length) > 6_000_000);
        var repr = SchemaReader.Read(zip, null, SchemaReadLimits.Default);
        Assert.Equal(400, repr.Node("Doc").Children.Count);
    }

    [Fact]
    public void A_redefine_of_a_file_that_redefines_another_while_other_files_import_it_sees_both_redefinitions()
    {
        // CDISC's shape: ARM redefines Define-XML's extension of ODM, which redefines ODM, and Define-XML's own namespace
        // file imports ODM; the schema compiler declared ODM's group twice.
        const string odm = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="urn:odm" targetNamespace="urn:odm" elementFormDefault="qualified">
              <xs:group name="StudyExtension"><xs:sequence/></xs:group>
              <xs:simpleType name="Name"><xs:restriction base="xs:string"><xs:maxLength value="8"/></xs:restriction></xs:simpleType>
              <xs:element name="Study"><xs:complexType><xs:sequence>
                <xs:element name="OID" type="Name"/><xs:group ref="StudyExtension"/></xs:sequence></xs:complexType></xs:element>
            </xs:schema>
            """;
        const string defineNs = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:odm="urn:odm" targetNamespace="urn:def" elementFormDefault="qualified">
              <xs:import namespace="urn:odm" schemaLocation="../odm/odm.xsd"/>
              <xs:element name="Leaf" type="odm:Name"/>
            </xs:schema>
            """;
        const string defineExtension = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="urn:odm" xmlns:def="urn:def" targetNamespace="urn:odm"
                elementFormDefault="qualified">
              <xs:import namespace="urn:def" schemaLocation="define-ns.xsd"/>
              <xs:redefine schemaLocation="../odm/odm.xsd">
                <xs:group name="StudyExtension"><xs:sequence><xs:group ref="StudyExtension"/><xs:element ref="def:Leaf"/></xs:sequence></xs:group>
                <xs:simpleType name="Name"><xs:restriction base="Name"><xs:minLength value="3"/></xs:restriction></xs:simpleType>
              </xs:redefine>
            </xs:schema>
            """;
        const string arm = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="urn:odm" targetNamespace="urn:odm" elementFormDefault="qualified">
              <xs:redefine schemaLocation="../define/define-extension.xsd">
                <xs:group name="StudyExtension"><xs:sequence><xs:group ref="StudyExtension"/>
                  <xs:element name="Arm" type="xs:string"/></xs:sequence></xs:group>
              </xs:redefine>
            </xs:schema>
            """;
        var repr = SchemaReader.Read(Zip(("arm/arm.xsd", arm), ("define/define-extension.xsd", defineExtension),
            ("define/define-ns.xsd", defineNs), ("odm/odm.xsd", odm)), null, SchemaReadLimits.Default);
        var study = repr.Node("Study");
        Assert.Equal(["OID", "Leaf", "Arm"], repr.AllNodes().Where(n => n.Path.StartsWith("Study.") && !n.IsGroup).Select(n => n.Name));
        // The redefined simple type keeps the original's facets beside its own.
        Assert.Equal((3, 8), (repr.Node("Study.OID").MinLength, repr.Node("Study.OID").MaxLength));
        Assert.Equal("urn:odm", study.Namespace);
    }

    [Fact]
    public void A_redefine_of_a_component_the_file_does_not_declare_is_refused_by_name()
    {
        const string main = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              <xs:redefine schemaLocation="base.xsd">
                <xs:complexType name="Missing"><xs:complexContent><xs:extension base="Missing"/></xs:complexContent></xs:complexType>
              </xs:redefine>
              <xs:element name="doc" type="xs:string"/>
            </xs:schema>
            """;
        const string @base = """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:complexType name="Other"/></xs:schema>""";
        var e = Assert.Throws<SchemaReadException>(() => SchemaReader.Read(Zip(("main.xsd", main), ("base.xsd", @base)), null,
            SchemaReadLimits.Default));
        Assert.Contains("redefines type 'Missing', which that file does not declare", e.Message);
    }

    [Fact]
    public void Zip_without_xsd_files_is_refused()
    {
        var e = Assert.Throws<SchemaReadException>(() => SchemaReader.Read(Zip(("readme.txt", "hi")), null, SchemaReadLimits.Default));
        Assert.Contains("no .xsd file", e.Message);
    }

    [Fact]
    public void Import_of_the_xml_namespace_uses_the_built_in_schema()
    {
        var repr = ReadXsd("""
            <xs:import namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="http://www.w3.org/2001/xml.xsd"/>
            <xs:element name="Text"><xs:complexType><xs:simpleContent><xs:extension base="xs:string">
              <xs:attribute ref="xml:lang"/></xs:extension></xs:simpleContent></xs:complexType></xs:element>
            """.Replace("<xs:import", "<xs:import xmlns:xml=\"http://www.w3.org/XML/1998/namespace\""));
        Assert.Equal("http://www.w3.org/XML/1998/namespace", repr.Node("Text.@lang").Namespace);
    }

    [Fact]
    public void Files_that_include_each_other_are_read_once()
    {
        const string a = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
                <xs:include schemaLocation="b.xsd"/><xs:element name="A" type="BType"/></xs:schema>
            """;
        const string b = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
                <xs:include schemaLocation="a.xsd"/><xs:simpleType name="BType"><xs:restriction base="xs:int"/></xs:simpleType></xs:schema>
            """;
        var repr = SchemaReader.Read(Zip(("a.xsd", a), ("b.xsd", b)), null, SchemaReadLimits.Default);
        Assert.Equal(("A", "int"), (repr.Roots.Single().Path, repr.Roots[0].XsdType));
    }

    /// <summary>SOS 2.0: sos.xsd includes each operation's file, and each includes sos.xsd back, while the zip also holds
    /// files nothing imports (WS-Addressing). Those were the only roots, so the cycle was never compiled and no SOS element
    /// could be a document. One file of such a cycle (the one reaching most) is a root too.</summary>
    [Fact]
    public void Files_that_include_each_other_beside_a_file_nothing_imports_are_read()
    {
        const string sos = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:sos" xmlns="urn:sos" elementFormDefault="qualified">
                <xs:include schemaLocation="get.xsd"/><xs:element name="Capabilities" type="xs:string"/></xs:schema>
            """;
        const string get = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:sos" xmlns="urn:sos" elementFormDefault="qualified">
                <xs:include schemaLocation="sos.xsd"/><xs:element name="GetObservationResponse"><xs:complexType><xs:sequence>
                <xs:element name="observation" type="xs:string" maxOccurs="unbounded"/></xs:sequence></xs:complexType></xs:element>
            </xs:schema>
            """;
        const string addressing = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:wsa"><xs:element name="MessageID" type="xs:anyURI"/>
            </xs:schema>
            """;
        var repr = SchemaReader.Read(Zip(("addressing/ws-addr.xsd", addressing), ("sos/get.xsd", get), ("sos/sos.xsd", sos)), null,
            SchemaReadLimits.Default);
        Assert.Contains(repr.Roots, r => r.Path == "GetObservationResponse");
    }

    [Fact]
    public void Redefine_keeps_the_original_facets_and_adds_the_new_ones_and_extended_types_and_groups()
    {
        const string main = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              <xs:redefine schemaLocation="https://example.org/schemas/base.xsd">
                <xs:simpleType name="Code"><xs:restriction base="Code"><xs:maxLength value="3"/></xs:restriction></xs:simpleType>
                <xs:complexType name="Party"><xs:complexContent><xs:extension base="Party"><xs:sequence><xs:element name="vat" type="Code"/>
                    </xs:sequence></xs:extension></xs:complexContent></xs:complexType>
                <xs:group name="Extra"><xs:sequence><xs:group ref="Extra"/><xs:element name="note" type="xs:string"/></xs:sequence></xs:group>
              </xs:redefine>
              <xs:element name="C"><xs:complexType><xs:sequence><xs:element name="code" type="Code"/><xs:element name="party" type="Party"/>
                  <xs:group ref="Extra"/></xs:sequence></xs:complexType></xs:element>
            </xs:schema>
            """;
        const string baseXsd = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              <xs:simpleType name="Code"><xs:restriction base="xs:string"><xs:minLength value="1"/></xs:restriction></xs:simpleType>
              <xs:complexType name="Party"><xs:sequence><xs:element name="name" type="xs:string"/></xs:sequence></xs:complexType>
              <xs:group name="Extra"><xs:sequence><xs:element name="tag" type="xs:string"/></xs:sequence></xs:group>
            </xs:schema>
            """;
        var repr = SchemaReader.Read(Zip(("main.xsd", main), ("lib/base.xsd", baseXsd)), null, SchemaReadLimits.Default);
        var code = repr.Find("C.code")!;
        Assert.Equal((1, 3), (code.MinLength, code.MaxLength));
        Assert.Equal(["C.party.name", "C.party.vat"], repr.Find("C.party")!.Children.Select(c => c.Path));
        Assert.NotNull(repr.Find("C.tag"));
        Assert.NotNull(repr.Find("C.note"));
    }

    /// <summary>A zip of a whole published tree (gematik's connector services beside IHE's XACML profile): each brings its
    /// own copy of a shared namespace (HL7's datatypes, one through an include), so compiled together they declared the
    /// same type twice and the upload was refused. The root that pulls in most files is kept, and one that clashes with
    /// it is left out.</summary>
    [Fact]
    public void A_root_whose_copy_of_a_namespace_clashes_with_the_main_standards_is_left_out()
    {
        const string main = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:dt="urn:dt" targetNamespace="urn:m">
              <xs:import namespace="urn:dt" schemaLocation="../hl7/datatypes.xsd"/>
              <xs:element name="Card"><xs:complexType><xs:sequence><xs:element name="code" type="dt:CV"/></xs:sequence></xs:complexType></xs:element>
            </xs:schema>
            """;
        const string datatypes = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:dt">
              <xs:include schemaLocation="datatypes-base.xsd"/></xs:schema>
            """;
        const string datatypesBase = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:dt">
              <xs:complexType name="CV"><xs:attribute name="code" type="xs:token" use="required"/></xs:complexType></xs:schema>
            """;
        const string profile = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:dt="urn:dt" targetNamespace="urn:p">
              <xs:import namespace="urn:dt" schemaLocation="profile-datatypes.xsd"/>
              <xs:element name="Policy" type="dt:CV"/>
            </xs:schema>
            """;
        const string profileDatatypes = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:dt">
              <xs:complexType name="CV"><xs:attribute name="code" type="xs:string"/></xs:complexType></xs:schema>
            """;
        var repr = SchemaReader.Read(Zip(("conn/card.xsd", main), ("hl7/datatypes.xsd", datatypes), ("hl7/datatypes-base.xsd", datatypesBase),
            ("ihe/profile.xsd", profile), ("ihe/profile-datatypes.xsd", profileDatatypes)), null, SchemaReadLimits.Default);
        Assert.True(repr.Node("Card.code.@code").Required);
        Assert.DoesNotContain(repr.Roots, r => r.Name == "Policy");
    }

    /// <summary>SSML 1.1's core as QTI 2.2 imports it: the schema compiler read the redefine against the importing file's
    /// namespace, so it refused the restriction's "##other" wildcard as no subset of the original's, and put the
    /// declarations the redefine adds in the importing file's namespace.</summary>
    [Fact]
    public void A_redefine_in_an_imported_file_reads_its_wildcards_in_its_own_namespace()
    {
        const string main = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t" targetNamespace="urn:m">
              <xs:import namespace="urn:t" schemaLocation="t/core.xsd"/>
              <xs:element name="doc"><xs:complexType><xs:sequence><xs:element ref="t:speak"/><xs:element ref="t:mark"/></xs:sequence>
                </xs:complexType></xs:element>
            </xs:schema>
            """;
        const string core = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="urn:t" targetNamespace="urn:t" elementFormDefault="qualified">
              <xs:redefine schemaLocation="no-namespace.xsd">
                <xs:complexType name="speak"><xs:complexContent><xs:restriction base="speak">
                  <xs:sequence><xs:any namespace="##other" processContents="lax"/></xs:sequence>
                  <xs:attribute name="version" type="xs:string" use="required"/>
                  <xs:anyAttribute namespace="##other" processContents="lax"/>
                </xs:restriction></xs:complexContent></xs:complexType>
                <xs:complexType name="mark"><xs:complexContent><xs:extension base="mark">
                  <xs:sequence><xs:element name="note" type="xs:string"/></xs:sequence>
                  <xs:attribute name="name" type="xs:string" use="required" form="qualified"/>
                </xs:extension></xs:complexContent></xs:complexType>
              </xs:redefine>
            </xs:schema>
            """;
        const string noNamespace = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              <xs:complexType name="speak">
                <xs:sequence><xs:any namespace="##other" processContents="lax"/></xs:sequence>
                <xs:attribute name="version" type="xs:string"/>
                <xs:anyAttribute namespace="##other" processContents="lax"/>
              </xs:complexType>
              <xs:element name="speak" type="speak"/>
              <xs:complexType name="mark"><xs:sequence><xs:element name="text" type="xs:string"/></xs:sequence></xs:complexType>
              <xs:element name="mark" type="mark"/>
            </xs:schema>
            """;
        var repr = SchemaReader.Read(Zip(("main.xsd", main), ("t/core.xsd", core), ("t/no-namespace.xsd", noNamespace)), null,
            SchemaReadLimits.Default, document: "doc");
        var speak = repr.Node("doc.speak");
        Assert.True(repr.Node("doc.speak.@version").Required);
        Assert.Equal("urn:tdmp:extension", Assert.Single(speak.Children, c => !c.IsAttribute).Namespace);
        // Declarations the redefine adds are in its file's namespace where qualified (they had come out in urn:m).
        Assert.Equal(("urn:t", "urn:t", "urn:t"), (repr.Node("doc.mark").Namespace, repr.Node("doc.mark.note").Namespace,
            repr.Node("doc.mark.@name").Namespace));
        Assert.Null(repr.Node("doc.mark.text").Namespace);
    }

    [Fact]
    public void Chameleon_include_takes_the_including_namespace()
    {
        const string main = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="urn:m" targetNamespace="urn:m" elementFormDefault="qualified">
              <xs:include schemaLocation="common/codes.xsd"/>
              <xs:element name="Doc"><xs:complexType><xs:sequence><xs:element name="Code" type="Code"/></xs:sequence></xs:complexType></xs:element>
            </xs:schema>
            """;
        const string codes = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
                <xs:simpleType name="Code"><xs:restriction base="xs:string"><xs:length value="4"/></xs:restriction></xs:simpleType></xs:schema>
            """;
        var repr = SchemaReader.Read(Zip(("main.xsd", main), ("common/codes.xsd", codes)), null, SchemaReadLimits.Default);
        var code = repr.Node("Doc.Code");
        Assert.Equal(("urn:m", 4), (code.Namespace, code.MaxLength!.Value));
    }
}
