using System.Diagnostics;
using System.Runtime.InteropServices;
using Tdmp.Tests.Generation.Engine;

namespace Tdmp.Tests.Infrastructure;

/// <summary>
/// The <c>tdmp</c> command as a user gets it: src/Tdmp.Cli packed with <c>dotnet pack</c> and installed with
/// <c>dotnet tool install --tool-path ... tdmp --add-source ...</c>, once per test run.
/// </summary>
public static class PackedTool
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static readonly Lazy<Task<string>> Installed = new(InstallAsync);

    /// <summary>The path of the installed <c>tdmp</c> executable.</summary>
    public static Task<string> PathAsync() => Installed.Value;

    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>Runs the installed tool and returns its exit code, stdout and stderr.</summary>
    public static async Task<Result> RunAsync(
        IEnumerable<string> arguments, IDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(await PathAsync(), arguments)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        // The tool's launcher finds the runtime that runs these tests.
        start.Environment["DOTNET_ROOT"] = DotnetRoot;
        start.Environment.Remove("TDMP_URL");
        start.Environment.Remove("TDMP_TOKEN");
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>()) start.Environment[key] = value;
        return await RunProcessAsync(start, TimeSpan.FromMinutes(3));
    }

    private static string DotnetRoot => Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    private static async Task<string> InstallAsync()
    {
        var work = Directory.CreateTempSubdirectory("tdmp-tool-").FullName;
        var feed = Path.Combine(work, "feed");
        var tools = Path.Combine(work, "tools");
        var project = Path.Combine(ExternalValidators.RepoRoot, "src", "Tdmp.Cli", "Tdmp.Cli.csproj");
        // The tests were built with the tool (Tdmp.Tests references the project), so packing needs no second build.
        await DotnetAsync(["pack", project, "-c", Configuration, "--no-build", "--nologo", "-o", feed]);
        var package = Path.GetFileNameWithoutExtension(Directory.GetFiles(feed, "tdmp.*.nupkg").Single());
        // Pinned to the packed version, so that no package of the same name on another source is taken instead.
        await DotnetAsync(["tool", "install", "--tool-path", tools, "tdmp", "--add-source", feed, "--version", package["tdmp.".Length..]]);
        return Path.Combine(tools, "tdmp");
    }

    private static async Task DotnetAsync(string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        var result = await RunProcessAsync(start, TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Output} {result.Error}");
    }

    private static async Task<Result> RunProcessAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}.");
        }
        return new Result(process.ExitCode, await output, await error);
    }
}
