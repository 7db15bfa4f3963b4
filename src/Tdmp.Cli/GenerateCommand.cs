using System.CommandLine;
using System.Text.Json;
using Tdmp.Generation;
using Tdmp.Generation.Constraints;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Schema;
using Tdmp.Generation.Writers;

namespace Tdmp.Cli;

/// <summary><c>tdmp generate</c>: the service's generation, locally. The schema file is read as an upload is, the rules
/// as a constraint set's, and the engine runs through the worker's <see cref="DatasetRecipe"/>, so the file is the
/// one <c>GET /data/{id}</c> would give for the same schema, rules, seed and count.</summary>
public static class GenerateCommand
{
    public static Command Create()
    {
        var schema = new Argument<FileInfo>("SCHEMA_FILE")
            { Description = "An XSD, a JSON Schema, or a zip of XSD or JSON Schema files that refer to each other." };
        var main = new Option<string?>("--main")
            { Description = "In a zip: the main file's path in the zip, as the upload's main (JSON Schema files that refer to each other in a cycle; XSD files of several versions of one namespace)." };
        var count = new Option<long>("--count", "-n") { Description = "How many records.", Required = true };
        var seed = new Option<long?>("--seed", "-s")
            { Description = "The seed (the same seed gives the same bytes); drawn and printed when absent." };
        var format = new Option<string>("--format", "-f") { Description = "Output format.", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong(OutputFormats.Names);
        var constraints = new Option<FileInfo?>("--constraints", "-c")
            { Description = "A rules file: the `rules` array of a constraint set (or an object with `rules`)." };
        var rootPath = new Option<string?>("--root") { Description = "Which schema root or repeating element is one record (a path of the repr)." };
        var maxDepth = new Option<int?>("--max-depth")
            { Description = "How many object levels a record may nest (1 to 64), as params.max_depth; default: the schema's own cut." };
        var referenceDate = new Option<DateOnly?>(
            "--reference-date") { Description = "The day default date windows end at (YYYY-MM-DD), as params.reference_date; default: today (UTC), "
            + "as the service stores for a dataset created now." };
        var recordsPerFile = new Option<long?>("--records-per-file")
            { Description = "Split the output into files of this many records (they come as one zip)." };
        var output = new Option<FileInfo?>("--out", "-o")
            { Description = "Where to write the file; default: the service's file name in the current folder." };
        var command = new Command("generate",
            "Generate a dataset locally, with no server: byte-identical to the service's file for the same schema, rules, seed and count. "
            + ExitCodes.HelpText)
        {
            schema, main, count, seed, format, constraints, rootPath, maxDepth, referenceDate, recordsPerFile, output,
        };
        command.SetAction((parsed, ct) => RunAsync(parsed.GetRequiredValue(schema), parsed.GetValue(main), parsed.GetValue(count),
            parsed.GetValue(seed), parsed.GetValue(format)!, parsed.GetValue(constraints), parsed.GetValue(rootPath), parsed.GetValue(maxDepth),
            parsed.GetValue(referenceDate), parsed.GetValue(recordsPerFile), parsed.GetValue(output), ct));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo schemaFile, string? main, long count, long? seed, string format, FileInfo? rulesFile,
        string? rootPath, int? maxDepth, DateOnly? referenceDate, long? recordsPerFile, FileInfo? output, CancellationToken ct)
    {
        if (count <= 0) throw new CliFailure("--count must be at least 1.", ExitCodes.Usage);
        if (recordsPerFile is <= 0) throw new CliFailure("--records-per-file must be at least 1.", ExitCodes.Usage);
        if (maxDepth is < 1 or > 64) throw new CliFailure("--max-depth must be between 1 and 64.", ExitCodes.Usage);
        var (stored, repr) = ReadSchema(schemaFile, main, rootPath);
        var rules = rulesFile is null ? [] : ReadRules(rulesFile, stored);
        if (rootPath is not null && repr.Find(rootPath) is null)
            throw new CliFailure($"the schema has no node '{rootPath}'; roots: {string.Join(", ", repr.Roots.Select(r => r.Path))}", ExitCodes.Usage);
        foreach (var (field, messages) in ConstraintChecker.CheckForRecordCount(repr, rules, count))
            throw new CliFailure($"{field}: {messages[0]}", ExitCodes.Usage);

        // As the service: a seed below 2^53, so that JSON clients read it back exactly.
        var usedSeed = seed ?? Random.Shared.NextInt64(1, 1L << 53);
        var parameters = new DatasetParams
        {
            RootPath = rootPath, MaxDepth = maxDepth, RecordsPerFile = recordsPerFile,
            ReferenceDate = referenceDate ?? DateOnly.FromDateTime(DateTime.UtcNow),
        };
        var staging = Directory.CreateTempSubdirectory("tdmp-generate-");
        try
        {
            GenerationResult result;
            try
            {
                result = DatasetGenerator.Generate(DatasetRecipe.Plan(repr, rules, parameters),
                    DatasetRecipe.Options(usedSeed, count, [format], parameters, Environment.ProcessorCount),
                    new FolderSink(staging.FullName), null, ct);
            }
            catch (UnsatisfiableSchemaException e)
            {
                throw new CliFailure(e.Message, ExitCodes.Usage);
            }
            // In the order the service lists and zips them: by file index, then part.
            var files = result.Files.OrderBy(f => f.FileIndex).ThenBy(f => f.Part, StringComparer.Ordinal).ToList();
            var target = output?.FullName ?? Path.GetFullPath(files.Count == 1
                ? files[0].Name
                : $"{Path.GetFileNameWithoutExtension(schemaFile.Name).Split('.')[0]}-{format}.zip");
            if (Path.GetDirectoryName(target) is { Length: > 0 } folder) Directory.CreateDirectory(folder);
            if (files.Count == 1)
                File.Move(Path.Combine(staging.FullName, files[0].Name), target, overwrite: true);
            else
            {
                await using var zip = new FileStream(target, FileMode.Create, FileAccess.Write);
                await DatasetZip.WriteAsync(zip, files.Select(f => (f.Name,
                    (Func<CancellationToken, Task<Stream>>)(_ => Task.FromResult<Stream>(File.OpenRead(Path.Combine(staging.FullName, f.Name)))))),
                        ct);
            }
            await Console.Error.WriteLineAsync($"tdmp: wrote {count} records ({format}, seed {usedSeed}) to {target}");
            return ExitCodes.Ok;
        }
        finally
        {
            staging.Delete(recursive: true);
        }
    }

    /// <summary>Read as the service reads an upload without <c>type</c>, then through the stored form (which rules are
    /// checked against); and the repr the worker plans on: the stored one, or the upload read again for a root path that
    /// names a global element past the stored documents (<see cref="SchemaReader.ReadForRoot"/>).</summary>
    private static (SchemaRepr Stored, SchemaRepr ForRoot) ReadSchema(FileInfo file, string? main, string? rootPath)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(file.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliFailure($"cannot read {file.Name}: {e.Message}", ExitCodes.Usage);
        }
        try
        {
            var read = SchemaReader.Read(content, null, SchemaReadLimits.Default, main: main);
            var stored = JsonSerializer.Deserialize<SchemaRepr>(JsonSerializer.Serialize(read, DocumentJson.Options), DocumentJson.Options)!;
            return (stored, SchemaReader.MayReadForRoot(stored, rootPath)
                ? SchemaReader.ReadForRoot(content, stored, rootPath!, SchemaReadLimits.Default)
                : stored);
        }
        catch (SchemaReadException e)
        {
            var where = e.Line is { } line ? $" (line {line}{(e.Column is { } column ? $", column {column}" : "")})" : "";
            throw new CliFailure($"{file.Name}: {e.Message}{where}", ExitCodes.Usage);
        }
    }

