using System.Security.Cryptography;
using Tdmp.Tests.Generation;

namespace Tdmp.Tests.Features.Ci;

/// <summary>A service process and the packed <c>tdmp</c> tool, shared by the tool's tests.</summary>
public sealed class CiToolWorld : IAsyncLifetime
{
    public ServiceProcess Service { get; private set; } = null!;
    public HttpClient Superuser { get; private set; } = null!;
    public string Token { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var install = PackedTool.PathAsync();
        Service = await ServiceProcess.StartAsync(TestDatabase.CreateFresh("citool"), CiService.NewStorage());
        Superuser = await CiService.SuperuserAsync(Service);
        (_, Token) = await CiService.AccessTokenAsync(Superuser, "tdmp tool tests");
        await install;
    }

    public async Task DisposeAsync() => await Service.DisposeAsync();
}

/// <summary>The packed <c>tdmp</c> tool end to end: local generation byte-identical to the service, and <c>tdmp run</c>
/// against a real service process with an access token.</summary>
public sealed class CiToolTests(CiToolWorld world) : IClassFixture<CiToolWorld>
{
    private static readonly string[] Formats = ["json", "jsonl", "csv", "xml", "sql"];

    private const string OrderRules = """
        [{"field": "status", "values": ["paid", "shipped"], "weights": [3, 1]},
         {"field": "items[].quantity", "min": 1, "max": 5},
         {"field": "customer.email", "generator": "email"}]
        """;

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string NewFolder() => Directory.CreateTempSubdirectory("tdmp-cli-").FullName;

    [Theory]
    [InlineData("order.schema.json", true, null)]
    [InlineData("employee.schema.json", false, 16L)]
    [InlineData("invoice.xsd", false, null)]
    [InlineData("library.xsd", false, null)]
    public async Task Generate_writes_the_services_bytes_for_every_format(string schemaFile, bool withRules, long? recordsPerFile)
    {
        const long seed = 90210;
        const int count = 40;
        var client = world.Superuser;
        var (projectId, schemaId) = await Workspace.ProjectWithSchemaAsync(client, schemaFile);
        var folder = NewFolder();
        long? setId = null;
        if (withRules)
        {
            File.WriteAllText(Path.Combine(folder, "rules.json"), OrderRules);
            var set = await (await client.PostAsync("/constraints", new StringContent(
                $$"""{"name": "{{Workspace.Unique("cli")}}", "schema_id": {{schemaId}}, "rules": {{OrderRules}}}""",
                System.Text.Encoding.UTF8, "application/json"))).ExpectAsync(HttpStatusCode.Created);
            setId = set.GetProperty("constraint_set_id").GetInt64();
        }
        var dataset = await Workspace.GenerateAsync(client, new
        {
            name = Workspace.Unique("cli"), project_id = projectId, schema_id = schemaId, constraint_set_id = setId, record_count = count,
            types = Formats, @params = new { seed, records_per_file = recordsPerFile },
        });
        Assert.Equal("completed", dataset.GetProperty("status").GetString());
        var datasetId = dataset.GetProperty("dataset_id").GetInt64();
        File.Copy(Path.Combine(SharedSchemas.Directory, schemaFile), Path.Combine(folder, schemaFile));

        foreach (var format in Formats)
        {
            var download = await client.GetAsync($"/data/{datasetId}?format={format}");
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            var served = await download.Content.ReadAsByteArrayAsync();

            var output = Path.Combine(folder, "out." + format);
            List<string> arguments = ["generate", schemaFile, "--count", count.ToString(), "--seed", seed.ToString(), "--format", format, "--out",
                output];
            if (withRules) arguments.AddRange(["--constraints", "rules.json"]);
            if (recordsPerFile is { } perFile) arguments.AddRange(["--records-per-file", perFile.ToString()]);
            // The day the service stored (the creation day), so that a run across midnight compares like with like.
            arguments.AddRange(["--reference-date", dataset.GetProperty("params").GetProperty("reference_date").GetString()!]);
            var run = await PackedTool.RunAsync(arguments, workingDirectory: folder);
            Assert.True(run.ExitCode == 0, $"tdmp generate {format} failed ({run.ExitCode}): {run.Error}");
            Assert.True(Sha256(served) == Sha256(File.ReadAllBytes(output)),
                $"{schemaFile} as {format}: the tool's file differs from the service's ({served.Length} vs {new FileInfo(output).Length} bytes)");
        }
    }

