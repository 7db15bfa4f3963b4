using System.CommandLine;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tdmp.Generation.Writers;

namespace Tdmp.Cli;

/// <summary><c>tdmp run</c>: create a dataset on a server, wait for it with progress on stderr, download it. What the
/// README's curl script does, in one command, with the same exit code whatever goes wrong.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var url = new Option<string?>("--url") { Description = "The TDMP server, e.g. https://tdmp.example.com; default: $TDMP_URL." };
        var token = new Option<string?>("--token")
            { Description = "A personal access token (tdmp_pat_..., from POST /users/me/tokens); default: $TDMP_TOKEN." };
        var project = new Option<long>("--project") { Description = "Project id.", Required = true };
        var schema = new Option<long>("--schema") { Description = "Schema id (linked to the project).", Required = true };
        var constraintSet = new Option<long?>("--constraint-set") { Description = "Constraint set id of the schema." };
        var count = new Option<long>("--count", "-n") { Description = "How many records.", Required = true };
        var format = new Option<string>("--format", "-f") { Description = "Output format.", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong(OutputFormats.Names);
        var seed = new Option<long?>("--seed", "-s") { Description = "The seed; drawn by the service when absent." };
        var name = new Option<string?>("--name") { Description = "Dataset name; default: tdmp-run-<UTC time>." };
        var output = new Option<FileInfo>("--out", "-o")
            { Description = "Where to write the file (several files come as one zip).", Required = true };
        var timeout = new Option<int>("--timeout")
            { Description = "Seconds to wait for the dataset before giving up.", DefaultValueFactory = _ => 3600 };
        var command = new Command("run", "Create a dataset on a TDMP server, wait for it (progress on stderr) and download it. " + ExitCodes.HelpText)
        {
            url, token, project, schema, constraintSet, count, format, seed, name, output, timeout,
        };
        command.SetAction((parsed, ct) => RunAsync(new Settings(
            parsed.GetValue(url) ?? Environment.GetEnvironmentVariable("TDMP_URL"),
            parsed.GetValue(token) ?? Environment.GetEnvironmentVariable("TDMP_TOKEN"),
            parsed.GetValue(project), parsed.GetValue(schema), parsed.GetValue(constraintSet), parsed.GetValue(count),
            parsed.GetValue(format)!, parsed.GetValue(seed), parsed.GetValue(name), parsed.GetRequiredValue(output),
            TimeSpan.FromSeconds(parsed.GetValue(timeout))), ct));
        return command;
    }

    private sealed record Settings(string? Url, string? Token, long Project, long Schema, long? ConstraintSet, long Count, string Format,
        long? Seed, string? Name, FileInfo Output, TimeSpan Timeout);

    private static async Task<int> RunAsync(Settings settings, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(settings.Url) || !Uri.TryCreate(settings.Url.TrimEnd('/') + "/", UriKind.Absolute, out var baseUri))
            throw new CliFailure("set the server with --url or TDMP_URL (e.g. https://tdmp.example.com)", ExitCodes.Usage);
        if (string.IsNullOrWhiteSpace(settings.Token))
            throw new CliFailure("set an access token with --token or TDMP_TOKEN (create one with POST /users/me/tokens)", ExitCodes.Usage);
        if (settings.Count <= 0) throw new CliFailure("--count must be at least 1.", ExitCodes.Usage);

        using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(100) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.Token.Trim());
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("tdmp", typeof(RunCommand).Assembly.GetName().Version?.ToString(3)));

        var datasetId = await CreateAsync(http, settings, ct);
        await Console.Error.WriteLineAsync($"tdmp: dataset {datasetId} created");
        await WaitAsync(http, datasetId, settings.Timeout, ct);
        await DownloadAsync(http, datasetId, settings, ct);
        return ExitCodes.Ok;
    }

    /// <summary>Creates the dataset; a network failure is retried with the same Idempotency-Key, so it is created once.</summary>
    private static async Task<long> CreateAsync(HttpClient http, Settings settings, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["name"] = settings.Name ?? $"tdmp-run-{DateTime.UtcNow:yyyyMMdd-HHmmss-fff}",
            ["project_id"] = settings.Project,
            ["schema_id"] = settings.Schema,
            ["record_count"] = settings.Count,
            ["types"] = new JsonArray(settings.Format),
        };
        if (settings.ConstraintSet is { } set) body["constraint_set_id"] = set;
        if (settings.Seed is { } seed) body["params"] = new JsonObject { ["seed"] = seed };
        var key = Guid.NewGuid().ToString();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "datasets/create") { Content = JsonContent.Create(body) };
                request.Headers.Add("Idempotency-Key", key);
                using var response = await http.SendAsync(request, ct);
                var created = await ReadJsonAsync(response, "POST /datasets/create", ct);
                return created["dataset_id"]!.GetValue<long>();
            }
            catch (HttpRequestException) when (attempt < 3)
            {
                await Task.Delay(TimeSpan.FromSeconds(attempt), ct);
            }
            catch (HttpRequestException e)
            {
                throw Unreachable(http, e);
            }
        }
    }

    /// <summary>Long-polls the dataset until it is finished, printing its progress whenever it changed.</summary>
    private static async Task WaitAsync(HttpClient http, long datasetId, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var lastReport = "";
        while (true)
        {
            JsonNode dataset;
            try
            {
                using var response = await http.GetAsync($"datasets/{datasetId}?wait=30", ct);
                dataset = await ReadJsonAsync(response, $"GET /datasets/{datasetId}", ct);
            }
            catch (HttpRequestException e)
            {
                throw Unreachable(http, e);
            }
            var status = dataset["status"]!.GetValue<string>();
            var generated = dataset["records_generated"]?.GetValue<long>() ?? 0;
            var total = dataset["record_count"]?.GetValue<long>() ?? 0;
            var report = status == "running" ? $"running, {generated * 100 / Math.Max(1, total)}% ({generated} of {total} records)" : status;
            if (report != lastReport)
            {
                await Console.Error.WriteLineAsync($"tdmp: dataset {datasetId} {report}");
                lastReport = report;
            }
            switch (status)
            {
                case "completed":
                    return;
                case "failed":
                    throw new CliFailure($"dataset {datasetId} failed: {dataset["error"]?.GetValue<string>() ?? "no reason given"}",
                        ExitCodes.Failed);
                case "cancelled":
                    throw new CliFailure($"dataset {datasetId} was cancelled", ExitCodes.Failed);
            }
            if (clock.Elapsed > timeout)
                throw new CliFailure($"dataset {datasetId} is still {status} after {timeout.TotalSeconds:0} s (--timeout)", ExitCodes.Unavailable);
        }
    }

    /// <summary>Downloads next to the target and renames at the end: the file is there only when it is complete.</summary>
    private static async Task DownloadAsync(HttpClient http, long datasetId, Settings settings, CancellationToken ct)
    {
        var target = settings.Output.FullName;
        var partial = target + ".part";
        try
        {
            using var response = await http.GetAsync($"data/{datasetId}?format={settings.Format}", HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode) await ReadJsonAsync(response, $"GET /data/{datasetId}", ct);
            if (Path.GetDirectoryName(target) is { Length: > 0 } folder) Directory.CreateDirectory(folder);
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write))
                await response.Content.CopyToAsync(file, ct);
            File.Move(partial, target, overwrite: true);
            await Console.Error.WriteLineAsync($"tdmp: wrote {target} ({new FileInfo(target).Length} bytes)");
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(http, e);
        }
        catch (IOException e)
        {
            throw new CliFailure($"cannot write {target}: {e.Message}", ExitCodes.Failed);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>The JSON body of a successful response; otherwise the problem's <c>detail</c> as the failure.</summary>
    private static async Task<JsonNode> ReadJsonAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        JsonNode? json = null;
        try
        {
            json = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's error page): reported by status below.
        }
        if (response.IsSuccessStatusCode && json is not null) return json;
        var detail = json?["detail"]?.GetValue<string>() ?? (text.Length is > 0 and < 200 ? text.ReplaceLineEndings(" ") : response.ReasonPhrase);
        throw new CliFailure($"{what}: {(int)response.StatusCode} {detail}", ExitCodes.Failed);
    }

    private static CliFailure Unreachable(HttpClient http, HttpRequestException e)
        => new($"cannot reach {http.BaseAddress}: {e.Message}", ExitCodes.Unavailable);
}
