namespace Tdmp.Tests.Generation.RealWorld;

public class SweepReportTests
{
    [Fact]
    public void Report()
    {
        var lines = new List<string>();
        foreach (var f in SchemaStoreSweep.Files().Where(f => Environment.GetEnvironmentVariable("SWEEP_ONLY") is not { Length: > 0 } only || only.Split(",").Contains(f)))
        {
            string outcome;
            try { outcome = SchemaStoreSweep.Run(f, 3, 3); } catch (Exception e) { outcome = "crash: " + e; }
            lines.Add(f + "\t" + outcome.Replace('\n', ' '));
            File.WriteAllLines(Environment.GetEnvironmentVariable("SWEEP_OUT") ?? "/tmp/jr-sweep.tsv", lines);
        }
        Assert.NotEmpty(lines);
    }
}
