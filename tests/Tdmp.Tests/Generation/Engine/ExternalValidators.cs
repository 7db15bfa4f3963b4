using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Writers;

namespace Tdmp.Tests.Generation.Engine;

/// <summary>The independent validators generated files are checked with: ajv, xmllint, psql.</summary>
public static class ExternalValidators
{
    public static string RepoRoot { get; } = FindRepoRoot();

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Tdmp.sln"))) return dir.FullName;
        throw new InvalidOperationException("Tdmp.sln not found above " + AppContext.BaseDirectory);
    }

    public static string Ajv
    {
        get
        {
            var local = Path.Combine(RepoRoot, ".tools", "node_modules", ".bin", "ajv");
            if (File.Exists(local)) return local;
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
                if (File.Exists(Path.Combine(dir, "ajv"))) return Path.Combine(dir, "ajv");
            throw new InvalidOperationException("ajv not found: run scripts/test-tools.sh");
        }
    }

    public static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        return null;
    }

    public static string PgConnection => Environment.GetEnvironmentVariable("TDMP_TEST_PG")
        ?? "Host=127.0.0.1;Port=54329;Username=tdmp;Database=postgres";

    public static (int Exit, string Output) Run(string file, IEnumerable<string> args, string? stdin = null, int timeoutSeconds = 120,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null, UseShellExecute = false,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) psi.Environment[key] = value;
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }
        if (!p.WaitForExit(timeoutSeconds * 1000))
        {
            p.Kill(true);
            throw new TimeoutException($"{file} did not finish in {timeoutSeconds}s");
        }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>
    /// Validates every element of a JSON array file against a JSON Schema with ajv in one call: the
    /// schema is given an $id and referenced from an array wrapper, so its own refs keep resolving.
    /// </summary>
    public static void AssertAjvValidArray(string schemaPath, string arrayFile, string spec)
    {
        var dir = Path.GetDirectoryName(arrayFile)!;
        var schema = JsonNode.Parse(File.ReadAllText(schemaPath))!.AsObject();
        schema["$id"] = "urn:tdmp:test:root";
        var schemaCopy = Path.Combine(dir, "schema-under-test.json");
        File.WriteAllText(schemaCopy, schema.ToJsonString());
        var wrapper = new JsonObject
        {
            ["$schema"] = schema["$schema"]?.DeepClone(),
            ["$id"] = "urn:tdmp:test:wrapper",
            ["type"] = "array",
            ["items"] = new JsonObject { ["$ref"] = "urn:tdmp:test:root" },
        };
        var wrapperPath = Path.Combine(dir, "wrapper.json");
        File.WriteAllText(wrapperPath, wrapper.ToJsonString());
        var (exit, output) = Run(Ajv, ["validate", $"--spec={spec}", "-c", "ajv-formats", "--strict=false", "--all-errors", "--errors=text",
            "-s", wrapperPath, "-r", schemaCopy, "-d", arrayFile]);
        Assert.True(exit == 0, $"ajv rejected {arrayFile}:\n{Truncate(output)}");
    }

    /// <summary>ajv compiles patterns with the <c>u</c> flag, under which an escaped character that needs none outside a
    /// class (STIX's <c>\-?</c>) makes the schema invalid; without the escape the pattern means the same. Applied to the
    /// copies of a schema the validators are given.</summary>
    public static void WithoutIdentityEscapes(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["pattern"] is JsonValue v && v.TryGetValue<string>(out var pattern)) o["pattern"] = Unescaped(pattern);
                if (o["patternProperties"] is JsonObject patterns)
                    foreach (var (key, value) in patterns.ToList())
                    {
                        patterns.Remove(key);
                        patterns[Unescaped(key)] = value;
                    }
                foreach (var (_, child) in o.ToList()) WithoutIdentityEscapes(child);
                break;
            case JsonArray a:
                foreach (var child in a) WithoutIdentityEscapes(child);
                break;
        }
    }

    private static string Unescaped(string pattern)
    {
        var sb = new System.Text.StringBuilder();
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[++i];
                if (!inClass && next is '-' or '/' or '"' or '\'' or '#' or ' ' or '%' or '&' or ',' or ':' or ';' or '<' or '=' or '>' or '@'
                    or '_' or '`' or '~' or '!') sb.Append(next);
                else sb.Append(c).Append(next);
                continue;
            }
            if (c == '[') inClass = true;
            else if (c == ']') inClass = false;
            sb.Append(c);
        }
        return sb.ToString();
    }

    public static void AssertXmllintValid(string xsdPath, IReadOnlyList<string> xmlFiles)
    {
        for (var i = 0; i < xmlFiles.Count; i += 200)
        {
            var batch = xmlFiles.Skip(i).Take(200);
            var (exit, output) = Run("xmllint", ["--noout", "--nonet", "--schema", xsdPath, .. batch]);
            Assert.True(exit == 0, $"xmllint rejected files:\n{Truncate(output)}");
        }
    }

    /// <summary>Like <see cref="AssertXmllintValid"/>, and xmllint may print nothing but "FILE validates": no warning
    /// (namespace warnings included). <paramref name="catalog"/> maps absolute schema URLs to local files.</summary>
    public static void AssertXmllintValidQuietly(string xsdPath, IReadOnlyList<string> xmlFiles, string? catalog = null)
    {
        var environment = catalog is null ? null : new Dictionary<string, string> { ["XML_CATALOG_FILES"] = catalog };
        for (var i = 0; i < xmlFiles.Count; i += 100)
        {
            var batch = xmlFiles.Skip(i).Take(100).ToList();
            var (exit, output) = Run("xmllint", ["--noout", "--nonet", "--schema", xsdPath, .. batch], environment: environment);
            var noise = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Where(line => !batch.Any(f => line == f + " validates")).ToList();
            Assert.True(exit == 0 && noise.Count == 0, $"xmllint (exit {exit}) printed:\n{Truncate(string.Join('\n', noise))}");
        }
    }

    public static void AssertWellFormedXml(string xmlFile)
    {
        var (exit, output) = Run("xmllint", ["--noout", "--nonet", xmlFile]);
        Assert.True(exit == 0, $"not well-formed: {xmlFile}\n{Truncate(output)}");
    }

    /// <summary>Runs SQL in a fresh database made for the call and dropped after it; returns the query output.</summary>
    public static string WithDatabase(Func<string, string> body)
    {
        var db = "tdmp_engine_" + Guid.NewGuid().ToString("N")[..12];
        Psql("postgres", $"CREATE DATABASE {db};");
        try { return body(db); }
        finally { Psql("postgres", $"DROP DATABASE IF EXISTS {db} WITH (FORCE);"); }
    }

    public static string Psql(string database, string? command = null, string? file = null)
    {
        var parts = PgConnection.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        var args = new List<string> { "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-h", parts.GetValueOrDefault("host", "127.0.0.1"),
            "-p", parts.GetValueOrDefault("port", "54329"),
            "-U", parts.GetValueOrDefault("username", "tdmp"), "-d", database };
        if (command is not null) { args.Add("-c"); args.Add(command); }
        if (file is not null) { args.Add("-f"); args.Add(file); }
        var (exit, output) = Run("psql", args);
        Assert.True(exit == 0, $"psql failed:\n{Truncate(output)}");
        return output.Trim();
    }

    private static string Truncate(string s) => s.Length > 4000 ? s[..4000] + "..." : s;
}