    /// <summary>A rules file as <c>POST /constraints</c> takes its <c>rules</c>, checked against the schema as the service checks it.</summary>
    private static List<ConstraintRule> ReadRules(FileInfo file, SchemaRepr repr)
    {
        List<ConstraintRule> rules;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file.FullName));
            var array = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("rules", out var inner)
                ? inner
                : document.RootElement;
            rules = array.Deserialize<List<ConstraintRule>>(DocumentJson.Options)
                ?? throw new CliFailure($"{file.Name}: expected an array of rules", ExitCodes.Usage);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new CliFailure($"{file.Name}: {e.Message.ReplaceLineEndings(" ")}", ExitCodes.Usage);
        }
        var problems = ConstraintChecker.Check(repr, rules);
        if (problems.Count > 0)
        {
            var (field, messages) = problems.First();
            throw new CliFailure($"{file.Name}: {field}: {messages[0]}", ExitCodes.Usage);
        }
        // Through the stored form, as the worker reads a constraint set version.
        return JsonSerializer.Deserialize<List<ConstraintRule>>(JsonSerializer.Serialize(rules, DocumentJson.Options), DocumentJson.Options)!;
    }

    /// <summary>Writes each file the engine makes into one folder, under the name the engine suggests.</summary>
    private sealed class FolderSink(string folder) : IOutputSink
    {
        public Stream Open(OutputFileInfo file)
            => new FileStream(Path.Combine(folder, file.SuggestedName), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
    }
}
