namespace Tdmp.Tests.Generation.RealWorld;

/// <summary>
/// The published XSDs of <c>tests/data/schemas/real-world-xsd/</c> (ISO 20022, OASIS, OGC, W3C, metadata and build
/// formats: see SOURCES.md there), each run like an upload by <see cref="XsdSweep"/>: XML of a few seeds validated by
/// xmllint with no warning, CSV parent keys that resolve, SQL that loads. <c>EXPECTED.tsv</c> says what each must give:
/// <c>valid</c>, <c>refused</c> with the text the message must contain (the node and why), or <c>known</c> with the text
/// of a recorded engine defect (invalid documents or a failure while generating): any other outcome fails the case.
/// </summary>
public class PublishedXsdSweepTests(PublishedXsdSweepTests.Database database) : IClassFixture<PublishedXsdSweepTests.Database>
{
    /// <summary>One database for the whole sweep (a database per case costs more than loading the case).</summary>
    public sealed class Database : IDisposable
    {
        public string Name { get; } = "tdmp_xsd_sweep_" + Guid.NewGuid().ToString("N")[..12];

        public Database() => Tdmp.Tests.Generation.Engine.ExternalValidators.Psql("postgres", $"CREATE DATABASE {Name};");

        public void Dispose() => Tdmp.Tests.Generation.Engine.ExternalValidators.Psql("postgres", $"DROP DATABASE IF EXISTS {Name} WITH (FORCE);");
    }

    private const int Seeds = 2;

    private static Dictionary<string, string> Expected() =>
        File.ReadAllLines(Path.Combine(XsdSweep.Directory, "EXPECTED.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t', 2))
            .ToDictionary(p => p[0], p => p[1]);

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var name in XsdSweep.Cases()) data.Add(name);
        return data;
    }

    [Fact]
    public void Every_case_of_the_folder_has_an_expectation_and_every_expectation_a_case()
    {
        Assert.Equal(XsdSweep.Cases(), Expected().Keys.Order(StringComparer.Ordinal));
        Assert.True(XsdSweep.Cases().Count() >= 15);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Documents_validate_or_the_schema_is_refused_for_the_expected_reason(string name)
    {
        var expected = Expected()[name];
        var outcome = XsdSweep.Run(name, Seeds, database.Name);
        if (expected == "valid") Assert.True(outcome == "valid", outcome);
        else if (expected.StartsWith("known: ", StringComparison.Ordinal))
        {
            // A defect of the engine, recorded so that a fix (or a new way to fail) shows: EXPECTED.tsv then changes.
            var defect = expected["known: ".Length..];
            Assert.True(outcome.StartsWith("invalid: ", StringComparison.Ordinal) || outcome.StartsWith("crash: ", StringComparison.Ordinal),
                $"the known defect '{defect}' is gone (update EXPECTED.tsv): {outcome}");
            Assert.True(outcome.Contains(defect, StringComparison.Ordinal), $"expected the known defect '{defect}', got {outcome}");
        }
        else
        {
            var reason = expected["refused: ".Length..];
            Assert.True(outcome.StartsWith("refused: ", StringComparison.Ordinal) && outcome.Contains(reason, StringComparison.Ordinal),
                $"expected refusal naming '{reason}', got {outcome}");
        }
    }
}
