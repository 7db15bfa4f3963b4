using System.Diagnostics;
using System.Net.Sockets;

namespace Tdmp.Tests.Infrastructure;

/// <summary>
/// The API as a real OS process on a loopback port, for what an in-process test host cannot show: several nodes on one
/// database, a <c>kill -9</c> in the middle of a generation, and the README's curl script.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process process;

    public string BaseUrl { get; }

    /// <summary>The OS process id, e.g. to read its resident memory from <c>/proc</c>.</summary>
    public int ProcessId => process.Id;

    /// <summary>Resident memory of the process now (VmRSS), in bytes.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    private ServiceProcess(Process process, string baseUrl)
    {
        this.process = process;
        BaseUrl = baseUrl;
    }

    /// <summary>Starts Tdmp.Api (built next to the tests) on a free port and waits until it is ready.</summary>
    public static async Task<ServiceProcess> StartAsync(string connectionString, string storageRoot, IDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Tdmp.Api.dll"), "--urls", baseUrl])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ConnectionStrings__Tdmp"] = connectionString;
        start.Environment["Storage__Root"] = storageRoot;
        start.Environment["TDMP_ADMIN_USERNAME"] = TdmpApi.SuperuserName;
        start.Environment["TDMP_ADMIN_PASSWORD"] = TdmpApi.SuperuserPassword;
        start.Environment["Auth__PasswordIterations"] = "1000";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var service = new ServiceProcess(process, baseUrl);
        using var client = service.Client();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"Tdmp.Api exited with {process.ExitCode} on start.");
            try
            {
                if ((await client.GetAsync("/health/ready")).IsSuccessStatusCode) return service;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        await service.DisposeAsync();
        throw new TimeoutException("Tdmp.Api did not become ready within 60 s.");
    }

    public HttpClient Client() => new() { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>Ends the process the way a crash does: SIGKILL, no clean shutdown.</summary>
    public void KillHard()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
