using System.Collections.Concurrent;
using Tdmp.Generation.Constraints;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Schema;

namespace Tdmp.Tests.Generation.Engine;

/// <summary>Plans of the shared schemas (compiled once per test run) and a one-call generator into memory.</summary>
public static class EngineFixtures
{
    private static readonly ConcurrentDictionary<string, GenerationPlan> Plans = new();

    public static GenerationPlan Plan(string schemaFile) =>
        Plans.GetOrAdd(schemaFile, f => GenerationPlan.Create(SharedSchemas.Read(f), [], null));

    public static GenerationPlan Plan(string schemaFile, params ConstraintRule[] rules) =>
        GenerationPlan.Create(SharedSchemas.Read(schemaFile), rules, null);

    public static string SchemaPath(string schemaFile) => Path.Combine(SharedSchemas.Directory, schemaFile);

    public static (MemorySink Sink, GenerationResult Result) Generate(GenerationPlan plan, GenerationOptions options)
    {
        var sink = new MemorySink();
        var result = DatasetGenerator.Generate(plan, options, sink, null, CancellationToken.None);
        return (sink, result);
    }

    public static string TempDirectory(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "tdmp-engine-tests", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