/// <summary>Keeps generated files in memory, by name.</summary>
public sealed class MemorySink : Tdmp.Generation.Engine.IOutputSink
{
    public Dictionary<string, MemoryStream> Files { get; } = new();

    public Stream Open(Tdmp.Generation.Engine.OutputFileInfo file)
    {
        var ms = new MemoryStream();
        lock (Files) Files[file.SuggestedName] = ms;
        return ms;
    }

    public byte[] Bytes(string name) => Files[name].ToArray();
    public string Text(string name) => Encoding.UTF8.GetString(Bytes(name));
}

/// <summary>An RFC 4180 reader for checking CSV files back: quoted fields with delimiters, quotes and line breaks.</summary>
public static class CsvReader
{
    public static List<List<string>> Parse(string text, char delimiter = ',')
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                    quoted = false;
                    i++;
                    continue;
                }
                field.Append(c);
                i++;
                continue;
            }
            if (c == '"' && field.Length == 0) { quoted = true; i++; continue; }
            if (c == delimiter) { row.Add(field.ToString()); field.Clear(); i++; continue; }
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') { i++; continue; }
            if (c == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
                i++;
                continue;
            }
            field.Append(c);
            i++;
        }
        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }
        return rows;
    }
}

/// <summary>The nesting of one generated CSV dataset checked back: in every table row ids are unique, and every parent key
/// is a row of the parent table.</summary>
public static class CsvTableCheck
{
    /// <summary>The first problem found (null when none), and how many rows the tables two or more levels down hold.</summary>
    public static (string? Problem, int NestedRows) Check(RecordTableLayout layout, GenerationResult result, MemorySink sink)
    {
        var ids = new Dictionary<string, HashSet<string>>();
        var nestedRows = 0;
        foreach (var table in layout.Tables)
        {
            var file = result.Files.SingleOrDefault(f => f.Part == table.Name && f.Format == OutputFormat.Csv);
            if (file is null) continue;
            var rows = CsvReader.Parse(sink.Text(file.Name));
            var rowIds = rows.Skip(1).Select(r => r[0]).ToList();
            if (rowIds.Count != rowIds.Distinct().Count()) return ($"{table.Name}: row ids repeat", nestedRows);
            ids[table.Name] = [.. rowIds];
            if (table.Parent is null) continue;
            if (table.Parent.Parent is not null) nestedRows += rowIds.Count;
            if (rows[0].Count < 2 || rows[0][1] != "_parent_row_id") return ($"{table.Name} has no _parent_row_id column", nestedRows);
            if (!ids.TryGetValue(table.Parent.Name, out var parentIds)) return ($"{table.Name}: parent {table.Parent.Name} has no rows", nestedRows);
            var orphan = rows.Skip(1).FirstOrDefault(r => !parentIds.Contains(r[1]));
            if (orphan is not null) return ($"{table.Name}: parent key '{orphan[1]}' is not a row of {table.Parent.Name}", nestedRows);
        }
        return (null, nestedRows);
    }
}

