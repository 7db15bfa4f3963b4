using Tdmp.Generation.Engine;
using Tdmp.Generation.Writers;
using Tdmp.Tests.Generation.Engine;

namespace Tdmp.Tests.Generation.RealWorld;

/// <summary>
/// The XSD cases of <c>tests/data/schemas/real-world/</c> (read from their <c>case.env</c>) and the two shared XSDs:
/// every generated document validates under <c>xmllint --schema</c> with nothing but "validates" printed, and every
/// format the case lists comes out right (CSV parent keys resolve, SQL loads into PostgreSQL), over many seeds.
/// </summary>
public class RealWorldXsdTests
{
    private const int Seeds = 24;

    public static TheoryData<string> XsdCases()
    {
        var data = new TheoryData<string>();
        foreach (var c in RealWorldCase.All().Where(c => c.Kind == "xml")) data.Add(c.Name);
        data.Add("invoice.xsd");
        data.Add("library.xsd");
        return data;
    }

    /// <summary>A real-world case, or one of the shared single-file schemas with the formats the shared tests check.</summary>
    private static RealWorldCase Case(string name) => name.EndsWith(".xsd", StringComparison.Ordinal)
        ? new RealWorldCase(name, SharedSchemas.Directory, "xml", name, null, null, [], ["csv", "sql"])
        : RealWorldCase.Load(name);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, GenerationPlan> Plans = new();

    private static GenerationPlan Plan(RealWorldCase c) => Plans.GetOrAdd(c.Name, _ => GenerationPlan.Create(c.Read(), [], c.Root));

    /// <summary>Big type graphs (UBL, XHTML) make big documents: fewer records keep the suite fast.</summary>
    private static int RecordsFor(int seed) => 1 + seed % 3;

    [Theory]
    [MemberData(nameof(XsdCases))]
    public void Xml_of_many_seeds_validates_with_xmllint_and_no_warning(string name)
    {
        var c = Case(name);
        var plan = Plan(c);
        var dir = EngineFixtures.TempDirectory("real-world-xml");
        var files = new List<string>();
        for (var seed = 1; seed <= Seeds; seed++)
        {
            var (sink, result) = EngineFixtures.Generate(plan, new GenerationOptions
            {
                Seed = seed, RecordCount = RecordsFor(seed), Types = [OutputFormat.Xml], Locale = seed % 2 == 0 ? "de" : "en",
            });
            foreach (var f in result.Files)
            {
                var path = Path.Combine(dir, $"{seed}-{f.Name}");
                File.WriteAllBytes(path, sink.Bytes(f.Name));
                files.Add(path);
            }
        }
        Assert.True(files.Count >= Seeds, $"{files.Count} files"); // one document per record where records do not repeat inside the root
        ExternalValidators.AssertXmllintValidQuietly(c.MainPath, files, c.WriteCatalog(dir));
    }

    [Theory]
    [MemberData(nameof(XsdCases))]
    public void Csv_child_rows_have_unique_ids_and_parent_keys_that_resolve(string name)
    {
        var c = Case(name);
        if (!c.Extra.Contains("csv")) return;
        var plan = Plan(c);
        var layout = RecordTableLayout.For(plan, null);
        for (var seed = 1; seed <= Seeds; seed++)
        {
            var (sink, result) = EngineFixtures.Generate(plan,
                new GenerationOptions { Seed = seed, RecordCount = RecordsFor(seed), Types = [OutputFormat.Csv] });
            var ids = new Dictionary<string, HashSet<string>>();
            foreach (var table in layout.Tables)
            {
                var file = result.Files.SingleOrDefault(f => f.Part == table.Name);
                if (file is null) continue; // a table with no rows in this run is not written
                var rows = CsvReader.Parse(sink.Text(file.Name));
                var header = rows[0];
                var rowIds = rows.Skip(1).Select(r => r[0]).ToList();
                Assert.Equal(rowIds.Count, rowIds.Distinct().Count());
                ids[table.Name] = rowIds.ToHashSet();
                if (table.Parent is null) continue;
                Assert.Equal("_parent_row_id", header[1]);
                Assert.True(ids.TryGetValue(table.Parent.Name, out var parentIds), $"{table.Name}: parent table {table.Parent.Name} has no rows");
                foreach (var row in rows.Skip(1))
                    Assert.True(parentIds!.Contains(row[1]), $"seed {seed}, {table.Name}: parent key {row[1]} is not a row of {table.Parent.Name}");
            }
            Assert.Equal(RecordsFor(seed), result.Files.Single(f => f.Part == layout.Tables[0].Name).RecordCount);
        }
    }

