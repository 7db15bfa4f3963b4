using System.Text;
using System.Xml.Linq;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Schema;
using Tdmp.Generation.Writers;
using Tdmp.Tests.Generation.RealWorld;
using Tdmp.Tests.Generation.Schema;

namespace Tdmp.Tests.Generation.Engine;

/// <summary>
/// An element of an abstract type is a choice among every non-abstract type derived from it (in other files and
/// namespaces, through abstract intermediate types, by extension and restriction, minus what <c>block</c> forbids), each
/// written with its <c>xsi:type</c>; substitution groups choose among every member, transitively. Over many records
/// every alternative appears, and xmllint validates every document without a word.
/// </summary>
public class XsdDerivedTypeChoiceTests
{
    private const string Xs = "http://www.w3.org/2001/XMLSchema";
    private const string Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    /// <summary>
    /// urn:base: the abstract <c>VehicleType</c> and the abstract head <c>AnyVehicle</c>. urn:ext (another file): three
    /// concrete derivations (CarType by extension, BikeType by extension of the abstract MotorType, TrailerType by
    /// restriction), a member that is itself an abstract head (Motor, with its member Bike), a member of the abstract
    /// type (Generic), and a head that blocks substitution (Wagon, whose member Caravan may never appear). Nothing derives
    /// from the abstract <c>LonelyType</c>.
    /// </summary>
    private static readonly Dictionary<string, string> Files = new()
    {
        ["base.xsd"] = $"""
            <?xml version="1.0"?>
            <xs:schema xmlns:xs="{Xs}" xmlns:b="urn:base" targetNamespace="urn:base">
              <xs:complexType name="VehicleType" abstract="true">
                <xs:sequence><xs:element name="name" type="xs:string" minOccurs="0"/></xs:sequence>
                <xs:attribute name="plate" type="xs:token" use="required"/>
              </xs:complexType>
              <xs:element name="AnyVehicle" type="b:VehicleType" abstract="true"/>
              <xs:complexType name="LonelyType" abstract="true"><xs:sequence><xs:element name="x" type="xs:int"/></xs:sequence></xs:complexType>
            </xs:schema>
            """,
        ["ext.xsd"] = $"""
            <?xml version="1.0"?>
            <xs:schema xmlns:xs="{Xs}" xmlns:b="urn:base" xmlns:e="urn:ext" targetNamespace="urn:ext">
              <xs:import namespace="urn:base" schemaLocation="base.xsd"/>
              <xs:complexType name="CarType"><xs:complexContent><xs:extension base="b:VehicleType">
                <xs:sequence><xs:element name="doors" type="xs:positiveInteger"/></xs:sequence>
              </xs:extension></xs:complexContent></xs:complexType>
              <xs:complexType name="MotorType" abstract="true"><xs:complexContent><xs:extension base="b:VehicleType">
                <xs:attribute name="cc" type="xs:positiveInteger"/>
              </xs:extension></xs:complexContent></xs:complexType>
              <xs:complexType name="BikeType"><xs:complexContent><xs:extension base="e:MotorType">
                <xs:sequence><xs:element name="helmets" type="xs:nonNegativeInteger"/></xs:sequence>
              </xs:extension></xs:complexContent></xs:complexType>
              <xs:complexType name="TrailerType"><xs:complexContent><xs:restriction base="b:VehicleType">
                <xs:attribute name="plate" type="xs:token" use="required"/>
              </xs:restriction></xs:complexContent></xs:complexType>
              <xs:element name="Car" type="e:CarType" substitutionGroup="b:AnyVehicle"/>
              <xs:element name="Motor" type="e:MotorType" abstract="true" substitutionGroup="b:AnyVehicle"/>
              <xs:element name="Bike" type="e:BikeType" substitutionGroup="e:Motor"/>
              <xs:element name="Generic" type="b:VehicleType" substitutionGroup="b:AnyVehicle"/>
              <xs:element name="Wagon" type="e:TrailerType" substitutionGroup="b:AnyVehicle" block="substitution"/>
              <xs:element name="Caravan" type="e:TrailerType" substitutionGroup="e:Wagon"/>
            </xs:schema>
            """,
        ["main.xsd"] = $"""
            <?xml version="1.0"?>
            <xs:schema xmlns:xs="{Xs}" xmlns:b="urn:base" targetNamespace="urn:doc" elementFormDefault="qualified">
              <xs:import namespace="urn:base" schemaLocation="base.xsd"/>
              <xs:import namespace="urn:ext" schemaLocation="ext.xsd"/>
              <xs:element name="Fleet"><xs:complexType><xs:sequence>
                <xs:element name="Unit" maxOccurs="unbounded"><xs:complexType><xs:sequence>
                  <xs:element name="vehicle" type="b:VehicleType"/>
                  <xs:element name="spare" type="b:VehicleType" minOccurs="0" maxOccurs="3"/>
                  <xs:element name="noRestriction" type="b:VehicleType" block="restriction" minOccurs="0"/>
                  <xs:element ref="b:AnyVehicle" maxOccurs="2"/>
                  <xs:element name="lonely" type="b:LonelyType" minOccurs="0"/>
                </xs:sequence></xs:complexType></xs:element>
              </xs:sequence></xs:complexType></xs:element>
            </xs:schema>
            """,
    };

