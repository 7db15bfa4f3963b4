using Tdmp.Generation.Regexes;
using Tdmp.Generation.Schema;

namespace Tdmp.Tests.Generation.RealWorld;

/// <summary>A dataset is a function of the schema, the rules and the seed: which patterns are refused (a refused one
/// drops its anyOf alternative, changing the records) and where a request's regex budget runs out must not depend on
/// how fast the machine is. GitHub's workflow schema has a catastrophic pattern ('uses') next to ordinary ones.</summary>
public class RegexDeterminismTests
{
    private static string Records(TimeSpan regexTimeout)
    {
        using var budget = RegexBudget.Begin();
        var path = Path.Combine(SharedSchemas.Directory, "real-world", "github-workflow", "github-workflow.json");
        var limits = SchemaReadLimits.Default with { RegexTimeout = regexTimeout };
        var (records, failure) = SchemaStoreSweep.Generate(
            () => SchemaReader.Read(File.ReadAllBytes(path), SchemaLanguage.JsonSchema, limits), seeds: 3, recordsPerSeed: 5);
        Assert.True(records is not null, failure);
        return budget.Spent + " steps: " + records.ToJsonString();
    }

    [Fact]
    public void Github_workflow_records_and_regex_work_are_the_same_with_a_timeout_far_too_short_or_long()
    {
        var normal = Records(TimeSpan.FromMilliseconds(200));
        Assert.Equal(normal, Records(TimeSpan.FromTicks(1)));
        Assert.Equal(normal, Records(TimeSpan.FromSeconds(30)));
    }
}
