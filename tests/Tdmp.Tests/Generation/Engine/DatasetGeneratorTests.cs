using System.IO.Compression;
using System.Text.Json.Nodes;
using Tdmp.Generation.Constraints;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Schema;

namespace Tdmp.Tests.Generation.Engine;

/// <summary>Determinism, file splitting, gzip, progress and cancellation of a run.</summary>
public class DatasetGeneratorTests
{
    private static readonly OutputFormat[] AllFormats = [OutputFormat.Json, OutputFormat.Jsonl, OutputFormat.Csv, OutputFormat.Xml, OutputFormat.Sql];

    [Theory]
    [InlineData("order.schema.json")]
    [InlineData("invoice.xsd")]
    [InlineData("library.xsd")]
    public void Same_inputs_give_identical_files_on_one_core_and_on_two(string schemaFile)
    {
        var plan = EngineFixtures.Plan(schemaFile);
        var options = new GenerationOptions { Seed = 99, RecordCount = 2500, Types = AllFormats, RecordsPerFile = 1800, MaxDegreeOfParallelism = 1 };
        var (_, one) = EngineFixtures.Generate(plan, options);
        var (_, two) = EngineFixtures.Generate(plan, options with { MaxDegreeOfParallelism = 2 });
        var (_, again) = EngineFixtures.Generate(EngineFixtures.Plan(schemaFile, []), options with { MaxDegreeOfParallelism = 2 });
        Assert.Equal(one.Files.Select(f => (f.Name, f.Sha256, f.SizeBytes, f.RecordCount)),
            two.Files.Select(f => (f.Name, f.Sha256, f.SizeBytes, f.RecordCount)));
        Assert.Equal(one.Files.Select(f => f.Sha256), again.Files.Select(f => f.Sha256));
        var (_, otherSeed) = EngineFixtures.Generate(plan, options with { Seed = 100 });
        Assert.NotEqual(one.Files[0].Sha256, otherSeed.Files[0].Sha256);
    }

