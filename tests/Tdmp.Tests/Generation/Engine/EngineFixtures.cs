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

    /// <summary>
    /// The records of <paramref name="seeds"/> small json files (every <paramref name="jsonlEvery"/>-th as jsonl, locales
    /// alternating), read back into one array for a validator: many seeds in one validator call.
    /// </summary>
    public static System.Text.Json.Nodes.JsonArray RecordsOfManySeeds(GenerationPlan plan, int seeds, int recordsPerSeed, int jsonlEvery)
    {
        var all = new System.Text.Json.Nodes.JsonArray();
        for (var seed = 1; seed <= seeds; seed++)
        {
            var format = seed % jsonlEvery == 0 ? OutputFormat.Jsonl : OutputFormat.Json;
            var (sink, result) = Generate(plan, new GenerationOptions
            {
                Seed = seed, RecordCount = recordsPerSeed, Types = [format], Locale = seed % 2 == 0 ? "de" : "en",
            });
            var text = sink.Text(Assert.Single(result.Files).Name);
            if (format == OutputFormat.Json)
                // A record may be null where the schema allows it.
                foreach (var item in System.Text.Json.Nodes.JsonNode.Parse(text)!.AsArray()) all.Add(item?.DeepClone());
            else
                foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries)) all.Add(System.Text.Json.Nodes.JsonNode.Parse(line));
        }
        Assert.Equal(seeds * recordsPerSeed, all.Count);
        return all;
    }

    /// <summary>A one-file XSD read, planned for <paramref name="root"/> (null: the reader's record) and written as XML for
    /// seeds 1 to <paramref name="seeds"/>, every document checked by xmllint with nothing but "validates" printed.</summary>
    public static (SchemaRepr Repr, List<string> Files) ValidXmlDocuments(string name, string xsd, string? root, int seeds, int records)
    {
        var repr = SchemaReader.Read(System.Text.Encoding.UTF8.GetBytes(xsd), SchemaLanguage.Xsd, SchemaReadLimits.Default);
        var (dir, path) = WriteSchemaFiles(name, new Dictionary<string, string> { ["schema.xsd"] = xsd });
        var files = XmlFiles(GenerationPlan.Create(repr, [], root), dir, seeds, records);
        ExternalValidators.AssertXmllintValidQuietly(path, files);
        return (repr, files);
    }

    /// <summary>The XML files of seeds 1 to <paramref name="seeds"/> (<paramref name="records"/> records each), written into
    /// <paramref name="dir"/> for xmllint: one document a seed, or one a record when the plan's root is inside the
    /// document.</summary>
    public static List<string> XmlFiles(GenerationPlan plan, string dir, int seeds, int records)
    {
        var files = new List<string>();
        for (var seed = 1; seed <= seeds; seed++)
        {
            var (sink, result) = Generate(plan, new GenerationOptions { Seed = seed, RecordCount = records, Types = [OutputFormat.Xml] });
            foreach (var f in result.Files)
            {
                files.Add(Path.Combine(dir, $"{seed}-{f.Name}"));
                File.WriteAllBytes(files[^1], sink.Bytes(f.Name));
            }
        }
        Assert.NotEmpty(files);
        return files;
    }

    /// <summary>A schema of several files written into a new temporary folder; the path of <c>main.xsd</c>, or of the
    /// first file.</summary>
    public static (string Dir, string MainPath) WriteSchemaFiles(string name, IReadOnlyDictionary<string, string> files)
    {
        var dir = TempDirectory(name);
        foreach (var (file, text) in files) File.WriteAllText(Path.Combine(dir, file), text);
        return (dir, Path.Combine(dir, files.ContainsKey("main.xsd") ? "main.xsd" : files.Keys.First()));
    }

    public static string TempDirectory(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "tdmp-engine-tests", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>
    /// Whether an e-mail spells a person's name: the ASCII letters of the name appear in order in the local part
    /// (accents, apostrophes, hyphens and spaces may be spelt differently or dropped).
    /// </summary>
    public static bool SpellsName(string email, params string[] nameParts)
    {
        var local = email[..email.IndexOf('@')];
        var at = 0;
        foreach (var c in string.Concat(nameParts).ToLowerInvariant())
        {
            if (c is < 'a' or > 'z') continue;
            at = local.IndexOf(c, at);
            if (at < 0) return false;
            at++;
        }
        return local.Length > 0 && char.IsAsciiLetterLower(local[0]);
    }

    /// <summary>Whether a generated name is one of <paramref name="pool"/> or a double name of two of them (Anne-Sophie).</summary>
    public static bool InPool(string name, IReadOnlyCollection<string> pool) =>
        pool.Contains(name) || name.Split('-').All(pool.Contains)
            || Enumerable.Range(1, name.Length - 1).Any(i => name[i] == '-' && pool.Contains(name[..i]) && pool.Contains(name[(i + 1)..]));
}
