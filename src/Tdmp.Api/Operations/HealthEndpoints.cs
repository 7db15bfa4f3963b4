using System.Reflection;
using FastEndpoints;
using Npgsql;
using Tdmp.Api.Hosting;

namespace Tdmp.Api.Operations;

public sealed record HealthResponse(string Status, IReadOnlyDictionary<string, string> Checks);

public sealed class LiveEndpoint : EndpointWithoutRequest<HealthResponse>
{
    public override void Configure()
    {
        Get("/health/live");
        AllowAnonymous();
        Summary(s =>
        {
            s.Summary = "Liveness: the process answers";
            s.ResponseExamples[200] = new HealthResponse("ok", new Dictionary<string, string>());
        });
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync(new HealthResponse("ok", new Dictionary<string, string>()), ct);
}

public sealed class ReadyEndpoint(NpgsqlDataSource db, IConfiguration configuration) : EndpointWithoutRequest<HealthResponse>
{
    public override void Configure()
    {
        Get("/health/ready");
        AllowAnonymous();
        Description(b => b.Produces<HealthResponse>(503));
        Summary(s =>
        {
            s.Summary = "Readiness: the database answers and every migration is applied";
            s.Description = "`200` when ready, `503` with the failing check otherwise.";
            s.ResponseExamples[200] = new HealthResponse("ok", new Dictionary<string, string> { ["database"] = "ok", ["migrations"] = "ok" });
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var checks = new Dictionary<string, string>();
        try
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var ping = new NpgsqlCommand("SELECT 1", connection);
            await ping.ExecuteScalarAsync(ct);
            checks["database"] = "ok";
            var pending = DatabaseMigrations.Engine(configuration.GetConnectionString("Tdmp")!).GetScriptsToExecute().Count;
            checks["migrations"] = pending == 0 ? "ok" : $"{pending} pending";
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            checks["database"] = "unreachable";
        }
        var ready = checks.Count == 2 && checks.Values.All(v => v == "ok");
        await Send.ResponseAsync(new HealthResponse(ready ? "ok" : "unavailable", checks), ready ? 200 : 503, ct);
    }
}

/// <summary>The service version; signed-in callers also get the engine version and runtime (anonymous callers learn nothing
/// an attacker could match against known vulnerabilities beyond the release).</summary>
public sealed record VersionResponse(
    string Version,
    [property: System.Text.Json.Serialization.JsonIgnore(
        Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? EngineVersion = null,
    [property: System.Text.Json.Serialization.JsonIgnore(
        Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Runtime = null);

public sealed class VersionEndpoint : EndpointWithoutRequest<VersionResponse>
{
    public static readonly string ServiceVersion =
        typeof(VersionEndpoint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public override void Configure()
    {
        Get("/version");
        AllowAnonymous();
        Summary(s =>
        {
            s.Summary = "Service and generation engine versions";
            s.Description = """
                Anonymous callers get the release `version` only (no commit, no runtime); with a token also `engine_version`
                (what byte-identical re-runs depend on) and `runtime`.
                """;
            s.ResponseExamples[200] = new VersionResponse("1.0.0", "engine-1.0.0", ".NET 10.0.0");
        });
    }

    /// <summary>The release without build metadata (<c>1.0.0+3f2a...</c> → <c>1.0.0</c>).</summary>
    public static string Release => ServiceVersion.Split('+')[0];

    public override Task HandleAsync(CancellationToken ct)
        => Send.OkAsync(User.Identity?.IsAuthenticated == true
            ? new VersionResponse(ServiceVersion, Tdmp.Generation.Engine.GenerationPlan.EngineVersion,
                System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription)
            : new VersionResponse(Release), ct);
}
