using Tdmp.Generation.Schema;
using static Tdmp.Tests.Generation.Schema.SchemaText;

namespace Tdmp.Tests.Generation.Schema;

/// <summary>XSD features, one small inline schema each.</summary>
public class XsdSchemaReaderTests
{
    private static SchemaNode Simple(string restriction, string baseType = "xs:string") =>
        ReadXsd($"""
            <xs:element name="v"><xs:simpleType><xs:restriction base="{baseType}">{restriction}</xs:restriction></xs:simpleType></xs:element>
            """).Roots[0];

    [Theory]
    [InlineData("byte", NodeKind.Integer, "-128", "127")]
    [InlineData("short", NodeKind.Integer, "-32768", "32767")]
    [InlineData("unsignedByte", NodeKind.Integer, "0", "255")]
    [InlineData("unsignedLong", NodeKind.Integer, "0", "18446744073709551615")]
    [InlineData("positiveInteger", NodeKind.Integer, "1", null)]
    [InlineData("nonNegativeInteger", NodeKind.Integer, "0", null)]
    [InlineData("negativeInteger", NodeKind.Integer, null, "-1")]
    [InlineData("nonPositiveInteger", NodeKind.Integer, null, "0")]
    [InlineData("integer", NodeKind.Integer, null, null)]
    [InlineData("decimal", NodeKind.Number, null, null)]
    [InlineData("double", NodeKind.Number, null, null)]
    [InlineData("boolean", NodeKind.Boolean, null, null)]
    [InlineData("date", NodeKind.Date, null, null)]
    [InlineData("dateTime", NodeKind.DateTime, null, null)]
    [InlineData("time", NodeKind.Time, null, null)]
    [InlineData("duration", NodeKind.Duration, null, null)]
    [InlineData("gYear", NodeKind.Date, null, null)]
    [InlineData("gMonthDay", NodeKind.Date, null, null)]
    [InlineData("token", NodeKind.String, null, null)]
    [InlineData("NCName", NodeKind.String, null, null)]
    [InlineData("language", NodeKind.String, null, null)]
    [InlineData("anyURI", NodeKind.String, null, null)]
    [InlineData("QName", NodeKind.String, null, null)]
    [InlineData("base64Binary", NodeKind.Binary, null, null)]
    [InlineData("hexBinary", NodeKind.Binary, null, null)]
    public void Built_in_types_map_to_a_kind_and_their_implied_bounds(string type, NodeKind kind, string? min, string? max)
    {
        var node = ReadXsd($"""<xs:element name="v" type="xs:{type}"/>""").Roots[0];
        Assert.Equal((kind, type), (node.Kind, node.XsdType));
        Assert.Equal(min is null ? null : decimal.Parse(min), node.Minimum);
        Assert.Equal(max is null ? null : decimal.Parse(max), node.Maximum);
    }

    [Fact]
    public void Built_in_list_types_are_lists_of_at_least_one_item()
    {
        var node = ReadXsd("""<xs:element name="v" type="xs:NMTOKENS"/>""").Roots[0];
        Assert.Equal(("NMTOKEN", 1), (node.ListItem!.XsdType, node.MinLength!.Value));
    }

    [Fact]
    public void Entity_types_are_refused_because_they_need_a_dtd()
    {
        Assert.Contains("xs:ENTITY, which needs DTD declarations",
            Refused(XsdOpen + """<xs:element name="v" type="xs:ENTITY"/></xs:schema>""").Message);
    }

    [Fact]
    public void Numeric_facets_are_read()
    {
        var node = Simple("""<xs:minExclusive value="-5"/><xs:maxInclusive value="99.5"/><xs:totalDigits value="4"/><xs:fractionDigits value="1"/>""",
            "xs:decimal");
        Assert.Equal((-5m, true, 99.5m, false, 4, 1),
            (node.Minimum!.Value, node.ExclusiveMinimum, node.Maximum!.Value, node.ExclusiveMaximum, node.TotalDigits!.Value,
                node.FractionDigits!.Value));
    }

    [Fact]
    public void Date_facets_stay_text()
    {
        var node = Simple("""<xs:minInclusive value="2000-01-01"/><xs:maxExclusive value="2030-01-01"/>""", "xs:date");
        Assert.Equal(("2000-01-01", "2030-01-01", true), (node.MinValue, node.MaxValue, node.ExclusiveMaximum));
        Assert.Null(node.Minimum);
    }

