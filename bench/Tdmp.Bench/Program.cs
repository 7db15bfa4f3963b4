using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Tdmp.Bench;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Schema;
using Tdmp.Generation.Writers;

// The generation benchmark: records/s, MB/s and peak memory per schema and format, on one core and
// on all, next to a hand-written Utf8JsonWriter loop and json-schema-faker in the same run.
// Usage: dotnet run -c Release --project bench/Tdmp.Bench [-- --records N] [--faker-seconds S] [--no-faker] [--ten-million] [--quick]
//        dotnet run -c Release --project bench/Tdmp.Bench -- --compile PATH [--max-depth N]
//            (one schema file or zip folder: compile time and memory)

var records = IntArg("--records", 200_000);
var fakerSeconds = IntArg("--faker-seconds", 5);
var noFaker = args.Contains("--no-faker");
var tenMillion = args.Contains("--ten-million");
var quick = args.Contains("--quick");
if (args.Contains("--memory-run")) return MemoryRun(IntArg("--memory-run-records", 10_000_000));
if (args.Contains("--compile"))
    return CompileRun(args[Array.IndexOf(args, "--compile") + 1], args.Contains("--max-depth") ? IntArg("--max-depth", 3) : null,
        args.Contains("--generate") ? args[Array.IndexOf(args, "--generate") + 1] : null, IntArg("--records", 100));

var repo = FindRepo();
var schemas = Path.GetFullPath(Path.Combine(repo, "tests", "data", "schemas"));
var cores = Environment.ProcessorCount;
Console.WriteLine(
    $"TDMP generation benchmark · engine {GenerationPlan.EngineVersion} · {cores} cores · .NET {Environment.Version} · "
    + $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Console.WriteLine();

var order = Plan("order.schema.json");
var invoice = Plan("invoice.xsd");
// Warm-up: every writer through tiered JIT compilation before anything is timed.
foreach (var plan in quick ? [order] : new[] { order, invoice })
    foreach (var format in quick ? [OutputFormat.Json] : OutputFormats.All.Select(f => f.Format).ToArray())
        Measure(plan, [format], 40_000, cores);

Console.WriteLine($"{"schema",-18} {"format",-6} {"cores",5} {"records",10} {"seconds",8} {"records/s",12} {"MB/s",8} {"rec/cpu-s",12}");
var results = new List<(string Schema, OutputFormat Format, int Cores, double RecordsPerSecond, double MbPerSecond, double RecordsPerCpuSecond)>();
foreach (var (name, plan, count) in quick ? [("order.schema.json", order, (long)records)]
    : new[] { ("order.schema.json", order, (long)records), ("invoice.xsd", invoice, records / 2L) })
{
    foreach (var format in quick ? [OutputFormat.Json] : OutputFormats.All.Select(f => f.Format).ToArray())
    {
        foreach (var c in cores > 1 ? new[] { 1, cores } : [1])
        {
            var (seconds, bytes, cpuSeconds) = Measure(plan, [format], count, c);
            var rps = count / seconds;
            var mbps = bytes / seconds / (1024 * 1024);
            results.Add((name, format, c, rps, mbps, count / cpuSeconds));
            Console.WriteLine(
                $"{name,-18} {format.ToString().ToLowerInvariant(),-6} {c,5} {count,10:N0} {seconds,8:F2} {rps,12:N0} {mbps,8:F1} "
                + $"{count / cpuSeconds,12:N0}");
        }
    }
}

var enginePeak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024);