/// <summary>The SQL of a generated dataset checked back: the rows of a child table whose parent key is no row of its parent.</summary>
public static class SqlTableCheck
{
    /// <summary>Counts the orphan rows of one child table, in PostgreSQL schema <paramref name="schema"/> or the search path.</summary>
    private static string OrphansQuery(RecordTable table, string? schema)
    {
        var prefix = schema is null ? "" : schema + ".";
        return $"SELECT count(*) FROM {prefix}\"{table.Name}\" c LEFT JOIN {prefix}\"{table.Parent!.Name}\" p "
            + "ON c._parent_row_id = p._row_id WHERE p._row_id IS NULL";
    }

    /// <summary>The child tables of <paramref name="tables"/> in each of <paramref name="schemas"/> that have rows whose
    /// parent key is no row of their parent, as "schema.table: count"; empty when every parent key resolves. One statement
    /// per table, run from one file: a UNION of thousands of joins takes PostgreSQL minutes to plan (and ran it out of
    /// memory for CycloneDX's 3,000 tables).</summary>
    public static List<string> TablesWithOrphans(string database, IEnumerable<RecordTable> tables, params string?[] schemas)
    {
        var children = tables.Where(t => t.Parent is not null).ToList();
        if (schemas.Length == 0) schemas = [null];
        var counts = schemas.SelectMany(schema => children.Select(t =>
            $"SELECT '{(schema is null ? "" : schema + ".")}{t.Name}', ({OrphansQuery(t, schema)})")).ToList();
        if (counts.Count == 0) return [];
        var query = Path.Combine(EngineFixtures.TempDirectory("orphans"), "orphans.sql");
        File.WriteAllText(query, string.Join(";\n", counts) + ";\n");
        return ExternalValidators.Psql(database, file: query).Split('\n')
            .Where(line => !line.EndsWith("|0", StringComparison.Ordinal)).Select(line => line.Replace("|", ": ")).ToList();
    }
}
