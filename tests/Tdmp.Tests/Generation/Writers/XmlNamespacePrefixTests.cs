using Tdmp.Generation.Engine;
using Tdmp.Generation.Schema;
using Tdmp.Tests.Generation.Engine;
using static Tdmp.Tests.Generation.Schema.SchemaText;

namespace Tdmp.Tests.Generation.Writers;

/// <summary>XML documents name namespaces as the schema files do (UBL's <c>cbc:</c> and <c>cac:</c> under an Invoice in
/// the default namespace), not <c>ns0:</c>, <c>ns1:</c>; valid either way, but unlike every published instance.</summary>
public class XmlNamespacePrefixTests
{
    private static string MainSchema(string form) => $"""
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:o="urn:orders" xmlns:c="urn:common"
                   targetNamespace="urn:orders" elementFormDefault="{form}">
          <xs:import namespace="urn:common" schemaLocation="common.xsd"/>
          <xs:element name="Order">
            <xs:complexType>
              <xs:sequence>
                <xs:element name="Amount" type="xs:decimal"/>
                <xs:element ref="c:Country"/>
              </xs:sequence>
              <xs:attribute ref="c:lang" use="required"/>
            </xs:complexType>
          </xs:element>
        </xs:schema>
        """;

    // Binds "o", which the main file gave urn:orders, to urn:dup.
    private const string Common = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:c="urn:common" xmlns:o="urn:dup" targetNamespace="urn:common"
                   elementFormDefault="qualified">
          <xs:import namespace="urn:dup" schemaLocation="dup.xsd"/>
          <xs:element name="Country">
            <xs:complexType><xs:sequence><xs:element name="Code" type="xs:string"/><xs:element ref="o:Note"/></xs:sequence></xs:complexType>
          </xs:element>
          <xs:attribute name="lang" type="xs:language"/>
        </xs:schema>
        """;

    private const string Dup = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:dup" elementFormDefault="qualified">
          <xs:element name="Note" type="xs:string"/>
        </xs:schema>
        """;

    private static string Document(string form, string name)
    {
        var files = new Dictionary<string, string> { ["main.xsd"] = MainSchema(form), ["common.xsd"] = Common, ["dup.xsd"] = Dup };
        var repr = SchemaReader.Read(Zip(files), null, SchemaReadLimits.Default);
        var (dir, mainPath) = EngineFixtures.WriteSchemaFiles(name, files);
        var documents = EngineFixtures.XmlFiles(GenerationPlan.Create(repr, [], null), dir, seeds: 2, records: 1);
        ExternalValidators.AssertXmllintValidQuietly(mainPath, documents);
        return File.ReadAllText(documents[0]);
    }

    [Fact]
    public void Members_of_other_namespaces_take_the_schemas_prefixes_under_a_document_element_in_the_default_namespace()
    {
        var xml = Document("qualified", "prefixes-qualified");
        Assert.Contains("<Order xmlns=\"urn:orders\"", xml);
        Assert.Contains(" xmlns:c=\"urn:common\"", xml);
        Assert.Contains("<Amount>", xml);
        Assert.Contains("<c:Country><c:Code>", xml);
        Assert.Matches(" c:lang=\"[^\"]+\"", xml);
        // A prefix the schemas bind to two namespaces stays with the first; the other gets one of the writer's.
        Assert.Contains(" xmlns:ns0=\"urn:dup\"", xml);
        Assert.Contains("<ns0:Note>", xml);
    }

    [Fact]
    public void Elements_in_no_namespace_keep_the_default_namespace_undeclared_and_the_document_element_prefixed()
    {
        var xml = Document("unqualified", "prefixes-unqualified");
        Assert.DoesNotContain(" xmlns=", xml);
        Assert.Contains("<o:Order", xml);
        Assert.Contains("<Amount>", xml);
        Assert.Contains("<c:Country><c:Code>", xml);
    }
}