// Baseline (a): the hand-written ceiling, one core.
HandWrittenOrderWriter.Run(100_000, 1);
var handSeconds = double.MaxValue;
var handCpu = double.MaxValue;
long handBytes = 0;
for (var run = 0; run < 2; run++)
{
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var sw = Stopwatch.StartNew();
    handBytes = HandWrittenOrderWriter.Run(records, 1);
    handSeconds = Math.Min(handSeconds, sw.Elapsed.TotalSeconds);
    handCpu = Math.Min(handCpu, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
}
var handRps = records / handSeconds;
var handCpuRps = records / handCpu;
Console.WriteLine(
    $"{"hand-written",-18} {"json",-6} {1,5} {records,10:N0} {handSeconds,8:F2} {handRps,12:N0} {handBytes / handSeconds / (1024 * 1024),8:F1} "
    + $"{handCpuRps,12:N0}   (Utf8JsonWriter, no schema logic)");

// Baseline (b): json-schema-faker on the same schema, for a time budget.
double? fakerRps = noFaker ? null : RunFaker(Path.Combine(schemas, "order.schema.json"), fakerSeconds);
if (fakerRps is { } f) Console.WriteLine(
    $"{"json-schema-faker",-18} {"json",-6} {1,5} {"",10} {fakerSeconds,8} {f,12:N0} {"",8}   (npm json-schema-faker, node {NodeVersion()})");

Console.WriteLine();
var orderJson1 = results.First(r => r.Schema == "order.schema.json" && r.Format == OutputFormat.Json && r.Cores == 1);
var json1 = orderJson1.RecordsPerSecond;
Console.WriteLine($"order.schema.json json, 1 core: {json1:N0} records/s = {json1 / handRps:P0} of the hand-written ceiling by wall clock, "
    + $"{orderJson1.RecordsPerCpuSecond / handCpuRps:P0} by CPU time (target ≥ 50%)");
if (fakerRps is { } fr) Console.WriteLine($"order.schema.json json, 1 core: {json1 / fr:N0}× json-schema-faker (target ≥ 50×)");
if (cores > 1)
    foreach (var (name, format, _, rps, _, cpuRps) in results.Where(r => r.Cores == 1))
    {
        var all = results.First(r => r.Schema == name && r.Format == format && r.Cores == cores);
        // Wall-clock speed-up needs idle cores; records per CPU-second staying level shows no parallel overhead.
        Console.WriteLine($"speed-up {name} {format.ToString().ToLowerInvariant()}: {all.RecordsPerSecond / rps:F2}× wall clock on {cores} cores, "
            + $"{all.RecordsPerCpuSecond / cpuRps:P0} of one core's records per CPU-second");
    }
if (cores > 1)
    Console.WriteLine($"this machine's own ceiling: {MachineCeiling.SpeedUp(cores):F2}× on {cores} cores for work with no coordination at all "
        + "(independent integer loops, one per core)");
Console.WriteLine(
    $"peak working set of the engine runs above: {enginePeak:F0} MiB (the whole process incl. baselines: "
    + $"{Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024):F0} MiB)");

if (tenMillion)
{
    Console.WriteLine();
    Console.WriteLine("10,000,000 order records (json, unique order_id and email, all cores) in a separate process ...");
    var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
    // Started as "dotnet Tdmp.Bench.dll": the child needs the dll path too.
    if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") psi.ArgumentList.Add(Environment.GetCommandLineArgs()[0]);
    psi.ArgumentList.Add("--memory-run");
    using var child = Process.Start(psi)!;
    Console.WriteLine(child.StandardOutput.ReadToEnd().TrimEnd());
    child.WaitForExit();
}
return 0;

GenerationPlan Plan(string file)
{
    var repr = SchemaReader.Read(File.ReadAllBytes(Path.Combine(schemas, file)), null, SchemaReadLimits.Default);
    return GenerationPlan.Create(repr, [], null);
}

// Best of two: the machine is shared, the faster run is the one less disturbed.
static (double Seconds, long Bytes, double CpuSeconds) Measure(GenerationPlan plan, OutputFormat[] formats, long count, int dop)
{
    var best = double.MaxValue;
    var bestCpu = double.MaxValue;
    long bytes = 0;
    for (var run = 0; run < 2; run++)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var result = DatasetGenerator.Generate(plan,
            new GenerationOptions { Seed = 1, RecordCount = count, Types = formats, MaxDegreeOfParallelism = dop }, new NullOutputSink(), null,
            CancellationToken.None);
        best = Math.Min(best, sw.Elapsed.TotalSeconds);
        bestCpu = Math.Min(bestCpu, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
        bytes = result.Files.Sum(f => f.SizeBytes);
    }
    return (best, bytes, bestCpu);
}

static int MemoryRun(long count)
{
    var repo = FindRepo();
    var repr = SchemaReader.Read(File.ReadAllBytes(Path.Combine(repo, "tests", "data", "schemas", "order.schema.json")), null,
        SchemaReadLimits.Default);
    var rules = JsonSerializer.Deserialize<List<Tdmp.Generation.Constraints.ConstraintRule>>(
        """[{"Field":"order_id","Unique":true},{"Field":"customer.email","Unique":true},{"Field":"order_number","Unique":true}]""")!;
    var plan = GenerationPlan.Create(repr, rules, null);
    var sw = Stopwatch.StartNew();
    var result = DatasetGenerator.Generate(plan, new GenerationOptions { Seed = 1, RecordCount = count, Types = [OutputFormat.Json] },
        new NullOutputSink(), null, CancellationToken.None);
    var seconds = sw.Elapsed.TotalSeconds;
    var bytes = result.Files.Sum(f => f.SizeBytes);
    var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024);
    Console.WriteLine(
        $"{count:N0} records, {bytes / (1024.0 * 1024 * 1024):F2} GiB of JSON in {seconds:F1} s ({count / seconds:N0} records/s); "
        + $"peak working set {peak:F0} MiB (target ≤ 200 MiB)");
    return 0;
}

