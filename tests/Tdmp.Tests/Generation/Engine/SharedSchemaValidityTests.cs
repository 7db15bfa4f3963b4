using System.Text.Json.Nodes;
using Json.Schema;
using OutputFormat = Tdmp.Generation.Engine.OutputFormat;
using Tdmp.Generation.Engine;

namespace Tdmp.Tests.Generation.Engine;

/// <summary>The bar of GENERATION.md §4: every generated file of the shared schemas is valid, over many seeds.</summary>
public class SharedSchemaValidityTests
{
    private const int Seeds = 200;
    private const int RecordsPerSeed = 5;

    [Theory]
    [InlineData("order.schema.json", "draft2020")]
    [InlineData("employee.schema.json", "draft7")]
    public void Json_and_jsonl_records_of_200_seeds_validate_with_ajv_and_JsonSchema_Net(string schemaFile, string spec)
    {
        var plan = EngineFixtures.Plan(schemaFile);
        var all = EngineFixtures.RecordsOfManySeeds(plan, Seeds, RecordsPerSeed, jsonlEvery: 4);

        var schema = JsonSchema.FromText(File.ReadAllText(EngineFixtures.SchemaPath(schemaFile)),
            new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        var failures = new List<string>();
        foreach (var item in all)
            if (JsonSchemaNet.Errors(schema, item) is { } errors) failures.Add(item!.ToJsonString() + " => " + errors);
        Assert.True(failures.Count == 0, $"{failures.Count} invalid records, first: {failures.FirstOrDefault()}");

        var dir = EngineFixtures.TempDirectory("ajv");
        var data = Path.Combine(dir, "records.json");
        File.WriteAllText(data, all.ToJsonString());
        ExternalValidators.AssertAjvValidArray(EngineFixtures.SchemaPath(schemaFile), data, spec);
    }

    [Theory]
    [InlineData("invoice.xsd")]
    [InlineData("library.xsd")]
    public void Xml_documents_of_200_seeds_validate_with_xmllint(string schemaFile)
    {
        var plan = EngineFixtures.Plan(schemaFile);
        var dir = EngineFixtures.TempDirectory("xml");
        var files = new List<string>();
        for (var seed = 1; seed <= Seeds; seed++)
        {
            var (sink, result) = EngineFixtures.Generate(plan, new GenerationOptions
            {
                Seed = seed, RecordCount = 1 + seed % RecordsPerSeed, Types = [OutputFormat.Xml], Locale = seed % 2 == 0 ? "de" : "en",
            });
            foreach (var f in result.Files)
            {
                var path = Path.Combine(dir, $"{seed}-{f.Name}");
                File.WriteAllBytes(path, sink.Bytes(f.Name));
                files.Add(path);
            }
        }
        ExternalValidators.AssertXmllintValid(EngineFixtures.SchemaPath(schemaFile), files);
    }

    [Theory]
    [InlineData("order.schema.json")]
    [InlineData("employee.schema.json")]
    [InlineData("invoice.xsd")]
    [InlineData("library.xsd")]
    public void Json_and_xml_of_every_schema_are_well_formed(string schemaFile)
    {
        var plan = EngineFixtures.Plan(schemaFile);
        var (sink, result) = EngineFixtures.Generate(plan,
            new GenerationOptions { Seed = 7, RecordCount = 20, Types = [OutputFormat.Json, OutputFormat.Jsonl, OutputFormat.Xml],
            RecordsPerFile = 20 });
        var dir = EngineFixtures.TempDirectory("wf");
        foreach (var f in result.Files)
        {
            var bytes = sink.Bytes(f.Name);
            switch (f.Format)
            {
                case OutputFormat.Json when plan.Envelope is { } root && f.Part == Tdmp.Generation.Writers.RecordTableLayout.SafeName(root.Name):
                    // An XSD root's own content around the records (the batch header, the authors): one object per file.
                    Assert.Equal(1, f.RecordCount);
                    Assert.IsType<JsonObject>(JsonNode.Parse(bytes));
                    break;
                case OutputFormat.Json:
                    Assert.Equal(20, JsonNode.Parse(bytes)!.AsArray().Count);
                    break;
                case OutputFormat.Jsonl:
                    foreach (var line in sink.Text(f.Name).Split('\n', StringSplitOptions.RemoveEmptyEntries)) JsonNode.Parse(line);
                    break;
                case OutputFormat.Xml:
                    var path = Path.Combine(dir, f.Name);
                    File.WriteAllBytes(path, bytes);
                    ExternalValidators.AssertWellFormedXml(path);
                    break;
            }
        }
    }

    [Theory]
    [InlineData("order.schema.json")]
    [InlineData("employee.schema.json")]
    [InlineData("invoice.xsd")]
    [InlineData("library.xsd")]
    public void Csv_files_of_50_seeds_parse_back_with_header_and_row_count(string schemaFile)
    {
        var plan = EngineFixtures.Plan(schemaFile);
        for (var seed = 1; seed <= 50; seed++)
        {
            var delimiter = seed % 3 == 0 ? ';' : ',';
            var (sink, result) = EngineFixtures.Generate(plan,
                new GenerationOptions { Seed = seed, RecordCount = RecordsPerSeed, Types = [OutputFormat.Csv], CsvDelimiter = delimiter });
            Assert.NotEmpty(result.Files);
            var fileTable = Tdmp.Generation.Writers.RecordTableLayout.For(plan, null).EnvelopeTable?.Name;
            foreach (var f in result.Files)
            {
                var rows = CsvReader.Parse(sink.Text(f.Name), delimiter);
                var header = rows[0];
                Assert.Equal("_row_id", header[0]);
                Assert.Equal(f.RecordCount, rows.Count - 1);
                Assert.All(rows, r => Assert.Equal(header.Count, r.Count));
                if (f == result.Files[0]) Assert.Equal(RecordsPerSeed, f.RecordCount);
                // The XSD root's own content: one row for the one file.
                else if (f.Part == fileTable) Assert.Equal(1, f.RecordCount);
                else Assert.Equal(["_row_id", "_parent_row_id", "_position"], header.Take(3));
            }
        }
    }

    [Theory]
    [InlineData("order.schema.json")]
    [InlineData("employee.schema.json")]
    [InlineData("invoice.xsd")]
    [InlineData("library.xsd")]
    public void Sql_files_of_20_seeds_load_into_postgres_with_row_counts_and_joined_children(string schemaFile)
    {
        var plan = EngineFixtures.Plan(schemaFile);
        var dir = EngineFixtures.TempDirectory("sql");
        var script = new System.Text.StringBuilder();
        var expected = new List<(int Seed, string Table, long Rows)>();
        for (var seed = 1; seed <= 20; seed++)
        {
            var options = new GenerationOptions { Seed = seed, RecordCount = RecordsPerSeed, Types = [OutputFormat.Sql, OutputFormat.Csv] };
            var (sink, result) = EngineFixtures.Generate(plan, options);
            script.Append($"CREATE SCHEMA s{seed};\nSET search_path TO s{seed};\n");
            script.Append(sink.Text(result.Files.Single(f => f.Format == OutputFormat.Sql).Name));
            foreach (var csv in result.Files.Where(f => f.Format == OutputFormat.Csv)) expected.Add((seed, csv.Part, csv.RecordCount));
        }
        var path = Path.Combine(dir, "all.sql");
        File.WriteAllText(path, script.ToString());
        var layout = Tdmp.Generation.Writers.RecordTableLayout.For(plan, null);
        ExternalValidators.WithDatabase(db =>
        {
            ExternalValidators.Psql(db, file: path);
            var counts = string.Join(" UNION ALL ", expected.Select(e => $"SELECT {e.Seed}, '{e.Table}', count(*) FROM s{e.Seed}.\"{e.Table}\""));
            // Compared in order: a UNION ALL of many tables may come back in any order (a parallel append).
            var actual = ExternalValidators.Psql(db, counts + ";").Split('\n').Order(StringComparer.Ordinal);
            Assert.Equal(expected.Select(e => $"{e.Seed}|{e.Table}|{e.Rows}").Order(StringComparer.Ordinal), actual);
            Assert.Empty(SqlTableCheck.TablesWithOrphans(db, layout.Tables, "s1"));
            Assert.Equal(RecordsPerSeed.ToString(), ExternalValidators.Psql(db, $"SELECT count(*) FROM s1.\"{layout.Tables[0].Name}\";"));
            return "";
        });
    }
}