    [Fact]
    public void Length_facets_and_enumerations_are_read()
    {
        Assert.Equal((3, 3), (Simple("""<xs:length value="3"/>""").MinLength!.Value, Simple("""<xs:length value="3"/>""").MaxLength!.Value));
        var node = Simple("""<xs:minLength value="1"/><xs:maxLength value="9"/><xs:enumeration value="a"/><xs:enumeration value="bb"/>""");
        Assert.Equal((1, 9), (node.MinLength!.Value, node.MaxLength!.Value));
        Assert.Equal(["a", "bb"], node.Enum!);
    }

    [Fact]
    public void Patterns_of_one_step_are_alternatives_and_steps_stack()
    {
        var repr = ReadXsd("""
            <xs:simpleType name="Code"><xs:restriction base="xs:string"><xs:pattern value="[A-Z]+"/><xs:pattern value="[0-9]+"/></xs:restriction>
                </xs:simpleType>
            <xs:element name="v"><xs:simpleType><xs:restriction base="Code"><xs:pattern value=".{2}"/><xs:maxLength value="5"/></xs:restriction>
                </xs:simpleType></xs:element>
            """);
        var node = repr.Roots[0];
        Assert.Equal([".{2}", "([A-Z]+)|([0-9]+)"], node.Patterns!);
        Assert.Equal(("xsd", "string", 5), (node.PatternSyntax, node.XsdType, node.MaxLength!.Value));
    }

    [Fact]
    public void Derived_restriction_narrows_the_base_bounds()
    {
        var repr = ReadXsd("""
            <xs:simpleType name="Percent"><xs:restriction base="xs:int"><xs:minInclusive value="0"/><xs:maxInclusive value="100"/></xs:restriction>
                </xs:simpleType>
            <xs:element name="v"><xs:simpleType><xs:restriction base="Percent"><xs:maxInclusive value="50"/></xs:restriction></xs:simpleType>
                </xs:element>
            """);
        Assert.Equal((0m, 50m, "int"), (repr.Roots[0].Minimum!.Value, repr.Roots[0].Maximum!.Value, repr.Roots[0].XsdType));
    }

    [Fact]
    public void List_and_union_types_are_read()
    {
        var repr = ReadXsd("""
            <xs:simpleType name="Sizes"><xs:list itemType="xs:positiveInteger"/></xs:simpleType>
            <xs:element name="r"><xs:complexType><xs:sequence>
              <xs:element name="sizes"><xs:simpleType><xs:restriction base="Sizes"><xs:maxLength value="3"/></xs:restriction></xs:simpleType>
                  </xs:element>
              <xs:element name="when"><xs:simpleType><xs:union memberTypes="xs:date xs:gYear"/></xs:simpleType></xs:element>
            </xs:sequence></xs:complexType></xs:element>
            """);
        var sizes = repr.Node("r.sizes");
        Assert.Equal(("positiveInteger", 1m, 3), (sizes.ListItem!.XsdType, sizes.ListItem.Minimum!.Value, sizes.MaxLength!.Value));
        var when = repr.Node("r.when");
        Assert.Equal(["date", "gYear"], when.UnionMembers!.Select(m => m.XsdType));
        Assert.Equal(NodeKind.Date, when.Kind);
    }