    private static readonly string[] Derived = ["CarType", "BikeType", "TrailerType"];

    [Fact]
    public void An_element_of_an_abstract_type_is_a_choice_among_every_derived_type()
    {
        var repr = Read();
        var alternatives = repr.FindAll("Fleet.Unit[].vehicle").ToList();
        Assert.Equal(["CarType", "TrailerType", "BikeType"], alternatives.Select(a => a.XsiType)); // closest derivation first
        Assert.Equal(["urn:ext", "urn:ext", "urn:ext"], alternatives.Select(a => a.XsiTypeNamespace));
        Assert.All(alternatives, a => Assert.Equal(a.XsiType, a.Children[0].Fixed)); // the @xsi:type attribute json and csv carry
        // block="restriction" on the element leaves the extensions only.
        Assert.Equal(["CarType", "BikeType"], repr.FindAll("Fleet.Unit[].noRestriction").Select(a => a.XsiType));
        Assert.NotNull(alternatives[0].Children.SingleOrDefault(c => c.Name == "doors")); // the extension's own fields
        Assert.DoesNotContain(alternatives[1].Children, c => c.Name == "name"); // restricted away
        Assert.Null(repr.Find("Fleet.Unit[].lonely")); // optional, and no type derives from LonelyType: left out
    }

    [Fact]
    public void Every_derived_type_and_every_allowed_substitute_appears_and_every_document_validates()
    {
        var (dir, mainPath) = EngineFixtures.WriteSchemaFiles("derived-types", Files);
        var files = EngineFixtures.XmlFiles(GenerationPlan.Create(Read(), [], null), dir, seeds: 20, records: 6);
        ExternalValidators.AssertXmllintValidQuietly(mainPath, files);

        var typesOf = new Dictionary<string, HashSet<string>>();
        var members = new HashSet<string>();
        foreach (var file in files)
            foreach (var e in XDocument.Load(file).Descendants())
            {
                if (e.Name.Namespace == "urn:ext" || e.Name.Namespace == "urn:base") members.Add(e.Name.LocalName);
                if (e.Attribute(XName.Get("type", Xsi)) is not { } type) continue;
                var colon = type.Value.IndexOf(':');
                Assert.True(colon > 0, $"xsi:type '{type.Value}' has no prefix");
                Assert.Equal("urn:ext", e.GetNamespaceOfPrefix(type.Value[..colon])?.NamespaceName);
                if (!typesOf.TryGetValue(e.Name.LocalName, out var set)) typesOf[e.Name.LocalName] = set = [];
                set.Add(type.Value[(colon + 1)..]);
            }
        Assert.Equal(Derived.Order(), typesOf["vehicle"].Order());
        Assert.Equal(Derived.Order(), typesOf["spare"].Order());
        Assert.Equal(["BikeType", "CarType"], typesOf["noRestriction"].Order());
        Assert.Equal(Derived.Order(), typesOf["Generic"].Order()); // a substitute of the abstract type names its type too
        // Through the member that is itself an abstract head (Bike via Motor); never the abstract ones, nor what Wagon blocks.
        Assert.Equal(["Bike", "Car", "Generic", "Wagon"], members.Order());
    }

