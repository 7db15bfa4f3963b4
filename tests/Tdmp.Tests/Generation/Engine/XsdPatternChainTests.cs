using System.Text;
using Tdmp.Generation.Schema;

namespace Tdmp.Tests.Generation.Engine;

/// <summary>
/// Patterns stacked by a chain of restrictions (SDMX's URN references: each step of the chain adds one, and a value must
/// match them all): values are made from their exact intersection when draws of one never meet the others, and a type
/// whose steps contradict each other is treated as one no document can hold. Every file validates with xmllint.
/// </summary>
public class XsdPatternChainTests
{
    private const string Xs = "http://www.w3.org/2001/XMLSchema";

    /// <summary>Three steps: a URN with one '=', an identifier before a version in parentheses, and one agency scheme.</summary>
    private const string Chain = """
          <xs:simpleType name="Urn"><xs:restriction base="xs:string">
            <xs:pattern value="urn:x:org\.x\.[a-z]+\.[A-Za-z]+=[^=]+"/></xs:restriction></xs:simpleType>
          <xs:simpleType name="VersionedUrn"><xs:restriction base="Urn">
            <xs:pattern value=".+=([A-Za-z][A-Za-z0-9_\-]*(\.[A-Za-z][A-Za-z0-9_\-]*)*):[^:]+\((0|[1-9]\d*)(\.(0|[1-9]\d*))?\)"/></xs:restriction></xs:simpleType>
          <xs:simpleType name="AgencySchemeUrn"><xs:restriction base="VersionedUrn">
            <xs:pattern value=".+\.base\.AgencyScheme=.+:AGENCIES\(1\.0\)"/></xs:restriction></xs:simpleType>
        """;

    [Fact]
    public void Patterns_of_every_step_that_draws_of_one_never_meet_are_intersected_exactly()
    {
        var xsd = $"""
            <?xml version="1.0"?>
            <xs:schema xmlns:xs="{Xs}">
            {Chain}
              <xs:element name="Schemes"><xs:complexType><xs:sequence>
                <xs:element name="Scheme" maxOccurs="unbounded"><xs:complexType>
                  <xs:attribute name="urn" type="AgencySchemeUrn" use="required"/></xs:complexType></xs:element>
              </xs:sequence></xs:complexType></xs:element>
            </xs:schema>
            """;
        var (_, files) = EngineFixtures.ValidXmlDocuments("pattern-chain", xsd, null, seeds: 10, records: 5);
        var urns = files.SelectMany(f => System.Xml.Linq.XDocument.Load(f).Descendants().Where(e => e.Name.LocalName == "Scheme"))
            .Select(e => e.Attribute("urn")!.Value).ToList();
        Assert.All(urns, u => Assert.Matches(@"^urn:x:org\.x\.base\.AgencyScheme=[A-Za-z][A-Za-z0-9_\-.]*:AGENCIES\(1\.0\)$", u));
        Assert.True(urns.Distinct().Count() > urns.Count / 2, $"the values hardly vary: {string.Join(", ", urns.Take(10))}");
    }

    /// <summary>One '=' in the URN, yet one step asks for a set's and another for a structure's before it.</summary>
    private const string Contradicting = """
          <xs:simpleType name="Urn"><xs:restriction base="xs:string"><xs:pattern value="urn:[a-z]+=[^=]+"/></xs:restriction></xs:simpleType>
          <xs:simpleType name="SetUrn"><xs:restriction base="Urn"><xs:pattern value=".+\.Set=.+"/></xs:restriction></xs:simpleType>
          <xs:simpleType name="StructureSetUrn"><xs:restriction base="SetUrn"><xs:pattern value=".+\.Structure=.+"/></xs:restriction></xs:simpleType>
        """;

    [Fact]
    public void A_type_whose_steps_contradict_each_other_leaves_its_alternative_out()
    {
        var xsd = $"""
            <?xml version="1.0"?>
            <xs:schema xmlns:xs="{Xs}">
            {Contradicting}
              <xs:element name="Attachments"><xs:complexType><xs:sequence>
                <xs:element name="Attachment" maxOccurs="unbounded"><xs:complexType><xs:choice>
                  <xs:element name="Set" type="StructureSetUrn"/>
                  <xs:element name="Provider" type="xs:NCName"/>
                </xs:choice></xs:complexType></xs:element>
              </xs:sequence></xs:complexType></xs:element>
            </xs:schema>
            """;
        var (_, files) = EngineFixtures.ValidXmlDocuments("pattern-chain-contradiction", xsd, null, seeds: 5, records: 5);
        Assert.All(files, f => Assert.DoesNotContain("<Set", File.ReadAllText(f)));
    }

    [Fact]
    public void A_required_element_of_a_type_whose_steps_contradict_each_other_is_refused_naming_it_and_its_patterns()
    {
        var xsd = $"""
            <xs:schema xmlns:xs="{Xs}">
            {Contradicting}
              <xs:element name="Attachment"><xs:complexType><xs:sequence>
                <xs:element name="Set" type="StructureSetUrn"/></xs:sequence></xs:complexType></xs:element>
            </xs:schema>
            """;
        var e = Assert.ThrowsAny<SchemaReadException>(() => SchemaReader.Read(Encoding.UTF8.GetBytes(xsd), SchemaLanguage.Xsd,
            SchemaReadLimits.Default));
        Assert.Contains("'Attachment.Set' can hold no value", e.Message);
        Assert.Contains(@".+\.Structure=.+", e.Message);
    }
}
