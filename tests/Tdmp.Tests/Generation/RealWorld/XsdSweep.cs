using Tdmp.Generation.Engine;
using Tdmp.Generation.Schema;
using Tdmp.Generation.Writers;
using Tdmp.Tests.Generation.Engine;

namespace Tdmp.Tests.Generation.RealWorld;

/// <summary>
/// One published XSD of <c>tests/data/schemas/real-world-xsd/</c> (a folder with a <c>case.env</c>, like the cases of
/// <c>real-world/</c>) run the way a user would: uploaded (one file or a zip), planned for its root, a few records of a
/// few seeds written as XML, each document checked by <c>xmllint --schema</c> with nothing but "validates" printed, then
/// CSV (child rows with unique ids whose parent keys resolve) and SQL (loads into PostgreSQL with no orphan child row).
/// The outcome is "valid", "refused: ...", "invalid: ..." or "crash: ...", which the tests compare with
/// <c>EXPECTED.tsv</c>.
/// </summary>
public static class XsdSweep
{
    public static string Directory => Path.Combine(SharedSchemas.Directory, "real-world-xsd");

    public static IEnumerable<string> Cases() =>
        System.IO.Directory.GetDirectories(Directory).Where(d => File.Exists(Path.Combine(d, "case.env")))
            .Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    /// <param name="database">A database the SQL of every case loads into, each case in a schema of its own.</param>
    /// <param name="casesDirectory">Another folder of cases laid out the same way (a local, wider sweep); this one by default.</param>
    public static string Run(string name, int seeds, string database, string? casesDirectory = null)
    {
        var c = RealWorldCase.Load(name, casesDirectory ?? Directory);
        GenerationPlan plan;
        try
        {
            plan = GenerationPlan.Create(c.ReadForRoot(), [], c.Root);
        }
        catch (Exception e) when (e is SchemaReadException or UnsatisfiableSchemaException)
        {
            return "refused: " + e.Message;
        }
        catch (Exception e)
        {
            return "crash: plan: " + Cut(e.ToString());
        }
        try
        {
            return Xml(c, plan, seeds) ?? Csv(plan, seeds) ?? Sql(plan, name, database) ?? "valid";
        }
        catch (Xunit.Sdk.XunitException e)
        {
            return "invalid: " + Cut(e.Message);
        }
        catch (Exception e)
        {
            return "crash: generate: " + Cut(e.ToString());
        }
    }

    /// <summary>Few records: published type graphs make big documents.</summary>
    private static int RecordsFor(int seed) => 1 + seed % 2;

    private static string? Xml(RealWorldCase c, GenerationPlan plan, int seeds)
    {
        var dir = EngineFixtures.TempDirectory("xsd-sweep-" + c.Name);
        var files = new List<string>();
        for (var seed = 1; seed <= seeds; seed++)
        {
            var (sink, result) = EngineFixtures.Generate(plan, new GenerationOptions
            {
                Seed = seed, RecordCount = RecordsFor(seed), Types = [OutputFormat.Xml], Locale = seed % 2 == 0 ? "de" : "en",
            });
            foreach (var f in result.Files)
            {
                files.Add(Path.Combine(dir, $"{seed}-{f.Name}"));
                File.WriteAllBytes(files[^1], sink.Bytes(f.Name));
            }
        }
        if (files.Count == 0) return "invalid: xml: no document written";
        try
        {
            ExternalValidators.AssertXmllintValidQuietly(c.MainLocation, files, c.WriteCatalog(dir));
        }
        catch (Xunit.Sdk.XunitException e)
        {
            return "invalid: xml: " + Cut(e.Message) + " (" + dir + ")";
        }
        return null;
    }

    private static string? Csv(GenerationPlan plan, int seeds)
    {
        var layout = RecordTableLayout.For(plan, null);
        var dir = EngineFixtures.TempDirectory("xsd-sweep-csv");
        for (var seed = 1; seed <= seeds; seed++)
        {
            var (sink, result) = EngineFixtures.Generate(plan,
                new GenerationOptions { Seed = seed, RecordCount = RecordsFor(seed), Types = [OutputFormat.Csv] });
            foreach (var f in result.Files) File.WriteAllBytes(Path.Combine(dir, $"{seed}-{f.Name}"), sink.Bytes(f.Name));
            var (problem, _) = CsvTableCheck.Check(layout, result, sink);
            if (problem is not null) return $"invalid: csv: seed {seed}, {problem} ({dir})";
        }
        return null;
    }

    /// <summary>Past this many tables loading takes longer than a CI run should (PostgreSQL creates some 100 tables
    /// with keys a second): such a case's SQL is not loaded here; SqlRecordWriterTests cover wide and many tables.</summary>
    private const int MaxSqlTables = 600;

    /// <summary>One seed's SQL, loaded in one transaction into a schema of its own: the tables are what every seed
    /// shares; XML and CSV already cover more seeds' values.</summary>
    private static string? Sql(GenerationPlan plan, string name, string database)
    {
        var layout = RecordTableLayout.For(plan, null);
        if (layout.Tables.Count > MaxSqlTables) return null;
        var schema = "c_" + RecordTableLayout.SafeName(name);
        var (sink, result) = EngineFixtures.Generate(plan,
            new GenerationOptions { Seed = 1, RecordCount = RecordsFor(1), Types = [OutputFormat.Sql] });
        var dir = EngineFixtures.TempDirectory("xsd-sweep-sql");
        var path = Path.Combine(dir, "load.sql");
        File.WriteAllText(path,
            $"BEGIN;\nCREATE SCHEMA {schema};\nSET search_path TO {schema};\n{sink.Text(Assert.Single(result.Files).Name)}COMMIT;\n");
        try
        {
            ExternalValidators.Psql(database, file: path);
            Assert.Equal(RecordsFor(1).ToString(), ExternalValidators.Psql(database, $"SELECT count(*) FROM {schema}.\"{layout.Tables[0].Name}\";"));
            var orphans = SqlTableCheck.TablesWithOrphans(database, layout.Tables, schema);
            return orphans.Count == 0 ? null : $"invalid: sql: child rows without a parent row in {string.Join(", ", orphans.Take(5))} ({path})";
        }
        catch (Xunit.Sdk.XunitException e)
        {
            return "invalid: sql: " + Cut(e.Message) + " (" + path + ")";
        }
    }

    private static string Cut(string text) => text.Length > 1500 ? text[..1500] + "..." : text;
}