    [Fact]
    public void Named_and_anonymous_complex_types_with_sequence_choice_and_all()
    {
        var repr = ReadXsd("""
            <xs:complexType name="Pair"><xs:all><xs:element name="x" type="xs:int"/><xs:element name="y" type="xs:int" minOccurs="0"/></xs:all>
                </xs:complexType>
            <xs:element name="r"><xs:complexType><xs:sequence>
              <xs:element name="p" type="Pair" maxOccurs="2"/>
              <xs:choice minOccurs="0" maxOccurs="unbounded"><xs:element name="a" type="xs:string"/><xs:sequence>
                  <xs:element name="b1" type="xs:string"/><xs:element name="b2" type="xs:string"/></xs:sequence></xs:choice>
              <xs:sequence minOccurs="0"><xs:element name="c" type="xs:string"/><xs:element name="d" type="xs:string"/></xs:sequence>
            </xs:sequence></xs:complexType></xs:element>
            """);
        Assert.Equal(["r.p", "r.(a|(b1,b2))", "r.(c,d)"], repr.Roots[0].Children.Select(c => c.Path));
        Assert.Equal(["r.p[].x", "r.p[].y"], repr.Node("r.p").Children.Select(c => c.Path));
        Assert.False(repr.Node("r.p[].y").Required);
        var choice = repr.Node("r.(a|(b1,b2))");
        Assert.Equal((NodeKind.Choice, true, 0, true), (choice.Kind, choice.IsGroup, choice.MinOccurs!.Value, choice.Unbounded));
        var pair = choice.Children[1];
        Assert.Equal(("r.(b1,b2)", NodeKind.Object, true), (pair.Path, pair.Kind, pair.IsGroup));
        Assert.Equal(["r.b1", "r.b2"], pair.Children.Select(c => c.Path));
        var optional = repr.Node("r.(c,d)");
        Assert.Equal((0, 1, false), (optional.MinOccurs!.Value, optional.MaxOccurs!.Value, optional.Required));
        Assert.True(repr.Node("r.c").Required); // required within its optional group
    }

    [Fact]
    public void Complex_extension_and_restriction_are_resolved()
    {
        var repr = ReadXsd("""
            <xs:complexType name="Base"><xs:sequence><xs:element name="a" type="xs:string"/><xs:element name="b" type="xs:string" minOccurs="0"/>
                </xs:sequence>
              <xs:attribute name="id" type="xs:int"/></xs:complexType>
            <xs:complexType name="Ext"><xs:complexContent><xs:extension base="Base"><xs:sequence><xs:element name="c" type="xs:int"/></xs:sequence>
              <xs:attribute name="extra" type="xs:string" use="required"/></xs:extension></xs:complexContent></xs:complexType>
            <xs:complexType name="Res"><xs:complexContent><xs:restriction base="Base"><xs:sequence><xs:element name="a" type="xs:string"/>
                </xs:sequence>
              <xs:attribute name="id" type="xs:int" use="required"/></xs:restriction></xs:complexContent></xs:complexType>
            <xs:element name="r"><xs:complexType><xs:sequence><xs:element name="e" type="Ext"/><xs:element name="s" type="Res"/></xs:sequence>
                </xs:complexType></xs:element>
            """);
        Assert.Equal(["id", "extra", "a", "b", "c"], repr.Node("r.e").Children.Select(c => c.Name));
        Assert.True(repr.Node("r.e.@extra").Required);
        Assert.Equal(["id", "a"], repr.Node("r.s").Children.Select(c => c.Name));
        Assert.True(repr.Node("r.s.@id").Required);
    }

    [Fact]
    public void Simple_content_restriction_adds_facets_to_the_base()
    {
        var repr = ReadXsd("""
            <xs:complexType name="Price"><xs:simpleContent><xs:extension base="xs:decimal"><xs:attribute name="cur" type="xs:string" default="EUR"/>
                </xs:extension></xs:simpleContent></xs:complexType>
            <xs:complexType name="SmallPrice"><xs:simpleContent><xs:restriction base="Price"><xs:maxInclusive value="10"/></xs:restriction>
                </xs:simpleContent></xs:complexType>
            <xs:element name="p" type="SmallPrice"/>
            """);
        var node = repr.Roots[0];
        Assert.Equal((NodeKind.Number, "decimal", 10m), (node.Kind, node.XsdType, node.Maximum!.Value));
        Assert.Equal(("p.@cur", "EUR", false), (node.Children[0].Path, node.Children[0].Default, node.Children[0].Required));
    }

    [Fact]
    public void Attributes_keep_use_default_fixed_and_qualified_namespace()
    {
        var repr = Read("""
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:a" xmlns="urn:a" attributeFormDefault="qualified">
              <xs:element name="r"><xs:complexType>
                <xs:attribute name="req" type="xs:string" use="required"/><xs:attribute name="def" type="xs:int" default="3"/>
                <xs:attribute name="fix" type="xs:string" fixed="x"/><xs:attribute name="gone" type="xs:string" use="prohibited"/>
              </xs:complexType></xs:element>
            </xs:schema>
            """);
        Assert.Equal(["req", "def", "fix"], repr.Roots[0].Children.Select(c => c.Name));
        Assert.Equal((true, "urn:a", true), (repr.Node("r.@req").Required, repr.Node("r.@req").Namespace, repr.Node("r.@req").IsAttribute));
        Assert.Equal("3", repr.Node("r.@def").Default);
        Assert.Equal("x", repr.Node("r.@fix").Fixed);
    }