    [Fact]
    public void Json_csv_and_sql_say_which_derived_type_each_element_is()
    {
        var plan = GenerationPlan.Create(Read(), [], null);
        var (sink, result) = EngineFixtures.Generate(plan,
            new GenerationOptions { Seed = 5, RecordCount = 40, Types = [OutputFormat.Json, OutputFormat.Csv, OutputFormat.Sql] });
        var json = sink.Text(result.Files.First(f => f.Format == OutputFormat.Json).Name);
        foreach (var type in Derived) Assert.Contains($"\"@xsi:type\":\"{type}\"", json.Replace(" ", ""));
        var layout = RecordTableLayout.For(plan, null);
        var vehicleColumn = layout.Tables[0].Columns.Single(c => c.Name == "vehicle.@xsi:type");
        var csvFile = result.Files.First(f => f.Name.EndsWith($"{layout.Tables[0].Name}.csv", StringComparison.Ordinal));
        var rows = CsvReader.Parse(sink.Text(csvFile.Name));
        var index = rows[0].IndexOf(vehicleColumn.Name);
        Assert.Equal(Derived.Order(), rows.Skip(1).Select(r => r[index]).Distinct().Order());
        var sqlPath = Path.Combine(EngineFixtures.TempDirectory("derived-sql"), "all.sql");
        File.WriteAllText(sqlPath, sink.Text(result.Files.First(f => f.Format == OutputFormat.Sql).Name));
        var counted = ExternalValidators.WithDatabase(db =>
        {
            ExternalValidators.Psql(db, file: sqlPath);
            return ExternalValidators.Psql(db,
                $"SELECT count(DISTINCT \"{vehicleColumn.SqlName}\") FROM \"{layout.Tables[0].Name}\";");
        });
        Assert.Equal("3", counted);
    }

