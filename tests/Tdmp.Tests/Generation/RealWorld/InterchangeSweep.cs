using System.IO.Compression;
using System.Text.Json.Nodes;
using Json.Schema;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Schema;
using Tdmp.Tests.Generation.Engine;
using OutputFormat = Tdmp.Generation.Engine.OutputFormat;

namespace Tdmp.Tests.Generation.RealWorld;

/// <summary>
/// One published interchange / SBOM / metadata JSON Schema of <c>tests/data/schemas/real-world-interchange/</c> run the
/// way a user would upload it: a <c>.json</c> file as it is, a folder of files that <c>$ref</c> each other as one
/// <c>.zip</c> (CycloneDX's bom → spdx + jsf, OCI's manifest → descriptor → defs). Records of a few seeds are checked by
/// JsonSchema.Net and ajv, both given every file of the folder. The outcome is "valid", "refused: ...", "invalid: ..."
/// or "crash: ...", which the tests compare with <c>EXPECTED.tsv</c>.
/// </summary>
public static class InterchangeSweep
{
    public static string Directory => Path.Combine(SharedSchemas.Directory, "real-world-interchange");

    /// <summary>The folder's top-level <c>.json</c> files and its sub-folders (zip uploads).</summary>
    public static IEnumerable<string> Entries() =>
        System.IO.Directory.GetFiles(Directory, "*.json").Concat(System.IO.Directory.GetDirectories(Directory))
            .Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal);

    /// <summary>What the user uploads: the file, or the folder zipped with its relative paths.</summary>
    public static byte[] Upload(string entry)
    {
        var path = Path.Combine(Directory, entry);
        if (File.Exists(path)) return File.ReadAllBytes(path);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (relative, file) in Files(entry))
            {
                using var stream = zip.CreateEntry(relative).Open();
                stream.Write(File.ReadAllBytes(file));
            }
        return buffer.ToArray();
    }

    /// <summary>Every schema file of an entry, by its path relative to the entry's folder.</summary>
    private static List<(string Relative, string File)> Files(string entry)
    {
        var path = Path.Combine(Directory, entry);
        if (File.Exists(path)) return [(entry, path)];
        return System.IO.Directory.GetFiles(path, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(path, f).Replace('\\', '/'), f)).ToList();
    }

    /// <summary>The main file a folder names in its <c>main.txt</c> (uploaded as <c>main</c>: files that refer to each other in
    /// a cycle), or null.</summary>
    private static string? NamedMain(string entry) =>
        Path.Combine(Directory, entry, "main.txt") is var named && File.Exists(named) ? File.ReadAllText(named).Trim() : null;

    /// <summary>The main file of a folder: the one its <c>main.txt</c> names, or the one whose name no other file mentions
    /// (what the service's zip reader also picks, by its <c>$ref</c>s).</summary>
    private static string MainFile(string entry, List<(string Relative, string File)> files) =>
        NamedMain(entry) ?? (files.Count == 1 ? files[0].Relative
            : files.Single(f => !files.Any(o => o.Relative != f.Relative && System.Text.RegularExpressions.Regex.IsMatch(File.ReadAllText(o.File),
                "\"\\$ref\"\\s*:\\s*\"([^\"]*/)?" + System.Text.RegularExpressions.Regex.Escape(Path.GetFileName(f.Relative)) + "[\"#]"))).Relative);

    /// <summary>Read as the service's upload does.</summary>
    public static SchemaRepr Read(string entry) =>
        SchemaReader.Read(Upload(entry), SchemaLanguage.JsonSchema, SchemaReadLimits.Default, main: NamedMain(entry));

    public static string Run(string entry, int seeds, int recordsPerSeed)
    {
        var (all, failure) = SchemaStoreSweep.Generate(() => Read(entry), seeds, recordsPerSeed);
        if (all is null) return failure!;
        var dir = EngineFixtures.TempDirectory("interchange");
        var (mainId, spec, copies) = ValidatorCopies(entry, dir);
        var data = Path.Combine(dir, "records.json");
        File.WriteAllText(data, all.ToJsonString());

        var dialect = spec switch { "draft2020" => Dialect.Draft202012, "draft2019" => Dialect.Draft201909, _ => Dialect.Draft07 };
        JsonSchema schema;
        try
        {
            schema = BuildForJsonSchemaNet(copies, mainId, dialect);
        }
        catch (Exception e)
        {
            return "crash: JsonSchema.Net cannot read the schema: " + e.Message;
        }
        // JsonSchema.Net 8.0.5 throws on a patternProperties pattern that holds '/' (it looks the pattern up by its escaped
        // pointer form); such a schema (nbformat's "^application/(.*\\+)?json$") is checked by ajv alone.
        foreach (var item in copies.Any(c => PatternPropertyNames(JsonNode.Parse(File.ReadAllText(c.Path))).Any(n => n.Contains('/'))) ? [] : all)
            if (JsonSchemaNet.Errors(schema, item) is { } errors)
                return "invalid: JsonSchema.Net: " + Cut(errors) + " in " + Cut(item!.ToJsonString()) + " (" + data + ")";
        var wrapper = new JsonObject
        {
            ["$schema"] = spec == "draft2020" ? "https://json-schema.org/draft/2020-12/schema"
                : spec == "draft2019" ? "https://json-schema.org/draft/2019-09/schema" : "http://json-schema.org/draft-07/schema#",
            ["$id"] = "urn:tdmp:test:wrapper",
            ["type"] = "array",
            ["items"] = new JsonObject { ["$ref"] = mainId },
        };
        var wrapperPath = Path.Combine(dir, "wrapper.json");
        File.WriteAllText(wrapperPath, wrapper.ToJsonString());
        var (exit, output) = ExternalValidators.Run(ExternalValidators.Ajv, ["validate", $"--spec={spec}", "-c", "ajv-formats", "--strict=false",
            "--all-errors", "--errors=text", "-s", wrapperPath, .. copies.SelectMany(c => new[] { "-r", c.Path }), "-d", data]);
        return exit == 0 ? "valid" : "invalid: ajv: " + Cut(output);
    }

    /// <summary>The csv and sql of a few seeds: every csv parses back with its row count, and the sql loads into
    /// PostgreSQL with every child row's parent key resolving. Returns "" or what went wrong.</summary>
    public static string CheckTables(string entry, int seeds, int recordsPerSeed)
    {
        var plan = GenerationPlan.Create(Read(entry), [], null);
        var dir = EngineFixtures.TempDirectory("interchange-sql");
        var script = new System.Text.StringBuilder();
        for (var seed = 1; seed <= seeds; seed++)
        {
            var (sink, result) = EngineFixtures.Generate(plan,
                new GenerationOptions { Seed = seed, RecordCount = recordsPerSeed, Types = [OutputFormat.Sql, OutputFormat.Csv] });
            foreach (var f in result.Files.Where(f => f.Format == OutputFormat.Csv))
            {
                var rows = CsvReader.Parse(sink.Text(f.Name));
                if (rows.Count - 1 != f.RecordCount) return $"{f.Name}: {rows.Count - 1} csv rows, {f.RecordCount} records";
                if (rows.Any(r => r.Count != rows[0].Count)) return $"{f.Name}: a row's field count differs from the header's";
            }
            script.Append($"CREATE SCHEMA s{seed};\nSET search_path TO s{seed};\n");
            script.Append(sink.Text(result.Files.Single(f => f.Format == OutputFormat.Sql).Name));
        }
        var path = Path.Combine(dir, "all.sql");
        File.WriteAllText(path, script.ToString());
        var layout = Tdmp.Generation.Writers.RecordTableLayout.For(plan, null);
        return ExternalValidators.WithDatabase(db =>
        {
            ExternalValidators.Psql(db, file: path);
            var bad = SqlTableCheck.TablesWithOrphans(db, layout.Tables, [.. Enumerable.Range(1, seeds).Select(seed => $"s{seed}")]);
            return bad.Count == 0 ? "" : "orphan child rows: " + string.Join(", ", bad);
        });
    }

    /// <summary>
    /// The files as the validators are given them: each with an absolute <c>$id</c> (its own resolved against where it sits
    /// in the folder, or the URI the other files name it by when that differs, as the service's zip reader matches files by
    /// name), draft-04 spelled as draft-07 (neither validator reads draft-04 as such), the legacy "latest" <c>$schema</c> as
    /// 2020-12, a referenced file of another draft than the main file's read in the main file's (ajv-cli runs one draft),
    /// the official meta-schemas that are referenced added from the service's copies, and a <c>$ref</c> to a file that is
    /// in neither made a schema nothing satisfies (the generator must leave such properties out).
    /// </summary>
    private static (string MainId, string Spec, List<(string Id, string Path)> Copies) ValidatorCopies(string entry, string dir)
    {
        var files = Files(entry);
        var main = MainFile(entry, files);
        var parsed = files.Select(f =>
        {
            var schema = JsonNode.Parse(File.ReadAllText(f.File))!.AsObject();
            var draft4 = (schema["$schema"]?.GetValue<string>() ?? "").Contains("draft-04");
            var own = (draft4 ? schema["id"] : schema["$id"]) is JsonValue v && v.TryGetValue<string>(out var text) ? text : "";
            var id = new Uri(new Uri(new Uri("https://tdmp.invalid/"), f.Relative), own).GetLeftPart(UriPartial.Query);
            return (f.Relative, Schema: schema, Id: id);
        }).ToList();
        // Every URI a file is named by: its own, and each reference (resolved against any URI of the referring file) whose
        // path ends in the file's name; references from a file known under several URIs name further ones, until none is new
        // or for a few rounds: files that refer down to each other by relative paths (OPDS and Readium's "sub/x.json" both
        // ways) would name ever deeper URIs.
        var names = parsed.Select(p => new List<string> { p.Id }).ToList();
        List<string> targets;
        for (var round = 0; ; round++)
        {
            targets = parsed.SelectMany((p, k) => names[k].SelectMany(id => References(p.Schema).Select(r => Target(id, r))))
                .OfType<string>().Distinct().ToList();
            var grew = false;
            for (var k = 0; k < parsed.Count && parsed.Count > 1; k++)
                foreach (var t in targets.Where(t => t.EndsWith("/" + Path.GetFileName(parsed[k].Relative), StringComparison.Ordinal)))
                    if (!names[k].Contains(t))
                    {
                        names[k].Add(t);
                        grew = true;
                    }
            if (!grew || round == NamingRounds) break;
        }
        var ids = names.Select(n => n[0]).ToList();
        var metas = targets.Where(t => t.Contains("json-schema.org/", StringComparison.Ordinal) && !ids.Contains(t)).ToList();
        string Spec(JsonObject schema) => schema["$schema"]?.GetValue<string>() switch
        {
            { } u when u.Contains("2020-12") => "draft2020",
            { } u when u.Contains("2019-09") => "draft2019",
            { } u when u.Contains("draft-0") => "draft7",
            _ => "draft2020",
        };
        var mainSpec = Spec(parsed.Single(p => p.Relative == main).Schema);
        var copies = new List<(string, string)>();
        foreach (var meta in metas)
        {
            var name = new Uri(meta).AbsolutePath.Trim('/').Replace("draft/", "", StringComparison.Ordinal)
                .Replace("/schema", "", StringComparison.Ordinal);
            var file = Path.Combine(ExternalValidators.RepoRoot, "src", "Tdmp.Generation", "Schema", "Json", "MetaSchemas", name + ".json");
            if (!File.Exists(file) || (name == "draft-07" && mainSpec == "draft7")) continue; // ajv knows its own draft's
            parsed.Add((name, JsonNode.Parse(File.ReadAllText(file))!.AsObject(), meta));
            ids.Add(meta);
        }
        var known = ids.Concat(names.SelectMany(n => n)).Concat(mainSpec switch
        {
            "draft7" => ["http://json-schema.org/draft-07/schema"],
            "draft2020" => ["https://json-schema.org/draft/2020-12/schema", "http://json-schema.org/draft/2020-12/schema"],
            _ => ["https://json-schema.org/draft/2019-09/schema", "http://json-schema.org/draft/2019-09/schema"],
        }).ToHashSet();
        var i = 0;
        string? mainId = null;
        foreach (var (relative, schema, ownId) in parsed)
        {
            var id = ids[i];
            ForbidUnknownRefs(schema, ownId, known);
            if ((schema["$schema"]?.GetValue<string>() ?? "").Contains("draft-04"))
            {
                SchemaStoreSweep.Draft4ToDraft7(schema);
                schema["$schema"] = "http://json-schema.org/draft-07/schema#";
            }
            else if (schema["$schema"]?.GetValue<string>() is { Length: > 0 } uri && !uri.Contains("draft"))
                schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
            if (relative != main && Spec(schema) != mainSpec) schema.Remove("$schema");
            ExternalValidators.WithoutIdentityEscapes(schema);
            // A file named by several URIs (OCI's descriptor files are referenced from schemas with different $id
            // folders) is given to the validators once under each.
            foreach (var name in i < names.Count ? names[i] : [id])
            {
                schema["$id"] = name;
                var path = Path.Combine(dir, $"schema-{copies.Count}.json");
                File.WriteAllText(path, schema.ToJsonString());
                copies.Add((name, path));
            }
            i++;
            if (relative == main) mainId = id;
        }
        return (mainId!, mainSpec, copies);
    }

    private static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject o => (o["$ref"] is JsonValue r && r.TryGetValue<string>(out var target) ? [target] : Array.Empty<string>())
            .Concat(o.SelectMany(e => References(e.Value))),
        JsonArray a => a.SelectMany(References),
        _ => [],
    };

    /// <summary>The document a reference names (without fragment), or null for one inside the same document.</summary>
    /// <summary>How many rounds of naming files by the references to them (<see cref="ValidatorCopies"/>).</summary>
    private const int NamingRounds = 8;

    private static string? Target(string baseId, string reference) =>
        reference.StartsWith('#') ? null : new Uri(new Uri(baseId), reference).GetLeftPart(UriPartial.Query);

    private static void ForbidUnknownRefs(JsonNode? node, string baseId, HashSet<string> known)
    {
        if (node is JsonObject o)
        {
            if (o["$ref"] is JsonValue r && r.TryGetValue<string>(out var reference) && Target(baseId, reference) is { } target
                && !known.Contains(target))
            {
                o.Remove("$ref");
                o["not"] = new JsonObject();
            }
            foreach (var (_, child) in o.ToList()) ForbidUnknownRefs(child, baseId, known);
        }
        else if (node is JsonArray a)
            foreach (var child in a) ForbidUnknownRefs(child, baseId, known);
    }

    /// <summary>JsonSchema.Net resolves <c>$ref</c>s while building, so the files are built referenced ones first: each
    /// round builds what it can, until the main file is built.</summary>
    private static JsonSchema BuildForJsonSchemaNet(List<(string Id, string Path)> copies, string mainId, Dialect dialect)
    {
        var registry = new SchemaRegistry();
        var pending = copies.OrderBy(c => c.Id == mainId).ToList();
        JsonSchema? main = null;
        Exception? last = null;
        while (pending.Count > 0)
        {
            var built = 0;
            foreach (var copy in pending.ToList())
                try
                {
                    var schema = JsonSchema.FromText(File.ReadAllText(copy.Path),
                        new BuildOptions { SchemaRegistry = registry, Dialect = dialect }, new Uri(copy.Id));
                    registry.Register(new Uri(copy.Id), schema);
                    if (copy.Id == mainId) main = schema;
                    pending.Remove(copy);
                    built++;
                }
                catch (Exception e)
                {
                    last = e;
                }
            if (built == 0) throw last!;
        }
        return main!;
    }

    private static IEnumerable<string> PatternPropertyNames(JsonNode? node) => node switch
    {
        JsonObject o => (o["patternProperties"] is JsonObject p ? p.Select(e => e.Key) : [])
            .Concat(o.SelectMany(e => PatternPropertyNames(e.Value))),
        JsonArray a => a.SelectMany(PatternPropertyNames),
        _ => [],
    };

    private static string Cut(string text) => text.Length > 700 ? text[..700] + "..." : text;
}