    [Fact]
    public void Elements_without_target_namespace_or_unqualified_have_no_namespace()
    {
        var repr = Read("""
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:a">
              <xs:element name="r"><xs:complexType><xs:sequence><xs:element name="local" type="xs:string"/></xs:sequence></xs:complexType>
                  </xs:element>
            </xs:schema>
            """);
        Assert.Equal("urn:a", repr.Roots[0].Namespace);
        Assert.Null(repr.Node("r.local").Namespace); // elementFormDefault defaults to unqualified
    }

    [Fact]
    public void Nillable_and_mixed_are_kept_optional_wildcards_left_out_and_required_ones_filled_with_an_admitted_element()
    {
        var repr = ReadXsd("""
            <xs:element name="r"><xs:complexType mixed="true"><xs:sequence>
              <xs:element name="n" type="xs:int" nillable="true"/><xs:any namespace="##other" processContents="lax" minOccurs="0"/>
              <xs:element name="m" type="xs:int"/><xs:any namespace="##other" processContents="lax" maxOccurs="2"/>
                  <xs:any namespace="##local" processContents="skip"/>
            </xs:sequence></xs:complexType></xs:element>
            """);
        Assert.True(repr.Roots[0].Mixed);
        Assert.True(repr.Node("r.n").Nullable);
        var filled = repr.Roots[0].Children.Skip(2).ToList();
        Assert.Equal("r.m", repr.Roots[0].Children[1].Path); // the optional wildcard before it is gone
        Assert.Equal(2, filled.Count);
        Assert.Equal(("extension", "urn:tdmp:extension", 1, 2), (filled[0].Name, filled[0].Namespace, filled[0].MinOccurs, filled[0].MaxOccurs));
        Assert.Null(filled[1].Namespace); // ##local: unqualified
        Assert.DoesNotContain(repr.AllNodes(), n => n.Namespace?.StartsWith("##", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Strict_required_wildcard_takes_a_declared_element_of_an_admitted_namespace()
    {
        var repr = ReadXsd("""
            <xs:element name="r"><xs:complexType><xs:sequence><xs:any namespace="##targetNamespace" processContents="strict"/></xs:sequence>
                </xs:complexType></xs:element>
            <xs:element name="leaf" type="xs:date"/>
            """);
        var r = repr.Roots.Single(n => n.Name == "r");
        Assert.Equal(("leaf", NodeKind.Date), (r.Children[0].Name, r.Children[0].Kind));
    }

    [Fact]
    public void Optional_abstract_element_with_no_substitute_is_left_out_and_a_required_one_refused_naming_it()
    {
        var repr = ReadXsd("""
            <xs:element name="Ext" abstract="true"/>
            <xs:element name="r"><xs:complexType><xs:sequence><xs:element name="a" type="xs:string"/><xs:element ref="Ext" minOccurs="0"/>
                </xs:sequence></xs:complexType></xs:element>
            """);
        Assert.Equal(["r.a"], repr.Roots.Single(n => n.Name == "r").Children.Select(c => c.Path));
        var e = Refused(XsdOpen + """
            <xs:element name="Ext" abstract="true"/>
            <xs:element name="r"><xs:complexType><xs:sequence><xs:element ref="Ext"/></xs:sequence></xs:complexType></xs:element></xs:schema>
            """);
        Assert.Contains("'r.Ext' is required", e.Message);
        Assert.Contains("no element substitutes", e.Message);
    }

    [Fact]
    public void Required_recursion_that_never_ends_is_refused_naming_the_cycle_and_optional_recursion_is_a_marker()
    {
        var e = Refused(XsdOpen + """
            <xs:complexType name="Node"><xs:sequence><xs:element name="child" type="Node"/></xs:sequence></xs:complexType>
            <xs:element name="root" type="Node"/></xs:schema>
            """);
        // The type is re-entered by another element (child inside root): that is already the recursion.
        Assert.Contains("'root.child' is required and repeats 'root'", e.Message);
        Assert.Contains("root → root.child is required", e.Message);
        var repr = ReadXsd("""
            <xs:complexType name="Node"><xs:sequence><xs:element name="child" type="Node" minOccurs="0" maxOccurs="3"/></xs:sequence></xs:complexType>
            <xs:element name="root" type="Node"/>
            """);
        Assert.DoesNotContain(repr.AllNodes(), n => n.Truncated);
        var marker = Assert.Single(repr.AllNodes(), n => n.RecursesTo is not null);
        Assert.Equal(("root.child", "root"), (marker.Path, marker.RecursesTo));
        Assert.Equal((0, 3), (marker.MinOccurs!.Value, marker.MaxOccurs!.Value));
    }

    [Fact]
    public void Group_and_attribute_group_references_are_expanded()
    {
        var repr = ReadXsd("""
            <xs:group name="G"><xs:sequence><xs:element name="g1" type="xs:string"/><xs:element name="g2" type="xs:string"/></xs:sequence></xs:group>
            <xs:attributeGroup name="A"><xs:attribute name="at" type="xs:string"/></xs:attributeGroup>
            <xs:element name="r"><xs:complexType><xs:sequence><xs:group ref="G" maxOccurs="2"/></xs:sequence><xs:attributeGroup ref="A"/>
                </xs:complexType></xs:element>
            """);
        Assert.Equal(["r.@at", "r.(g1,g2)"], repr.Roots[0].Children.Select(c => c.Path));
        Assert.Equal(2, repr.Node("r.(g1,g2)").MaxOccurs);
    }

    [Fact]
    public void Substitution_group_is_a_choice_of_head_and_members()
    {
        var repr = ReadXsd("""
            <xs:element name="shape" type="xs:string" abstract="true"/>
            <xs:element name="circle" type="xs:string" substitutionGroup="shape"/>
            <xs:element name="square" type="xs:string" substitutionGroup="shape"/>
            <xs:element name="drawing"><xs:complexType><xs:sequence><xs:element ref="shape" maxOccurs="5"/></xs:sequence></xs:complexType>
                </xs:element>
            """);
        var root = Assert.Single(repr.Roots); // members and the head are building blocks, not documents
        Assert.Equal("drawing", root.Name);
        var choice = repr.Node("drawing.(circle|square)");
        Assert.Equal((NodeKind.Choice, 5), (choice.Kind, choice.MaxOccurs!.Value));
        Assert.Equal(["drawing.circle", "drawing.square"], choice.Children.Select(c => c.Path));
    }

    [Fact]
    public void A_name_a_content_model_declares_both_locally_and_as_a_substitute_is_left_out_of_it()
    {
        // MSBuild's ItemGroupType: a choice of ref="Item" and a local ResourceCompile, while a global ResourceCompile of
        // other content is in Item's substitution group. Validators disagree on which declaration such an element
        // follows (the rule they break is Element Declarations Consistent), so neither is made there.
        var repr = ReadXsd("""
            <xs:element name="Item" abstract="true"/>
            <xs:element name="Compile" type="xs:string" substitutionGroup="Item"/>
            <xs:element name="ResourceCompile" type="xs:int" substitutionGroup="Item"/>
            <xs:element name="ItemGroup"><xs:complexType><xs:choice maxOccurs="unbounded">
              <xs:element ref="Item"/>
              <xs:element name="ResourceCompile" type="xs:boolean"/>
              <xs:element name="Link" type="xs:boolean"/>
            </xs:choice></xs:complexType></xs:element>
            <xs:element name="Other"><xs:complexType><xs:sequence><xs:element ref="Item"/></xs:sequence></xs:complexType></xs:element>
            """);
        Assert.Equal(["ItemGroup.(Compile)", "ItemGroup.Link"], repr.Node("ItemGroup.(Item|ResourceCompile|Link)").Children.Select(c => c.Path));
        Assert.Equal(["ItemGroup.Compile"], repr.Node("ItemGroup.(Compile)").Children.Select(c => c.Path));
        // Where the name is declared once, the substitute stands.
        Assert.Equal(["Other.Compile", "Other.ResourceCompile"], repr.Node("Other.(Compile|ResourceCompile)").Children.Select(c => c.Path));
    }

    [Fact]
    public void Key_unique_and_keyref_mark_unique_fields_and_references()
    {
        var repr = ReadXsd("""
            <xs:element name="shop"><xs:complexType><xs:sequence>
              <xs:element name="product" maxOccurs="unbounded"><xs:complexType><xs:sequence><xs:element name="sku" type="xs:string"/></xs:sequence>
                <xs:attribute name="ean" type="xs:string"/></xs:complexType></xs:element>
              <xs:element name="order" maxOccurs="unbounded"><xs:complexType><xs:attribute name="sku" type="xs:string"/></xs:complexType></xs:element>
            </xs:sequence></xs:complexType>
              <xs:key name="Sku"><xs:selector xpath="product"/><xs:field xpath="sku"/></xs:key>
              <xs:unique name="Ean"><xs:selector xpath=".//product"/><xs:field xpath="@ean"/></xs:unique>
              <xs:keyref name="OrderSku" refer="Sku"><xs:selector xpath="order"/><xs:field xpath="@sku"/></xs:keyref>
            </xs:element>
            """);
        Assert.True(repr.Node("shop.product[].sku").UniqueInDocument);
        Assert.True(repr.Node("shop.product[].@ean").UniqueInDocument);
        Assert.Equal("shop.product[].sku", repr.Node("shop.order[].@sku").References);
        Assert.False(repr.Node("shop.order[].@sku").UniqueInDocument);
    }

    [Fact]
    public void Abstract_type_with_no_derived_type_is_refused()
    {
        var e = Refused(XsdOpen + """
            <xs:complexType name="T" abstract="true"><xs:sequence/></xs:complexType><xs:element name="r" type="T"/></xs:schema>
            """);
        Assert.Contains("abstract type 'T'", e.Message);
    }

    [Fact]
    public void A_document_that_cannot_be_made_is_left_out_while_another_can_be()
    {
        var repr = ReadXsd("""
            <xs:complexType name="T" abstract="true"><xs:sequence/></xs:complexType><xs:element name="r" type="T"/>
            <xs:element name="s"><xs:complexType><xs:sequence><xs:element name="v" type="xs:int"/></xs:sequence></xs:complexType></xs:element>
            """);
        Assert.Equal(["s"], repr.Roots.Select(r => r.Path));
    }

    [Fact]
    public void Documents_are_made_in_declaration_order_until_they_add_up_to_twice_the_node_limit()
    {
        // A main file of hundreds of global elements, each pulling in a whole standard (GML 3.2.1), is not read whole.
        var elements = string.Concat(Enumerable.Range(0, 40).Select(i => $"""
            <xs:element name="e{i:00}"><xs:complexType><xs:sequence>
              <xs:element name="a" type="xs:int"/><xs:element name="b" type="xs:int"/><xs:element name="c" type="xs:int"/>
            </xs:sequence></xs:complexType></xs:element>
            """));
        var repr = ReadXsd(elements, SchemaReadLimits.Default with { MaxNodes = 40 });
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"e{i:00}"), repr.Roots.Select(r => r.Path)); // 4 nodes each, up to 80
        Assert.Equal(40, ReadXsd(elements).Roots.Count);
        // A root_path naming one past the budget reads the upload again with that element made first.
        var again = SchemaReader.Read(System.Text.Encoding.UTF8.GetBytes(XsdOpen + elements + "</xs:schema>"), SchemaLanguage.Xsd,
            SchemaReadLimits.Default with { MaxNodes = 40 }, document: "e35");
        Assert.Equal(["e35", .. Enumerable.Range(0, 19).Select(i => $"e{i:00}")], again.Roots.Select(r => r.Path));
    }

    [Fact]
    public void Invalid_xsd_regex_is_reported_by_the_compiler()
    {
        Assert.Contains("does not compile", Refused(XsdOpen + """
            <xs:element name="v"><xs:simpleType><xs:restriction base="xs:string"><xs:pattern value="[a-"/></xs:restriction></xs:simpleType>
                </xs:element></xs:schema>
            """).Message);
    }

    [Fact]
    public void Xsd_regex_escapes_and_anchors_are_honoured_when_checking_values()
    {
        var regex = Tdmp.Generation.Regexes.SafeRegex.Compile(@"\i\c*$", Tdmp.Generation.Regexes.RegexDialect.Xsd, TimeSpan.FromSeconds(1));
        Assert.Matches(regex, "a-b$");
        Assert.DoesNotMatch(regex, "1ab$");
        Assert.DoesNotMatch(regex, "ab"); // $ is a literal character in XSD
    }

    [Fact]
    public void Global_elements_are_roots_in_document_order()
    {
        var repr = ReadXsd("""<xs:element name="b" type="xs:string"/><xs:element name="a" type="xs:int"/>""");
        Assert.Equal(["b", "a"], repr.Roots.Select(r => r.Path));
        Assert.All(repr.Roots, r => Assert.Null(r.MinOccurs));
    }

    [Fact]
    public void Untyped_any_typed_and_empty_elements_are_read()
    {
        var repr = ReadXsd("""
            <xs:element name="r"><xs:complexType><xs:sequence>
              <xs:element name="untyped"/><xs:element name="anything" type="xs:anyType"/>
              <xs:element name="empty"><xs:complexType/></xs:element>
              <xs:element name="flag"><xs:complexType><xs:attribute name="on" type="xs:boolean"/></xs:complexType></xs:element>
            </xs:sequence></xs:complexType></xs:element>
            """);
        Assert.Equal(NodeKind.Any, repr.Node("r.untyped").Kind);
        Assert.Equal(NodeKind.Any, repr.Node("r.anything").Kind);
        Assert.Equal((NodeKind.Object, 0), (repr.Node("r.empty").Kind, repr.Node("r.empty").Children.Count));
        Assert.Equal(NodeKind.Boolean, repr.Node("r.flag.@on").Kind);
    }

    [Fact]
    public void Schema_without_global_elements_is_refused()
    {
        Assert.Contains("declares no global element",
            Refused(XsdOpen + """<xs:simpleType name="T"><xs:restriction base="xs:string"/></xs:simpleType></xs:schema>""").Message);
    }

    [Fact]
    public void Idrefs_lists_reference_the_first_id()
    {
        var repr = ReadXsd("""
            <xs:element name="r"><xs:complexType><xs:sequence>
              <xs:element name="item" maxOccurs="unbounded"><xs:complexType><xs:attribute name="key" type="xs:ID"/></xs:complexType></xs:element>
              <xs:element name="links" type="xs:IDREFS"/>
            </xs:sequence></xs:complexType></xs:element>
            """);
        var links = repr.Node("r.links");
        Assert.Equal(("r.item[].@key", "r.item[].@key"), (links.References, links.ListItem!.References));
    }

    [Fact]
    public void Over_the_node_limit_the_depth_cut_leaves_out_optional_content_only_and_keeps_a_deep_required_chain()
    {
        // An optional part too wide to expand (4^6 elements, each level of anonymous types of its own, so nothing is shared)
        // forces the element-depth cut; beside it a required chain of nine elements (each of its own type, no recursion) lies
        // deeper than the depths the cut tries.
        static string Wide(int level) => string.Concat(Enumerable.Range(0, 4).Select(i => level == 5
            ? $"""<xs:element name="w{i}" type="xs:string" minOccurs="0"/>"""
            : $"""<xs:element name="w{i}" minOccurs="0"><xs:complexType><xs:sequence>{Wide(level + 1)}</xs:sequence></xs:complexType>"""
                + "</xs:element>"));
        var deep = string.Concat(Enumerable.Range(1, 8).Select(level => $$"""
            <xs:complexType name="D{{level}}"><xs:sequence>
              {{(level == 8 ? """<xs:element name="v" type="xs:string"/>""" : $"""<xs:element name="d" type="D{level + 1}"/>""")}}
            </xs:sequence></xs:complexType>
            """));
        var repr = ReadXsd(deep + $$"""
            <xs:element name="r"><xs:complexType><xs:sequence>
              <xs:element name="wide" minOccurs="0"><xs:complexType><xs:sequence>{{Wide(0)}}</xs:sequence></xs:complexType></xs:element>
              <xs:element name="deep" type="D1"/>
            </xs:sequence></xs:complexType></xs:element>
            """, new SchemaReadLimits { MaxNodes = 400 });
        Assert.Contains(repr.AllNodes(), n => n.Truncated && n.Path.StartsWith("r.wide.", StringComparison.Ordinal));
        Assert.Equal(NodeKind.String, repr.Node("r.deep.d.d.d.d.d.d.d.v").Kind);
    }
}