    [Fact]
    public void Record_i_does_not_depend_on_the_records_around_it()
    {
        var plan = EngineFixtures.Plan("order.schema.json");
        var (all, allResult) = EngineFixtures.Generate(plan, new GenerationOptions { Seed = 3, RecordCount = 1500, Types = [OutputFormat.Jsonl] });
        var lines = all.Text(allResult.Files[0].Name).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // A resumed run (files of 500) makes the same records as one run.
        var (parts, partResult) = EngineFixtures.Generate(plan,
            new GenerationOptions { Seed = 3, RecordCount = 1500, Types = [OutputFormat.Jsonl], RecordsPerFile = 500 });
        var partLines = partResult.Files.SelectMany(f => parts.Text(f.Name).Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        Assert.Equal(lines, partLines);
    }

    [Fact]
    public void Sha256_and_size_describe_the_bytes_written()
    {
        var plan = EngineFixtures.Plan("employee.schema.json");
        var (sink, result) = EngineFixtures.Generate(plan, new GenerationOptions { Seed = 1, RecordCount = 700, Types = AllFormats });
        foreach (var f in result.Files)
        {
            var bytes = sink.Bytes(f.Name);
            Assert.Equal(bytes.Length, f.SizeBytes);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), f.Sha256);
        }
        Assert.Equal(GenerationPlan.EngineVersion, result.EngineVersion);
    }

    [Fact]
    public void Records_per_file_splits_every_type_into_numbered_files()
    {
        var plan = EngineFixtures.Plan("order.schema.json");
        var (sink, result) = EngineFixtures.Generate(plan,
            new GenerationOptions { Seed = 2, RecordCount = 10, RecordsPerFile = 4, Types = AllFormats });
        foreach (var format in AllFormats)
        {
            var files = result.Files.Where(f => f.Format == format && (f.Part == "" || f.Part == "order")).ToList();
            Assert.Equal([0, 1, 2], files.Select(f => f.FileIndex));
            Assert.Equal([4L, 4, 2], files.Select(f => f.RecordCount));
        }
        Assert.Contains(result.Files, f => f.Name == "order-00002.json");
        Assert.Equal(2, JsonNode.Parse(sink.Bytes("order-00002.json"))!.AsArray().Count);
        Assert.Contains(result.Files, f => f.Name == "order_items-00001.csv" && f.Part == "order_items");
    }

    [Fact]
    public void Gzip_files_decompress_to_the_uncompressed_output()
    {
        var plan = EngineFixtures.Plan("invoice.xsd");
        var options = new GenerationOptions { Seed = 8, RecordCount = 1300, Types = AllFormats, MaxDegreeOfParallelism = 2 };
        var (plain, plainResult) = EngineFixtures.Generate(plan, options);
        var (zipped, zippedResult) = EngineFixtures.Generate(plan, options with { Compression = OutputCompression.Gzip });
        Assert.Equal(plainResult.Files.Count, zippedResult.Files.Count);
        var (_, zippedOnOneCore) = EngineFixtures.Generate(plan, options with { Compression = OutputCompression.Gzip, MaxDegreeOfParallelism = 1 });
        Assert.Equal(zippedResult.Files.Select(f => f.Sha256), zippedOnOneCore.Files.Select(f => f.Sha256));
        foreach (var (p, z) in plainResult.Files.Zip(zippedResult.Files))
        {
            Assert.Equal(p.Name + ".gz", z.Name);
            using var gz = new GZipStream(new MemoryStream(zipped.Bytes(z.Name)), CompressionMode.Decompress);
            using var ms = new MemoryStream();
            gz.CopyTo(ms);
            Assert.Equal(plain.Bytes(p.Name), ms.ToArray());
            // gzip shrinks every file but the one-row parts of the batch header (JSON, CSV), too short to gain from it.
            if (p.RecordCount > 1) Assert.True(z.SizeBytes < p.SizeBytes, $"{z.Name}: {z.SizeBytes} of {p.SizeBytes} bytes");
        }
    }

    [Fact]
    public void Progress_is_reported_and_ends_at_the_record_count()
    {
        var plan = EngineFixtures.Plan("order.schema.json");
        var reports = new List<long>();
        var progress = new SynchronousProgress(v => { lock (reports) reports.Add(v); });
        DatasetGenerator.Generate(plan, new GenerationOptions { Seed = 1, RecordCount = 20000, Types = [OutputFormat.Json] }, new NullOutputSink(),
            progress, CancellationToken.None);
        Assert.Equal(20000, reports[^1]);
        Assert.All(reports, r => Assert.InRange(r, 0, 20000));
    }

    [Fact]
    public void Cancellation_stops_the_run()
    {
        var plan = EngineFixtures.Plan("order.schema.json");
        using var cts = new CancellationTokenSource();
        var progress = new SynchronousProgress(v => { if (v > 0) cts.Cancel(); });
        var seen = 0L;
        var sink = new CountingSink(() => seen++);
        Assert.ThrowsAny<OperationCanceledException>(() =>
            DatasetGenerator.Generate(plan,
                new GenerationOptions { Seed = 1, RecordCount = 5_000_000, Types = [OutputFormat.Json], MaxDegreeOfParallelism = 2 }, sink, progress,
                cts.Token));
        cts.Dispose();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            DatasetGenerator.Generate(plan, new GenerationOptions { Seed = 1, RecordCount = 100, Types = [OutputFormat.Json] }, new NullOutputSink(),
                null, cancelled.Token));
    }

    [Fact]
    public void Zero_records_give_empty_but_valid_files()
    {
        var plan = EngineFixtures.Plan("order.schema.json");
        var (sink, result) = EngineFixtures.Generate(plan,
            new GenerationOptions { Seed = 1, RecordCount = 0, Types = [OutputFormat.Json, OutputFormat.Csv] });
        Assert.Empty(JsonNode.Parse(sink.Bytes("order.json"))!.AsArray());
        Assert.Single(CsvReader.Parse(sink.Text("order.csv")));
        Assert.All(result.Files, f => Assert.Equal(0, f.RecordCount));
    }

    [Fact]
    public void Xsd_records_are_the_repeating_element_and_the_root_wraps_each_file()
    {
        var plan = EngineFixtures.Plan("invoice.xsd");
        Assert.Equal("Invoice", plan.Record.Name);
        Assert.Equal("InvoiceBatch", plan.Envelope!.Name);
        var library = EngineFixtures.Plan("library.xsd");
        Assert.Equal("Book", library.Record.Name);
        var (sink, result) = EngineFixtures.Generate(plan,
            new GenerationOptions { Seed = 4, RecordCount = 7, Types = [OutputFormat.Xml, OutputFormat.Json] });
        var doc = System.Xml.Linq.XDocument.Parse(sink.Text("invoice.xml"));
        System.Xml.Linq.XNamespace ns = "urn:example:invoicing:1";
        Assert.Equal(ns + "InvoiceBatch", doc.Root!.Name);
        Assert.Equal(7, doc.Root.Elements(ns + "Invoice").Count());
        Assert.Equal(7, doc.Root.Elements(ns + "Invoice").Select(i => (string)i.Attribute("number")!).Distinct().Count());
        var json = JsonNode.Parse(sink.Bytes("invoice.json"))!.AsArray();
        Assert.All(json, i =>
        {
            Assert.StartsWith("INV-", i!["@number"]!.GetValue<string>());
            Assert.NotNull(i["Total"]!["@currency"]);
            Assert.NotNull(i["Total"]!["#text"]);
        });
    }

    [Fact]
    public void Unsatisfiable_rules_are_refused_with_the_node_and_the_reason()
    {
        var repr = SharedSchemas.Read("order.schema.json");
        var e = Assert.Throws<UnsatisfiableSchemaException>(() => GenerationPlan.Create(repr,
            [new ConstraintRule { Field = "order_number", MaxLength = 5 }], null));
        Assert.Equal("order_number", e.NodePath);
        Assert.Contains("pattern", e.Message);
        e = Assert.Throws<UnsatisfiableSchemaException>(() => GenerationPlan.Create(repr,
            [new ConstraintRule { Field = "status", Values = [System.Text.Json.JsonDocument.Parse("\"lost\"").RootElement] }], null));
        Assert.Equal("status", e.NodePath);
        Assert.Contains("enum", e.Message);
        e = Assert.Throws<UnsatisfiableSchemaException>(() => GenerationPlan.Create(repr,
            [new ConstraintRule { Field = "notes", MinLength = 10, MaxLength = 3 }], null));
        Assert.Contains("length", e.Message);
        e = Assert.Throws<UnsatisfiableSchemaException>(() => GenerationPlan.Create(repr,
            [new ConstraintRule { Field = "notes", Template = "{no_such_field}" }], null));
        Assert.Contains("no_such_field", e.Message);
    }

    [Fact]
    public void Unsatisfiable_schema_facets_are_refused_before_generation()
    {
        SchemaNode Field(string name, NodeKind kind) => new() { Name = name, Path = name, Kind = kind, Required = true };
        var impossiblePattern = Field("code", NodeKind.String);
        impossiblePattern.Patterns = ["^[A-Z]{8}$"];
        impossiblePattern.MaxLength = 4;
        var emptyRange = Field("count", NodeKind.Integer);
        emptyRange.Minimum = 5;
        emptyRange.Maximum = 6;
        emptyRange.MultipleOf = 10;
        var emptyEnum = Field("kind", NodeKind.String);
        emptyEnum.Enum = [];
        foreach (var (node, reason) in new[] { (impossiblePattern, "pattern"), (emptyRange, "multiple of 10"), (emptyEnum, "enum") })
        {
            var root = new SchemaNode { Name = "Root", Path = "", Kind = NodeKind.Object, Required = true, Children = [node] };
            var repr = new SchemaRepr { Language = SchemaLanguage.JsonSchema, Roots = [root] };
            var e = Assert.Throws<UnsatisfiableSchemaException>(() => GenerationPlan.Create(repr, [], null));
            Assert.Equal(node.Path, e.NodePath);
            Assert.Contains(reason, e.Message);
        }
    }

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }

    private sealed class CountingSink(Action onOpen) : IOutputSink
    {
        public Stream Open(OutputFileInfo file)
        {
            onOpen();
            return Stream.Null;
        }
    }
}

