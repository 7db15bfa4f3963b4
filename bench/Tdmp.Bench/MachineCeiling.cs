using System.Diagnostics;

/// <summary>
/// How much faster this machine runs work that needs no coordination at all on every core than on one: the ceiling for
/// any speed-up the engine can show here (two vCPUs of a VM are often hyper-threads of one physical core).
/// </summary>
static class MachineCeiling
{
    public static double SpeedUp(int cores)
    {
        Measure(1); // warm-up
        return Measure(cores) / Measure(1);
    }

    /// <summary>Jobs per second with <paramref name="threads"/> threads, each running the same integer loop.</summary>
    private static double Measure(int threads)
    {
        var sw = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(Spin)).ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());
        return threads / sw.Elapsed.TotalSeconds;
    }

    private static void Spin()
    {
        var x = 1UL;
        for (var i = 0L; i < 300_000_000; i++) x = x * 6364136223846793005UL + 1442695040888963407UL;
        if (x == 42) Console.WriteLine(); // keeps the loop from being optimised away
    }
}