    [Theory]
    [MemberData(nameof(XsdCases))]
    public void Sql_of_many_seeds_loads_into_postgres_with_no_orphan_child_rows(string name)
    {
        var c = Case(name);
        if (!c.Extra.Contains("sql")) return;
        var plan = Plan(c);
        var layout = RecordTableLayout.For(plan, null);
        var dir = EngineFixtures.TempDirectory("real-world-sql");
        var script = new System.Text.StringBuilder();
        const int seeds = 8;
        for (var seed = 1; seed <= seeds; seed++)
        {
            var (sink, result) = EngineFixtures.Generate(plan,
                new GenerationOptions { Seed = seed, RecordCount = RecordsFor(seed), Types = [OutputFormat.Sql] });
            script.Append($"CREATE SCHEMA s{seed};\nSET search_path TO s{seed};\n");
            script.Append(sink.Text(Assert.Single(result.Files).Name));
        }
        var path = Path.Combine(dir, "all.sql");
        File.WriteAllText(path, script.ToString());
        ExternalValidators.WithDatabase(db =>
        {
            ExternalValidators.Psql(db, file: path);
            for (var seed = 1; seed <= seeds; seed++)
            {
                Assert.Equal(RecordsFor(seed).ToString(), ExternalValidators.Psql(db, $"SELECT count(*) FROM s{seed}.\"{layout.Tables[0].Name}\";"));
                Assert.Empty(SqlTableCheck.TablesWithOrphans(db, layout.Tables, $"s{seed}"));
            }
            return "";
        });
    }

    [Fact]
    public void Max_depth_leaves_optional_content_below_that_depth_out_and_documents_stay_valid()
    {
        var c = Case("kml-2.2");
        static int Depth(PlanNode n)
        {
            var depth = 0;
            for (var p = n; p is not null; p = p.Parent) if (p.Kind == PlanNodeKind.Object) depth++;
            return depth;
        }
        var full = Plan(c);
        var shallow = GenerationPlan.Create(c.Read(), [], c.Root, maxDepth: 3);
        Assert.True(full.Nodes.Max(Depth) > 4);
        // KML's shared types are compiled once whatever max_depth is: records leave out what lies below it.
        var dir = EngineFixtures.TempDirectory("real-world-depth");
        var files = new List<string>();
        var (shallowDepth, fullDepth) = (0, 0);
        for (var seed = 1; seed <= 6; seed++)
        {
            var (sink, result) = EngineFixtures.Generate(shallow, new GenerationOptions { Seed = seed, RecordCount = 2, Types = [OutputFormat.Xml] });
            foreach (var f in result.Files)
            {
                files.Add(Path.Combine(dir, $"{seed}-{f.Name}"));
                File.WriteAllBytes(files[^1], sink.Bytes(f.Name));
                shallowDepth = Math.Max(shallowDepth, ElementDepth(System.Xml.Linq.XDocument.Parse(sink.Text(f.Name)).Root!));
            }
            var (fullSink, fullResult) = EngineFixtures.Generate(full,
                new GenerationOptions { Seed = seed, RecordCount = 2, Types = [OutputFormat.Xml] });
            foreach (var f in fullResult.Files)
                fullDepth = Math.Max(fullDepth, ElementDepth(System.Xml.Linq.XDocument.Parse(fullSink.Text(f.Name)).Root!));
        }
        // Three object levels and their scalar children: kml > Document > Placemark > name.
        Assert.True(shallowDepth <= 4 && shallowDepth < fullDepth, $"element depths: max_depth 3 {shallowDepth}, default {fullDepth}");
        ExternalValidators.AssertXmllintValidQuietly(c.MainPath, files);
    }

    [Fact]
    public void Xhtml_documents_nest_deep_through_its_recursive_content_and_stay_valid()
    {
        var c = Case("xhtml1-strict");
        // Read whole: its elements' anonymous types share two content models, kept once with markers where they nest.
        Assert.DoesNotContain(c.Read().AllNodes(), n => n.Truncated);
        var plan = Plan(c);
        var dir = EngineFixtures.TempDirectory("real-world-xhtml-depth");
        var files = new List<string>();
        var depths = new List<int>();
        for (var seed = 1; seed <= 12; seed++)
        {
            var (sink, result) = EngineFixtures.Generate(plan, new GenerationOptions { Seed = seed, RecordCount = 1, Types = [OutputFormat.Xml] });
            foreach (var f in result.Files)
            {
                files.Add(Path.Combine(dir, $"{seed}-{f.Name}"));
                File.WriteAllBytes(files[^1], sink.Bytes(f.Name));
                depths.Add(ElementDepth(System.Xml.Linq.XDocument.Parse(System.Text.Encoding.UTF8.GetString(sink.Bytes(f.Name))).Root!));
            }
        }
        // html > body > div > p > span > em ...: recursion reaches well below the first levels.
        Assert.True(depths.Max() > 5, $"element depths: {string.Join(", ", depths)}");
        ExternalValidators.AssertXmllintValidQuietly(c.MainPath, files, c.WriteCatalog(dir));
    }