/// <summary>Resuming an interrupted run and checks that need the record count.</summary>
public class ResumeAndCountChecksTests
{
    [Fact]
    public void A_resumed_run_writes_the_remaining_files_byte_for_byte()
    {
        var plan = EngineFixtures.Plan("invoice.xsd");
        var options = new GenerationOptions { Seed = 12, RecordCount = 2500, RecordsPerFile = 700, Types = [OutputFormat.Xml, OutputFormat.Csv] };
        var (_, full) = EngineFixtures.Generate(plan, options);
        var (_, resumed) = EngineFixtures.Generate(plan, options with { ResumeFromFile = 2, MaxDegreeOfParallelism = 2 });
        Assert.Equal(full.Files.Where(f => f.FileIndex >= 2).Select(f => (f.Name, f.Sha256)), resumed.Files.Select(f => (f.Name, f.Sha256)));
    }

    [Fact]
    public void A_sequence_past_the_bounds_or_against_the_pattern_is_refused()
    {
        var repr = SharedSchemas.Read("order.schema.json");
        var plan = GenerationPlan.Create(repr,
            [new Tdmp.Generation.Constraints.ConstraintRule { Field = "items[].quantity", Sequence = new() { Start = 90, Step = 1 } }], null);
        var e = Assert.Throws<UnsatisfiableSchemaException>(() => EngineFixtures.Generate(plan,
            new GenerationOptions { Seed = 1, RecordCount = 20 }));
        Assert.Contains("outside", e.Message);
        e = Assert.Throws<UnsatisfiableSchemaException>(() => GenerationPlan.Create(repr,
            [new Tdmp.Generation.Constraints.ConstraintRule { Field = "order_number", Sequence = new() { Start = 1 } }], null));
        Assert.Equal("order_number", e.NodePath);
        Assert.Contains("pattern", e.Message);
    }
}