    [Fact]
    public async Task Run_creates_waits_and_downloads_the_dataset_with_an_access_token()
    {
        var (projectId, schemaId) = await Workspace.ProjectWithSchemaAsync(world.Superuser, "order.schema.json");
        var output = Path.Combine(NewFolder(), "nested", "orders.jsonl");
        var run = await PackedTool.RunAsync(
            ["run", "--project", projectId.ToString(), "--schema", schemaId.ToString(), "--count", "5000", "--format", "jsonl", "--seed", "7",
                "--out", output],
            new Dictionary<string, string?> { ["TDMP_URL"] = world.Service.BaseUrl, ["TDMP_TOKEN"] = world.Token });
        Assert.True(run.ExitCode == 0, $"tdmp run failed ({run.ExitCode}): {run.Error}");
        Assert.Contains("completed", run.Error);
        Assert.True(File.Exists(output));
        Assert.False(File.Exists(output + ".part"));

        var datasetId = long.Parse(System.Text.RegularExpressions.Regex.Match(run.Error, @"dataset (\d+) created").Groups[1].Value);
        var dataset = await (await world.Superuser.GetAsync($"/datasets/{datasetId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(7, dataset.GetProperty("seed").GetInt64());
        Assert.Equal(5000, dataset.GetProperty("record_count").GetInt64());
        Assert.Equal(dataset.GetProperty("files")[0].GetProperty("sha256").GetString(), Sha256(File.ReadAllBytes(output)));
        Assert.Equal(5000, File.ReadLines(output).Count());
    }

    [Fact]
    public async Task Run_reports_the_services_detail_in_one_line_and_exits_non_zero()
    {
        var (projectId, _) = await Workspace.ProjectWithSchemaAsync(world.Superuser, "order.schema.json");
        var unlinkedSchema = await Workspace.UploadSharedSchemaAsync(world.Superuser, "employee.schema.json");
        var output = Path.Combine(NewFolder(), "never.json");
        string[] Args(long schema) => ["run", "--url", world.Service.BaseUrl, "--project", projectId.ToString(), "--schema", schema.ToString(),
            "--count", "10", "--out", output];

        var unlinked = await PackedTool.RunAsync([.. Args(unlinkedSchema), "--token", world.Token]);
        Assert.Equal(1, unlinked.ExitCode);
        Assert.Contains("422", unlinked.Error);
        Assert.Contains("not linked to this project", unlinked.Error);
        AssertOneLine(unlinked.Error);

        var badToken = await PackedTool.RunAsync([.. Args(unlinkedSchema), "--token", "tdmp_pat_not-a-real-token"]);
        Assert.Equal(1, badToken.ExitCode);
        Assert.Contains("401", badToken.Error);
        Assert.Contains("invalid, expired or revoked", badToken.Error);
        AssertOneLine(badToken.Error);

        var unreachable = await PackedTool.RunAsync(
            ["run", "--url", "http://127.0.0.1:9", "--token", world.Token, "--project", "1", "--schema", "1", "--count", "1", "--out", output]);
        Assert.Equal(3, unreachable.ExitCode);
        Assert.Contains("cannot reach", unreachable.Error);
        AssertOneLine(unreachable.Error);

        var noToken = await PackedTool.RunAsync(Args(unlinkedSchema));
        Assert.Equal(2, noToken.ExitCode);
        Assert.Contains("TDMP_TOKEN", noToken.Error);
        AssertOneLine(noToken.Error);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Wrong_command_lines_and_bad_files_are_one_line_with_exit_code_2()
    {
        var missingOption = await PackedTool.RunAsync(["run", "--project", "1", "--schema", "1", "--out", "x.json"]);
        Assert.Equal(2, missingOption.ExitCode);
        Assert.Contains("--count", missingOption.Error);
        AssertOneLine(missingOption.Error);

        var badFormat = await PackedTool.RunAsync(
            ["generate", Path.Combine(SharedSchemas.Directory, "order.schema.json"), "--count", "3", "--format", "yaml"]);
        Assert.Equal(2, badFormat.ExitCode);
        AssertOneLine(badFormat.Error);

        var folder = NewFolder();
        File.WriteAllText(Path.Combine(folder, "broken.xsd"), "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:element name=");
        var broken = await PackedTool.RunAsync(["generate", "broken.xsd", "--count", "3"], workingDirectory: folder);
        Assert.Equal(2, broken.ExitCode);
        Assert.Contains("broken.xsd", broken.Error);
        AssertOneLine(broken.Error);

        File.WriteAllText(Path.Combine(folder, "rules.json"), """[{"field": "custmer.email", "generator": "email"}]""");
        File.Copy(Path.Combine(SharedSchemas.Directory, "order.schema.json"), Path.Combine(folder, "order.schema.json"));
        var badRule = await PackedTool.RunAsync(["generate", "order.schema.json", "--count", "3", "--constraints", "rules.json"],
            workingDirectory: folder);
        Assert.Equal(2, badRule.ExitCode);
        Assert.Contains("customer.email", badRule.Error); // the checker's "did you mean"
        AssertOneLine(badRule.Error);
    }

    /// <summary>AWS Step Functions' shape: files that refer to each other in a cycle, so the main one is named.</summary>
    [Fact]
    public async Task Generate_reads_a_zip_of_json_schemas_in_a_cycle_with_its_main_file_named()
    {
        var folder = NewFolder();
        File.WriteAllBytes(Path.Combine(folder, "asl.zip"), Tdmp.Tests.Generation.Schema.SchemaText.Zip(
            ("state.json", Tdmp.Tests.Generation.Schema.JsonSchemaZipTests.State),
            ("state-machine.json", Tdmp.Tests.Generation.Schema.JsonSchemaZipTests.StateMachine)));

        var unnamed = await PackedTool.RunAsync(["generate", "asl.zip", "--count", "3"], workingDirectory: folder);
        Assert.Equal(2, unnamed.ExitCode);
        Assert.Contains("name it with 'main'", unnamed.Error);
        AssertOneLine(unnamed.Error);

        var named = await PackedTool.RunAsync(["generate", "asl.zip", "--main", "state-machine.json", "--count", "3", "--format", "jsonl",
            "--out", "asl.jsonl"], workingDirectory: folder);
        Assert.True(named.ExitCode == 0, named.Error);
        var records = File.ReadAllLines(Path.Combine(folder, "asl.jsonl"));
        Assert.Equal(3, records.Length);
        Assert.All(records, r => Assert.True(JsonDocument.Parse(r).RootElement.TryGetProperty("StartAt", out _), r));
    }

    [Fact]
    public async Task Generate_with_a_root_past_the_uploads_documents_writes_the_services_bytes()
    {
        // 120 global elements of 401 nodes each: the upload keeps documents up to its node budget, and doc119 is past it, so
        // the service reads the upload again with doc119 first; the tool said "no node 'doc119'".
        var fields = string.Concat(Enumerable.Range(0, 400).Select(i => $"<xs:element name=\"f{i}\" type=\"xs:int\"/>"));
        var elements = string.Concat(Enumerable.Range(0, 120).Select(i => $"<xs:element name=\"doc{i:000}\" type=\"T\"/>"));
        var xsd = $"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:complexType name="T"><xs:sequence>{fields}</xs:sequence></xs:complexType>{elements}</xs:schema>""";
        var folder = NewFolder();
        File.WriteAllText(Path.Combine(folder, "many.xsd"), xsd);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Workspace.Unique("many")), "name" },
            { new StringContent(xsd), "file", "many.xsd" },
        };
        var schema = await (await world.Superuser.PostAsync("/schemas", form)).ExpectAsync(HttpStatusCode.Created);
        Assert.DoesNotContain("doc119", schema.GetProperty("roots").EnumerateArray().Select(r => r.GetString()));
        var schemaId = schema.GetProperty("schema_id").GetInt64();
        var projectId = await Workspace.CreateProjectAsync(world.Superuser);
        await Workspace.LinkSchemaAsync(world.Superuser, projectId, schemaId);
        var dataset = await Workspace.GenerateAsync(world.Superuser, new
        {
            name = Workspace.Unique("many"), project_id = projectId, schema_id = schemaId, record_count = 2, types = new[] { "xml" },
            @params = new { seed = 5, root_path = "doc119" },
        });
        Assert.Equal("completed", dataset.GetProperty("status").GetString());
        var served = await world.Superuser.GetByteArrayAsync($"/data/{dataset.GetProperty("dataset_id").GetInt64()}?format=xml");

        var run = await PackedTool.RunAsync(["generate", "many.xsd", "--count", "2", "--seed", "5", "--format", "xml", "--root", "doc119",
            "--out", "many.zip", "--reference-date", dataset.GetProperty("params").GetProperty("reference_date").GetString()!],
            workingDirectory: folder);
        Assert.True(run.ExitCode == 0, run.Error);
        var written = File.ReadAllBytes(Path.Combine(folder, "many.zip"));
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(written));
        Assert.Equal(2, zip.Entries.Count);
        Assert.All(zip.Entries, e => Assert.StartsWith("<doc119", new StreamReader(e.Open()).ReadToEnd().Split('\n').First(l => !l.StartsWith("<?xml"))));
        Assert.Equal(Sha256(served), Sha256(written));
    }

    [Fact]
    public async Task Help_and_version_describe_the_tool()
    {
        var version = await PackedTool.RunAsync(["--version"]);
        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+\s*$", version.Output);

        var help = await PackedTool.RunAsync(["--help"]);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("generate", help.Output);
        Assert.Contains("run", help.Output);

        var runHelp = await PackedTool.RunAsync(["run", "--help"]);
        Assert.Equal(0, runHelp.ExitCode);
        Assert.Contains("--token", runHelp.Output);
        Assert.Contains("TDMP_TOKEN", runHelp.Output);
        Assert.Contains("Exit codes", runHelp.Output);
    }

    /// <summary>One line of the form "tdmp: ...", and no stack trace.</summary>
    private static void AssertOneLine(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var last = lines[^1];
        Assert.StartsWith("tdmp: ", last);
        Assert.DoesNotContain("   at ", stderr);
        Assert.DoesNotContain("Exception", stderr);
        // Only the failure itself, except for the "created" line of a dataset that was made before it failed.
        Assert.True(lines.Length == 1, $"Expected one line on stderr, got: {stderr}");
    }
}
