using System.Diagnostics;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Tdmp.Tests.Generation.Engine;

namespace Tdmp.Tests.Infrastructure;

/// <summary>
/// Real servers the integration tests talk to, started once per test run on free loopback ports from the packages that
/// scripts/test-tools.sh installs into .tools/: s3rver (a local S3) and scripts/smtp-sink.js (an SMTP server that writes
/// every mail to a folder). They stop with the test process.
/// </summary>
public static class LocalServers
{
    public const string S3AccessKey = "S3RVER";
    public const string S3SecretKey = "S3RVER";

    private static readonly Lazy<(string Url, Process Process)> S3Server = new(() =>
    {
        var port = FreePort();
        var directory = Directory.CreateTempSubdirectory("tdmp-s3rver-").FullName;
        var process = Start(Path.Combine(ExternalValidators.RepoRoot, ".tools", "node_modules", "s3rver", "bin", "s3rver.js"),
            "-d", directory, "-a", "127.0.0.1", "-p", port.ToString(), "--silent");
        WaitForPort(port, process, "s3rver");
        return ($"http://127.0.0.1:{port}", process);
    });

    private static readonly Lazy<(int Port, string Directory, Process Process)> SmtpSink = new(() =>
    {
        var port = FreePort();
        var directory = Directory.CreateTempSubdirectory("tdmp-mails-").FullName;
        var process = Start(Path.Combine(ExternalValidators.RepoRoot, "scripts", "smtp-sink.js"), port.ToString(), directory);
        WaitForPort(port, process, "smtp-sink");
        return (port, directory, process);
    });

    /// <summary>The local S3 endpoint (path-style, any region, keys <see cref="S3AccessKey"/>/<see cref="S3SecretKey"/>).</summary>
    public static string S3Url => S3Server.Value.Url;

    public static int SmtpPort => SmtpSink.Value.Port;

    /// <summary>Where the SMTP sink writes the mails it receives, one <c>.eml</c> file each.</summary>
    public static string MailDirectory => SmtpSink.Value.Directory;

    /// <summary>Whether the SMTP sink runs (or could be started): the shared API configures mail only then.</summary>
    public static bool TryStartSmtp()
    {
        try
        {
            _ = SmtpSink.Value;
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            Console.Error.WriteLine("SMTP sink not started (run scripts/test-tools.sh): " + e.Message);
            return false;
        }
    }

    public static AmazonS3Client S3Client() => new(new BasicAWSCredentials(S3AccessKey, S3SecretKey), new AmazonS3Config
    {
        ServiceURL = S3Url,
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    /// <summary>A new empty bucket with a unique name.</summary>
    public static async Task<string> CreateBucketAsync()
    {
        var name = "b-" + Guid.NewGuid().ToString("N")[..20];
        using var client = S3Client();
        await client.PutBucketAsync(name);
        return name;
    }

    /// <summary>The mails the SMTP sink received for <paramref name="recipient"/>, waiting up to <paramref name="timeout"/> for at least
    /// one.</summary>
    public static async Task<List<MimeKit.MimeMessage>> WaitForMailsAsync(string recipient, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var found = Directory.GetFiles(MailDirectory, "*.eml").Order().Select(path => MimeKit.MimeMessage.Load(path))
                .Where(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, recipient, StringComparison.OrdinalIgnoreCase))).ToList();
            if (found.Count > 0 || DateTime.UtcNow > deadline) return found;
            await Task.Delay(200);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Process Start(string script, params string[] arguments)
    {
        if (!File.Exists(script)) throw new InvalidOperationException($"{script} is missing: run scripts/test-tools.sh");
        var start = new ProcessStartInfo("node", [script, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { if (!process.HasExited) process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { /* already gone */ }
        };
        return process;
    }

    private static void WaitForPort(int port, Process process, string name)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"{name} exited with {process.ExitCode} on start.");
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }
        throw new TimeoutException($"{name} did not listen on port {port} within 20 s.");
    }
}
