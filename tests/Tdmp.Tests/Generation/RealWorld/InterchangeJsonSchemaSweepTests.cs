using System.Text.Json.Nodes;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Writers;
using Tdmp.Tests.Generation.Engine;

namespace Tdmp.Tests.Generation.RealWorld;

/// <summary>
/// The published SBOM, interchange, metadata and build-format JSON Schemas of
/// <c>tests/data/schemas/real-world-interchange/</c> (CycloneDX, SPDX, SARIF, GeoJSON, CloudEvents, AsyncAPI, OpenAPI,
/// OSV, CSAF, OCI, STAC, HAR, nbformat, ...: see SOURCES.md there), each uploaded as a user would (a folder as a zip)
/// and run through <see cref="InterchangeSweep"/>. <c>EXPECTED.tsv</c> says what each must give: <c>valid</c>, or
/// <c>refused</c> with the reason the message must name; a third column <c>tables</c> asks for csv and sql as well.
/// </summary>
public class InterchangeJsonSchemaSweepTests
{
    private const int Seeds = 3;
    private const int RecordsPerSeed = 8;

    private static Dictionary<string, string[]> Expected() =>
        File.ReadAllLines(Path.Combine(InterchangeSweep.Directory, "EXPECTED.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .ToDictionary(p => p[0], p => p[1..]);

    public static TheoryData<string> Entries()
    {
        var data = new TheoryData<string>();
        foreach (var entry in InterchangeSweep.Entries()) data.Add(entry);
        return data;
    }

    public static TheoryData<string> EntriesWithTables()
    {
        var data = new TheoryData<string>();
        foreach (var (entry, columns) in Expected().OrderBy(e => e.Key, StringComparer.Ordinal))
            if (columns.Length > 1 && columns[1] == "tables") data.Add(entry);
        return data;
    }

    [Fact]
    public void Every_schema_of_the_folder_has_an_expectation_and_every_expectation_a_schema()
    {
        Assert.Equal(InterchangeSweep.Entries(), Expected().Keys.Order(StringComparer.Ordinal));
        Assert.True(InterchangeSweep.Entries().Count() >= 20);
    }

    [Theory]
    [MemberData(nameof(Entries))]
    public void Records_validate_or_the_schema_is_refused_for_the_expected_reason(string entry)
    {
        var expected = Expected()[entry][0];
        var outcome = InterchangeSweep.Run(entry, Seeds, RecordsPerSeed);
        if (expected == "valid") Assert.True(outcome == "valid", outcome);
        else
        {
            var reason = expected["refused: ".Length..];
            Assert.True(outcome.StartsWith("refused: ", StringComparison.Ordinal) && outcome.Contains(reason, StringComparison.Ordinal),
                $"expected refusal naming '{reason}', got {outcome}");
        }
    }

    /// <summary>Definition graphs that refer to each other widely without recursing were expanded at every use and cut by
    /// the reader's depth fallback (SARIF: 2,749 optional properties left out, CycloneDX 1.6: 2,268, OpenAPI 3.0: 4,958);
    /// with each definition built once and referenced at its other uses, inside oneOf alternatives too, they are read
    /// whole, and their records validate (the theory above). FHIR R4 went past the node limit (950,000 nodes without it):
    /// its resources are alternatives of every resource's <c>contained</c>, and all its content recurses through
    /// <c>extension</c>; alternatives, choices and content holding markers that point above it are shared now.</summary>
    [Theory]
    [InlineData("sarif-2.1.0.json", 3_000, true)]
    [InlineData("cyclonedx-1.6", 3_000, true)]
    [InlineData("openapi-3.0.json", 4_000, false)]
    [InlineData("fhir-schema.json", 17_000, true)]
    public void A_definition_graph_is_read_whole_with_each_definition_built_once(string entry, int nodesAtMost, bool nothingTruncated)
    {
        var repr = InterchangeSweep.Read(entry);
        Assert.Equal(0, repr.LeftOutByDepthCut);
        // OpenAPI's schema objects (checked as a whole, so built at every use) re-enter themselves with other sibling
        // keywords: optional nodes there are cut at the recursion limit.
        if (nothingTruncated) Assert.DoesNotContain(repr.AllNodes(), n => n.Truncated);
        Assert.True(repr.AllNodes().Count() <= nodesAtMost, $"{repr.AllNodes().Count()} repr nodes");
        var references = repr.AllNodes().Where(n => n.Reuses is not null).ToList();
        Assert.True(references.Count >= 100, $"{references.Count} references");
        // Every reference names content that is in the tree, with children of its own.
        var content = new Tdmp.Generation.Schema.ReprRecursion.ContentByPath(repr.AllNodes());
        Assert.All(references, r => Assert.NotEmpty(content.Of(r)!.Children));
    }

    /// <summary>FHIR is a union of ~150 small records (a oneOf of resources): its default depth counted every alternative, as
    /// csv and sql lay them out, which cut each record to its first level (20 records took 950 bytes, a resource type and
    /// little else). A record holds one alternative, so the depth is bounded by its size and the layout's larger budget.</summary>
    [Fact]
    public void A_union_of_small_records_is_not_cut_to_its_first_level_by_counting_every_alternative()
    {
        var plan = GenerationPlan.Create(InterchangeSweep.Read("fhir-schema.json"), [], null);
        Assert.True(plan.DepthLimit >= 2, $"depth limit {plan.DepthLimit}");
        var records = EngineFixtures.RecordsOfManySeeds(plan, 2, 20, jsonlEvery: 2);
        // Members of the resources' members are made (a narrative's div, a reference's reference, ...).
        Assert.Contains(records, r => r!.AsObject().Any(m => m.Value is JsonObject { Count: > 0 }));
        Assert.True(RecordTableLayout.For(plan, null).Tables.Count <= RecordTableLayout.MaxTables);
    }

    [Theory]
    [MemberData(nameof(EntriesWithTables))]
    public void Csv_parses_back_and_sql_loads_with_parent_keys_that_resolve(string entry) =>
        Assert.Equal("", InterchangeSweep.CheckTables(entry, seeds: 3, RecordsPerSeed));
}
