namespace Tdmp.Tests.Generation.RealWorld;

/// <summary>
/// The published JSON Schemas of <c>tests/data/schemas/real-world-extra/</c> (SchemaStore configuration files: see
/// SOURCES.md there), each run like an upload: read, plan, a few records of a few seeds, checked by JsonSchema.Net and
/// ajv. <c>EXPECTED.tsv</c> says what each must give: <c>valid</c>, or <c>refused</c> with the reason the message must
/// name (a reference to a file that is not in the upload, a regex feature the generator cannot make, the size limit).
/// A schema that gives invalid records, or fails while generating, always fails its case.
/// </summary>
public class PublishedJsonSchemaSweepTests
{
    private const int Seeds = 3;
    private const int RecordsPerSeed = 8;

    private static Dictionary<string, string> Expected() =>
        File.ReadAllLines(Path.Combine(SchemaStoreSweep.Directory, "EXPECTED.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t', 2))
            .ToDictionary(p => p[0], p => p[1]);

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in SchemaStoreSweep.Files()) data.Add(file);
        return data;
    }

    [Fact]
    public void Every_schema_of_the_folder_has_an_expectation_and_every_expectation_a_schema()
    {
        Assert.Equal(SchemaStoreSweep.Files().Order(StringComparer.Ordinal), Expected().Keys.Order(StringComparer.Ordinal));
        Assert.True(SchemaStoreSweep.Files().Count() >= 60);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Records_validate_or_the_schema_is_refused_for_the_expected_reason(string file)
    {
        var expected = Expected()[file];
        var outcome = SchemaStoreSweep.Run(file, Seeds, RecordsPerSeed);
        if (expected == "valid") Assert.True(outcome == "valid", outcome);
        else
        {
            var reason = expected["refused: ".Length..];
            Assert.True(outcome.StartsWith("refused: ", StringComparison.Ordinal) && outcome.Contains(reason, StringComparison.Ordinal),
                $"expected refusal naming '{reason}', got {outcome}");
        }
    }

    /// <summary>Cloud Run's resources are one object whose undeclared <c>kind</c> eight ifs test, each then a resource's whole
    /// schema. Records used to take none of those kinds; now they are spread over them (and, valid, they are each their
    /// kind's resource: the case above).</summary>
    [Fact]
    public void Ifs_on_an_undeclared_kind_give_records_of_the_kinds_they_name()
    {
        var repr = Tdmp.Generation.Schema.SchemaReader.Read(File.ReadAllBytes(Path.Combine(SchemaStoreSweep.Directory, "cloud-run-v1.json")),
            null, Tdmp.Generation.Schema.SchemaReadLimits.Default);
        var records = Engine.EngineFixtures.RecordsOfManySeeds(Tdmp.Generation.Engine.GenerationPlan.Create(repr, [], null), 4, 10, jsonlEvery: 2);
        var kinds = records.Select(r => r!["kind"]?.GetValue<string>()).ToHashSet();
        Assert.True(kinds.IsSubsetOf(["Revision", "Configuration", "DomainMapping", "Task", "Execution", "Job", "Route", "Service"]),
            string.Join(", ", kinds));
        Assert.True(kinds.Count >= 6, string.Join(", ", kinds));
    }

    /// <summary>The strict draft-07 meta-schema nests its definitions in each other at every level, and the compiler reaches
    /// many uses of shared content (properties an <c>if</c> tests, compiled first) before the place the reader built it.
    /// Each such use compiled a copy of its own, 672,276 plan nodes in about 10 s; now later uses share the first copy.</summary>
    [Fact]
    public void A_use_reached_before_its_shared_content_is_compiled_shares_one_copy_with_later_uses()
    {
        var repr = Tdmp.Generation.Schema.SchemaReader.Read(
            File.ReadAllBytes(Path.Combine(SchemaStoreSweep.Directory, "metaschema-draft-07-unofficial-strict.json")), null,
            Tdmp.Generation.Schema.SchemaReadLimits.Default);
        var plan = Tdmp.Generation.Engine.GenerationPlan.Create(repr, [], null);
        Assert.True(plan.Nodes.Count < 10_000, $"{plan.Nodes.Count} plan nodes");
    }
}
