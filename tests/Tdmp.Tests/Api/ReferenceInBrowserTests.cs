using System.Diagnostics;

namespace Tdmp.Tests.Api;

/// <summary>
/// The interactive reference, loaded by a real browser (headless Chromium from Debian, installed by
/// scripts/test-tools.sh) from a real service process: it renders the operations, and the browser's own network log
/// shows no request to any host but the service's loopback address (no fonts, CDN, telemetry or proxy).
/// </summary>
public sealed class ReferenceInBrowserTests
{
    [Fact]
    public async Task Loading_the_reference_in_chromium_requests_nothing_from_outside_hosts()
    {
        await using var service = await ServiceProcess.StartAsync(TestDatabase.CreateFresh("reference"),
            Directory.CreateTempSubdirectory("tdmp-reference-").FullName);
        var work = Directory.CreateTempSubdirectory("tdmp-chromium-").FullName;
        var netLog = Path.Combine(work, "net-log.json");
        var start = new ProcessStartInfo("chromium",
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            // The browser's own form-autofill lookup for the page (a Chromium feature, not the page's doing).
            "--disable-features=AutofillServerCommunication", $"--user-data-dir={Path.Combine(work, "profile")}",
            $"--log-net-log={netLog}", "--net-log-capture-mode=Default", "--virtual-time-budget=20000", "--dump-dom",
            service.BaseUrl + "/api/reference/",
        ]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var chromium = Process.Start(start)!;
        var dom = chromium.StandardOutput.ReadToEndAsync();
        var errors = chromium.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
            await chromium.WaitForExitAsync(timeout.Token);
        var html = await dom;
        await File.WriteAllTextAsync(Path.Combine(work, "dom.html"), html);

        // The script ran, fetched /openapi/v1.json from the service and rendered the operations.
        Assert.True(html.Contains("Log in and get an access token"), $"not rendered, see {work}/dom.html ({html.Length} chars)");

        // Every request the page made (Chromium's own background requests for updates and accounts, which a browser
        // makes for any page, carry another network isolation key): the service's loopback address only.
        using var log = JsonDocument.Parse(await File.ReadAllTextAsync(netLog));
        var startJob = log.RootElement.GetProperty("constants").GetProperty("logEventTypes").GetProperty("URL_REQUEST_START_JOB").GetInt32();
        var pageRequests = log.RootElement.GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("type").GetInt32() == startJob && e.TryGetProperty("params", out var p) && p.TryGetProperty("url", out _)
                && p.TryGetProperty("network_isolation_key", out var key)
                    && key.GetString()!.StartsWith("http://127.0.0.1 ", StringComparison.Ordinal))
            .Select(e => new Uri(e.GetProperty("params").GetProperty("url").GetString()!)).ToList();
        Assert.Contains(pageRequests, u => u.AbsolutePath == "/openapi/v1.json");
        Assert.Contains(pageRequests, u => u.AbsolutePath.EndsWith(".js", StringComparison.Ordinal));
        var outside = pageRequests.Where(u => !IsLoopback(u.Host)).Select(u => u.ToString()).Distinct().ToList();
        Assert.True(outside.Count == 0, "the reference requested from outside hosts: " + string.Join(", ", outside));
    }

    private static bool IsLoopback(string host) => host == "localhost"
        || System.Net.IPAddress.TryParse(host, out var ip) && System.Net.IPAddress.IsLoopback(ip);
}