double? RunFaker(string schemaPath, int seconds)
{
    var nodeDir = Path.Combine(repo, "bench", "node");
    if (!Directory.Exists(Path.Combine(nodeDir, "node_modules", "json-schema-faker")))
    {
        Console.WriteLine("installing json-schema-faker into bench/node (npm) ...");
        var install = Run("npm", ["install", "--no-audit", "--no-fund", "--silent"], nodeDir, 300);
        if (install is null) return null;
    }
    var output = Run("node", ["faker-baseline.mjs", schemaPath, (seconds * 1000).ToString(CultureInfo.InvariantCulture)], nodeDir, seconds + 60);
    if (output is null) return null;
    using var doc = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
    return doc.RootElement.GetProperty("records").GetDouble() / (doc.RootElement.GetProperty("ms").GetDouble() / 1000);
}

static string? Run(string file, string[] arguments, string directory, int timeoutSeconds)
{
    try
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true,
            UseShellExecute = false };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeoutSeconds * 1000)) { p.Kill(true); return null; }
        return p.ExitCode == 0 ? stdout.Result : null;
    }
    catch (System.ComponentModel.Win32Exception)
    {
        Console.WriteLine($"({file} is not installed: baseline skipped)");
        return null;
    }
}

static string NodeVersion() => Run("node", ["--version"], ".", 10)?.Trim() ?? "?";

// Reading and compiling one schema (a .xsd/.json file, or a folder uploaded as a zip) in a fresh process:
// wall time, repr nodes, plan nodes and peak working set; with `--generate FORMAT`, also `--records` records of it
// (100 by default) in that format, timed, with the peak working set after (csv and sql of a wide union such as FHIR
// lay out thousands of tables).
static int CompileRun(string path, int? maxDepth, string? format, int count)
{
    byte[] upload;
    if (Directory.Exists(path))
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
            foreach (var file in Directory.GetFiles(path, "*.*", SearchOption.AllDirectories)
                         .Where(f => Path.GetExtension(f).ToLowerInvariant() is ".xsd" or ".json"))
                using (var entry = zip.CreateEntry(Path.GetRelativePath(path, file).Replace('\\', '/')).Open())
                    entry.Write(File.ReadAllBytes(file));
        upload = buffer.ToArray();
    }
    else upload = File.ReadAllBytes(path);
    var exceptions = 0;
    AppDomain.CurrentDomain.FirstChanceException += (_, _) => Interlocked.Increment(ref exceptions);
    var clock = Stopwatch.StartNew();
    var repr = SchemaReader.Read(upload, null, SchemaReadLimits.Default);
    var read = clock.Elapsed.TotalMilliseconds;
    var plan = GenerationPlan.Create(repr, [], null, maxDepth);
    var total = clock.Elapsed.TotalMilliseconds;
    using var self = Process.GetCurrentProcess();
    self.Refresh();
    var shown = string.Join('/', path.TrimEnd('/').Split('/').TakeLast(2));
    Console.WriteLine($"{shown}: read {read:F0} ms, read+plan {total:F0} ms, {repr.AllNodes().Count():N0} repr nodes, " +
        $"{plan.Nodes.Count:N0} plan nodes (max_depth {maxDepth?.ToString() ?? "-"}), " +
        $"{repr.AllNodes().Count(n => n.RecursesTo is not null):N0} recursion markers, {repr.AllNodes().Count(n => n.Truncated):N0} truncated, " +
        $"{repr.LeftOutByDepthCut:N0} properties left out by the depth cut, " +
        $"{repr.AllNodes().Count(n => n.Reuses is not null):N0} references, depth limit {plan.DepthLimit?.ToString() ?? "-"}, " +
        $"{exceptions:N0} exceptions, peak working set {self.PeakWorkingSet64 / 1024.0 / 1024.0:F0} MiB");
    if (format is null) return 0;
    clock.Restart();
    DatasetGenerator.Generate(plan, new GenerationOptions { Seed = 1, RecordCount = count, Types = [GenerationOptions.ParseFormat(format)] },
        new NullOutputSink(), null, CancellationToken.None);
    self.Refresh();
    Console.WriteLine($"{shown}: {count:N0} records as {format} in {clock.Elapsed.TotalMilliseconds:F0} ms, " +
        $"peak working set {self.PeakWorkingSet64 / 1024.0 / 1024.0:F0} MiB");
    return 0;
}

static string FindRepo()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Tdmp.sln"))) return dir.FullName;
    throw new InvalidOperationException("Tdmp.sln not found above " + AppContext.BaseDirectory);
}

int IntArg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
}
