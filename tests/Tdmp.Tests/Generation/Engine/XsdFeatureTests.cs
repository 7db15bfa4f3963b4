using System.Text;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Schema;

namespace Tdmp.Tests.Generation.Engine;

/// <summary>Small XSDs, a few features each, read by the real reader: every XML file validates with xmllint.</summary>
public class XsdFeatureTests
{
    private const string Head = """<?xml version="1.0"?><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" """;

    public static TheoryData<string, string> Schemas => new()
    {
        { "unqualified locals in a target namespace", Head + """
            xmlns:t="urn:t" targetNamespace="urn:t" elementFormDefault="unqualified" attributeFormDefault="qualified">
            <xs:element name="Batch"><xs:complexType><xs:sequence><xs:element name="Item" maxOccurs="unbounded"><xs:complexType><xs:sequence>
            <xs:element name="Code"><xs:simpleType><xs:restriction base="xs:string"><xs:pattern value="[A-Z]{3}\d{2}"/></xs:restriction>
                </xs:simpleType></xs:element>
            </xs:sequence><xs:attribute name="flag" type="xs:boolean" use="required"/></xs:complexType></xs:element></xs:sequence></xs:complexType>
                </xs:element></xs:schema>
            """ },
        // VoiceXML's grammar rules: an ID whose pattern forbids hyphens, dots and colons (ids were "rule-r0-0").
        { "an ID type whose pattern forbids hyphens", Head + """
            >
            <xs:simpleType name="Id"><xs:restriction base="xs:ID"><xs:pattern value="[^.:\-]+"/></xs:restriction></xs:simpleType>
            <xs:element name="grammar"><xs:complexType><xs:sequence><xs:element name="rule" maxOccurs="unbounded"><xs:complexType>
                <xs:attribute name="id" type="Id" use="required"/><xs:attribute name="ref" type="xs:IDREF"/></xs:complexType></xs:element>
            </xs:sequence><xs:attribute name="id" type="Id"/></xs:complexType></xs:element></xs:schema>
            """ },
        // XSLT 2.0's QName: a Name restricted to "([^:]+:)?[^:]+". Names of people ("Avni Lux") match the pattern, not xs:Name.
        // OSGi Blueprint's scope: a union whose QName member's pattern asks for a prefix, which no unprefixed name matches.
        // A pattern of letters outside ASCII, which the type's ASCII name space never matches, decides alone.
        { "a pattern on a type with a lexical space of its own", Head + """
            >
            <xs:simpleType name="QName"><xs:restriction base="xs:Name"><xs:pattern value="([^:]+:)?[^:]+"/></xs:restriction></xs:simpleType>
            <xs:simpleType name="Token"><xs:restriction base="xs:NMTOKEN"><xs:pattern value="[^ab]+"/></xs:restriction></xs:simpleType>
            <xs:simpleType name="Word"><xs:restriction base="xs:NCName"><xs:pattern value="[à-ö]+"/></xs:restriction></xs:simpleType>
            <xs:simpleType name="Scope"><xs:union><xs:simpleType><xs:restriction base="xs:NMTOKEN"><xs:enumeration value="singleton"/>
                <xs:enumeration value="prototype"/></xs:restriction></xs:simpleType>
              <xs:simpleType><xs:restriction base="xs:QName"><xs:pattern value=".+:.+"/></xs:restriction></xs:simpleType></xs:union></xs:simpleType>
            <xs:element name="stylesheet"><xs:complexType><xs:sequence><xs:element name="param" maxOccurs="unbounded"><xs:complexType>
                <xs:attribute name="name" type="QName" use="required"/><xs:attribute name="title" type="Token" use="required"/>
                <xs:attribute name="scope" type="Scope"/><xs:attribute name="word" type="Word" use="required"/>
            </xs:complexType></xs:element></xs:sequence></xs:complexType></xs:element></xs:schema>
            """ },
        { "numeric facets", Head + """
            >
            <xs:element name="Rows"><xs:complexType><xs:sequence><xs:element name="Row" maxOccurs="unbounded"><xs:complexType><xs:sequence>
            <xs:element name="A"><xs:simpleType><xs:restriction base="xs:decimal"><xs:minExclusive value="-1.5"/><xs:maxExclusive value="2"/>
                <xs:totalDigits value="3"/><xs:fractionDigits value="2"/></xs:restriction></xs:simpleType></xs:element>
            <xs:element name="B" type="xs:byte"/><xs:element name="C" type="xs:unsignedLong"/><xs:element name="D" type="xs:negativeInteger"/>
            <xs:element name="E" type="xs:double"/><xs:element name="F" type="xs:duration"/><xs:element name="G" type="xs:gYearMonth"/>
                <xs:element name="H" type="xs:time"/>
            <xs:element name="I" type="xs:hexBinary"/><xs:element name="J" type="xs:base64Binary"/><xs:element name="K" type="xs:language"/>
                <xs:element name="L" type="xs:NMTOKEN"/>
            <xs:element name="M"><xs:simpleType><xs:restriction base="xs:date"><xs:minInclusive value="2030-01-01"/></xs:restriction></xs:simpleType>
                </xs:element>
            <xs:element name="O"><xs:simpleType><xs:restriction base="xs:date"><xs:minInclusive value="1990-01-01"/>
                <xs:maxInclusive value="1995-12-31"/></xs:restriction></xs:simpleType></xs:element>
            <xs:element name="P"><xs:simpleType><xs:restriction base="xs:dateTime"><xs:maxExclusive value="2001-01-01T00:00:00Z"/></xs:restriction>
                </xs:simpleType></xs:element>
            </xs:sequence></xs:complexType></xs:element></xs:sequence></xs:complexType></xs:element></xs:schema>
            """ },
        { "groups, lists, unions, nil, fixed", Head + """
            >
            <xs:element name="Root"><xs:complexType><xs:sequence><xs:element name="Rec" maxOccurs="unbounded"><xs:complexType><xs:sequence>
            <xs:choice minOccurs="1" maxOccurs="3"><xs:element name="X" type="xs:int"/><xs:element name="Y" type="xs:string"/></xs:choice>
            <xs:sequence minOccurs="0" maxOccurs="2"><xs:element name="P" type="xs:token"/><xs:element name="Q" type="xs:positiveInteger"/>
                </xs:sequence>
            <xs:element name="L"><xs:simpleType><xs:restriction><xs:simpleType><xs:list itemType="xs:int"/></xs:simpleType><xs:minLength value="2"/>
                <xs:maxLength value="3"/></xs:restriction></xs:simpleType></xs:element>
            <xs:element name="U"><xs:simpleType><xs:union memberTypes="xs:date xs:boolean"/></xs:simpleType></xs:element>
            <xs:element name="N" type="xs:date" nillable="true"/>
            </xs:sequence><xs:attribute name="v" type="xs:string" fixed="1"/><xs:attribute name="id" type="xs:ID" use="required"/>
                <xs:attribute name="ref" type="xs:IDREF"/><xs:attribute name="code" type="xs:short" use="required"/></xs:complexType></xs:element>
                </xs:sequence></xs:complexType>
            <xs:unique name="U1"><xs:selector xpath="Rec"/><xs:field xpath="@code"/></xs:unique></xs:element></xs:schema>
            """ },
        { "any, empty, untyped, mixed and substitution", Head + """
            >
            <xs:element name="Doc"><xs:complexType><xs:sequence><xs:element name="Entry" maxOccurs="unbounded"><xs:complexType><xs:sequence>
            <xs:element name="Anything" type="xs:anyType"/><xs:element name="Nothing"><xs:complexType/></xs:element><xs:element name="Untyped"/>
            <xs:element name="Flag"><xs:complexType><xs:attribute name="on" type="xs:boolean" default="false"/></xs:complexType></xs:element>
            <xs:element name="Text"><xs:complexType mixed="true"><xs:sequence><xs:element name="b" type="xs:string" minOccurs="0" maxOccurs="2"/>
                </xs:sequence></xs:complexType></xs:element>
            <xs:element ref="Shape"/>
            </xs:sequence></xs:complexType></xs:element></xs:sequence></xs:complexType></xs:element>
            <xs:element name="Shape" type="xs:string" abstract="true"/>
            <xs:element name="Circle" type="xs:string" substitutionGroup="Shape"/>
            <xs:element name="Square" type="xs:string" substitutionGroup="Shape"/>
            </xs:schema>
            """ },
    };

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Every_file_validates_with_xmllint(string feature, string xsd)
    {
        // The folder is named after the feature, so xmllint's messages say which case failed.
        var (dir, xsdPath) = EngineFixtures.WriteSchemaFiles("xsd-" + string.Concat(feature.Where(char.IsAsciiLetterOrDigit)),
            new Dictionary<string, string> { ["schema.xsd"] = xsd });
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(xsd), SchemaLanguage.Xsd, SchemaReadLimits.Default);
        var plan = GenerationPlan.Create(repr, [], null);
        var files = EngineFixtures.XmlFiles(plan, dir, seeds: 20, records: 15);
        ExternalValidators.AssertXmllintValid(xsdPath, files);
    }
}