    /// <summary>A head whose <c>block="extension"</c> keeps out the member whose type extends the head's type (it would be
    /// invalid in its place), and a head whose type blocks restriction keeps out the restricted one.</summary>
    [Fact]
    public void Substitution_group_members_whose_type_derivation_the_head_blocks_are_left_out()
    {
        var xsd = $"""
            <xs:schema xmlns:xs="{Xs}">
              <xs:complexType name="Base"><xs:sequence><xs:element name="a" type="xs:int" minOccurs="0"/></xs:sequence></xs:complexType>
              <xs:complexType name="Wide"><xs:complexContent><xs:extension base="Base"><xs:sequence><xs:element name="b" type="xs:int"/>
                </xs:sequence></xs:extension></xs:complexContent></xs:complexType>
              <xs:complexType name="Narrow"><xs:complexContent><xs:restriction base="Base"><xs:sequence><xs:element name="a" type="xs:int"/>
                </xs:sequence></xs:restriction></xs:complexContent></xs:complexType>
              <xs:complexType name="Guarded" block="restriction"><xs:complexContent><xs:extension base="Base"/></xs:complexContent></xs:complexType>
              <xs:complexType name="GuardedNarrow"><xs:complexContent><xs:restriction base="Guarded"><xs:sequence>
                <xs:element name="a" type="xs:int"/></xs:sequence></xs:restriction></xs:complexContent></xs:complexType>
              <xs:element name="head" type="Base" block="extension"/>
              <xs:element name="wide" type="Wide" substitutionGroup="head"/>
              <xs:element name="narrow" type="Narrow" substitutionGroup="head"/>
              <xs:element name="guard" type="Guarded" abstract="true"/>
              <xs:element name="guardNarrow" type="GuardedNarrow" substitutionGroup="guard"/>
              <xs:element name="guardSame" substitutionGroup="guard"/>
              <xs:element name="doc"><xs:complexType><xs:sequence>
                <xs:element ref="head" maxOccurs="4"/><xs:element ref="guard" minOccurs="0" maxOccurs="4"/>
              </xs:sequence></xs:complexType></xs:element>
            </xs:schema>
            """;
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(xsd), SchemaLanguage.Xsd, SchemaReadLimits.Default);
        var doc = repr.Roots.Single(r => r.Name == "doc");
        Assert.Equal(["head", "narrow"], doc.Children[0].Children.Select(c => c.Name));
        // (wide and guardNarrow are roots of their own, which a root_path may name: not members of doc's groups.)
        var inDoc = new SchemaRepr { Language = SchemaLanguage.Xsd, Roots = [doc] }.AllNodes().ToList();
        Assert.Contains(inDoc, n => n.Name == "guardSame"); // same type: nothing to block
        Assert.DoesNotContain(inDoc, n => n.Name is "wide" or "guardNarrow");
        var (dir, path) = EngineFixtures.WriteSchemaFiles("blocked-members", new Dictionary<string, string> { ["schema.xsd"] = xsd });
        var plan = GenerationPlan.Create(repr, [], "doc");
        var files = EngineFixtures.XmlFiles(plan, dir, seeds: 10, records: 2);
        ExternalValidators.AssertXmllintValidQuietly(path, files);
        var text = string.Join("\n", files.Select(File.ReadAllText));
        Assert.Contains("<narrow", text);
        Assert.DoesNotContain("<wide", text);
        Assert.DoesNotContain("<guardNarrow", text);
    }

    /// <summary>Ten derived types of 6 fields each under a node limit that holds about four of them: the element offers
    /// its closest types only, and nothing is cut by depth.</summary>
    [Fact]
    public void Over_the_node_limit_an_element_offers_fewer_derived_types_before_anything_is_cut()
    {
        var types = string.Concat(Enumerable.Range(1, 10).Select(i => $"""
            <xs:complexType name="T{i}"><xs:complexContent><xs:extension base="Base"><xs:sequence>
              {string.Concat(Enumerable.Range(1, 6).Select(f => $"<xs:element name=\"f{f}\" type=\"xs:int\"/>"))}
            </xs:sequence></xs:extension></xs:complexContent></xs:complexType>
            """));
        var xsd = $"""
            <xs:schema xmlns:xs="{Xs}">
              <xs:complexType name="Base" abstract="true"/>
              {types}
              <xs:element name="doc"><xs:complexType><xs:sequence>
                <xs:element name="v" type="Base"/><xs:element name="deep" minOccurs="0"><xs:complexType><xs:sequence>
                  <xs:element name="deeper" minOccurs="0"><xs:complexType><xs:sequence><xs:element name="x" type="xs:int"/></xs:sequence>
                  </xs:complexType></xs:element></xs:sequence></xs:complexType></xs:element>
              </xs:sequence></xs:complexType></xs:element>
            </xs:schema>
            """;
        var bytes = Encoding.UTF8.GetBytes(xsd);
        Assert.Equal(10, SchemaReader.Read(bytes, SchemaLanguage.Xsd, SchemaReadLimits.Default).FindAll("doc.v").Count());
        var repr = SchemaReader.Read(bytes, SchemaLanguage.Xsd, SchemaReadLimits.Default with { MaxNodes = 45 });
        Assert.Equal(["T1", "T2", "T3", "T4"], repr.FindAll("doc.v").Select(v => v.XsiType));
        Assert.NotNull(repr.Find("doc.deep.deeper.x"));
        var (dir, path) = EngineFixtures.WriteSchemaFiles("derived-cap", new Dictionary<string, string> { ["schema.xsd"] = xsd });
        var plan = GenerationPlan.Create(repr, [], null);
        var files = EngineFixtures.XmlFiles(plan, dir, seeds: 5, records: 3);
        ExternalValidators.AssertXmllintValidQuietly(path, files);
    }

    /// <summary>NLog's shape: wrapper types derived from the abstract base hold elements of the base type again, so a
    /// choice among every type nests every ordering of the wrappers inside it. Over the node limit the nested choices
    /// offer one type first, and the outer one keeps every type, so documents still use all of them.</summary>
    [Fact]
    public void Over_the_node_limit_types_that_nest_their_base_type_keep_every_type_in_the_outer_choice()
    {
        var leaves = string.Concat(Enumerable.Range(1, 8).Select(i => $"""
            <xs:complexType name="Leaf{i}"><xs:complexContent><xs:extension base="Target">
              <xs:attribute name="a{i}" type="xs:int"/><xs:attribute name="b{i}" type="xs:boolean"/>
            </xs:extension></xs:complexContent></xs:complexType>
            """));
        var wrappers = string.Concat(Enumerable.Range(1, 4).Select(i => $"""
            <xs:complexType name="Wrapper{i}"><xs:complexContent><xs:extension base="WrapperBase">
              <xs:attribute name="w{i}" type="xs:int"/>
            </xs:extension></xs:complexContent></xs:complexType>
            """));
        var xsd = $"""
            <xs:schema xmlns:xs="{Xs}">
              <xs:complexType name="Target" abstract="true"><xs:attribute name="name" type="xs:token"/></xs:complexType>
              <xs:complexType name="WrapperBase" abstract="true"><xs:complexContent><xs:extension base="Target">
                <xs:choice minOccurs="0" maxOccurs="unbounded">
                  <xs:element name="target" type="Target"/><xs:element name="wrapper" type="WrapperBase"/>
                </xs:choice>
              </xs:extension></xs:complexContent></xs:complexType>
              {leaves}{wrappers}
              <xs:element name="targets"><xs:complexType><xs:sequence>
                <xs:element name="target" type="Target" maxOccurs="unbounded"/>
              </xs:sequence></xs:complexType></xs:element>
            </xs:schema>
            """;
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(xsd), SchemaLanguage.Xsd, SchemaReadLimits.Default with { MaxNodes = 400 });
        var outer = repr.FindAll("targets.target").ToList();
        Assert.Equal(12, outer.Count); // every leaf and every wrapper, where 4 were offered before
        // Inside a wrapper, one type for each element: a target is always the first leaf.
        var nested = outer.Where(o => o.XsiType!.StartsWith("Wrapper", StringComparison.Ordinal))
            .SelectMany(w => SchemaRepr.NodesOf(w.Children)).Where(c => c.Name == "target").ToList();
        Assert.NotEmpty(nested);
        Assert.All(nested, t => Assert.Equal("Leaf1", t.XsiType));
        var (dir, path) = EngineFixtures.WriteSchemaFiles("derived-nesting", new Dictionary<string, string> { ["schema.xsd"] = xsd });
        var files = EngineFixtures.XmlFiles(GenerationPlan.Create(repr, [], null), dir, seeds: 10, records: 3);
        ExternalValidators.AssertXmllintValidQuietly(path, files);
        var used = files.SelectMany(f => XDocument.Load(f).Root!.Elements("target"))
            .Select(e => e.Attribute(XName.Get("type", Xsi))!.Value).ToHashSet();
        Assert.True(used.Count >= 10, $"the documents' targets use {used.Count} of the 12 types: {string.Join(", ", used.Order())}");
    }

    /// <summary>The published NLog.xsd: its 32 target types, wrappers holding targets again, are over the node limit
    /// whole; the configurations' targets still use most of them (4 before the nested choices were capped first).</summary>
    [Fact]
    public void Nlog_configurations_use_most_target_types()
    {
        var c = RealWorldCase.Load("nlog", XsdSweep.Directory);
        var plan = GenerationPlan.Create(c.ReadForRoot(), [], c.Root);
        var files = EngineFixtures.XmlFiles(plan, EngineFixtures.TempDirectory("nlog-targets"), seeds: 10, records: 20);
        var ns = XNamespace.Get("http://www.nlog-project.org/schemas/NLog.xsd");
        var used = files.SelectMany(f => XDocument.Load(f).Root!.Elements(ns + "targets").Elements(ns + "target"))
            .Select(e => e.Attribute(XName.Get("type", Xsi))!.Value).ToHashSet();
        Assert.True(used.Count >= 12, $"the targets use {used.Count} types: {string.Join(", ", used.Order())}");
    }

    private static SchemaRepr Read() => SchemaReader.Read(SchemaText.Zip(Files), SchemaLanguage.Xsd, SchemaReadLimits.Default);
}