    [Fact]
    public void Ubl_type_graph_is_read_whole_keeping_each_type_once_and_max_depth_reaches_deep_optional_content()
    {
        var c = Case("ubl-2.1-invoice");
        var repr = c.Read();
        var nodes = repr.AllNodes().ToList();
        // Expanded into a tree, UBL's reused aggregates pass 1,000,000 nodes and the reader had to cut optional content.
        Assert.True(nodes.Count < 10_000, $"{nodes.Count} repr nodes");
        Assert.DoesNotContain(nodes, n => n.Truncated);
        Assert.True(nodes.Count(n => n.Reuses is not null) > 100);
        var plan = GenerationPlan.Create(repr, [], c.Root, maxDepth: 5);
        Assert.Contains(plan.Nodes, n => n.Kind == PlanNodeKind.Reuse);
        var dir = EngineFixtures.TempDirectory("real-world-ubl-deep");
        var files = new List<string>();
        var depths = new List<int>();
        for (var seed = 1; seed <= 4; seed++)
        {
            var (sink, result) = EngineFixtures.Generate(plan, new GenerationOptions { Seed = seed, RecordCount = 1, Types = [OutputFormat.Xml] });
            var file = Assert.Single(result.Files);
            files.Add(Path.Combine(dir, $"{seed}-{file.Name}"));
            File.WriteAllBytes(files[^1], sink.Bytes(file.Name));
            depths.Add(ElementDepth(System.Xml.Linq.XDocument.Parse(sink.Text(file.Name)).Root!));
        }
        // Invoice > ... > five elements: deeper than the default limit the plan chooses for records of UBL's size.
        Assert.True(depths.Max() >= 5, $"element depths: {string.Join(", ", depths)}");
        Assert.True(Plan(c).DepthLimit < 5, $"default depth limit {Plan(c).DepthLimit}");
        ExternalValidators.AssertXmllintValidQuietly(c.MainPath, files, c.WriteCatalog(dir));
    }

    /// <summary>Under the depth limit chosen for UBL's shared aggregates, every aggregate made has its optional values (they
    /// were left out of every object, and the invoice was IDs and dates), and one record with them stays a few hundred KB.</summary>
    [Fact]
    public void Ubl_invoices_at_the_default_depth_limit_hold_the_optional_values_of_their_aggregates_and_stay_small()
    {
        var c = Case("ubl-2.1-invoice");
        var plan = Plan(c);
        Assert.NotNull(plan.DepthLimit);
        var dir = EngineFixtures.TempDirectory("real-world-ubl-values");
        var files = new List<string>();
        var documents = new List<System.Xml.Linq.XDocument>();
        for (var seed = 1; seed <= 4; seed++)
        {
            var (sink, result) = EngineFixtures.Generate(plan, new GenerationOptions { Seed = seed, RecordCount = 1, Types = [OutputFormat.Xml] });
            var file = Assert.Single(result.Files);
            files.Add(Path.Combine(dir, $"{seed}-{file.Name}"));
            File.WriteAllBytes(files[^1], sink.Bytes(file.Name));
            Assert.True(sink.Bytes(file.Name).Length < 300_000, $"seed {seed}: {sink.Bytes(file.Name).Length} bytes");
            documents.Add(System.Xml.Linq.XDocument.Parse(sink.Text(file.Name)));
        }
        // cbc:Note is optional both on the invoice and on each of its lines (an aggregate of the second level).
        Assert.Contains(documents, d => d.Root!.Elements().Any(e => e.Name.LocalName == "Note"));
        Assert.Contains(documents, d => d.Root!.Elements().Where(e => e.Name.LocalName == "InvoiceLine")
            .Any(line => line.Elements().Any(e => e.Name.LocalName == "Note")));
        // Written as published invoices are: the Invoice in the default namespace, its members under the schemas' prefixes.
        Assert.All(files, f => Assert.Matches("^<\\?xml[^>]*\\?>\\s*<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"[^>]*"
            + " xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\"[^>]*>.*<cbc:ID[ >]", File.ReadAllText(f)));
        ExternalValidators.AssertXmllintValidQuietly(c.MainPath, files, c.WriteCatalog(dir));
    }

    private static int ElementDepth(System.Xml.Linq.XElement e) => 1 + (e.Elements().Any() ? e.Elements().Max(ElementDepth) : 0);
}
