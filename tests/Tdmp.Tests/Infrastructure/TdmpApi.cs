using System.Net.Http.Headers;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Tdmp.Features.Common.Auth;

namespace Tdmp.Tests.Infrastructure;

/// <summary>
/// The service under test, on a fresh database migrated by DbUp on start as in production: an xunit collection fixture
/// (<see cref="ApiCollection"/>), configured with <c>UseSetting</c> (nothing process-wide). Test classes of the
/// collection share it and stay apart by creating their own tenant (<see cref="CreateTenantAsync"/>).
/// </summary>
public class TdmpApi : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string SuperuserName = "root-test";
    public const string SuperuserPassword = "first superuser password for tests";

    /// <summary>Requests from tests may name their client address here (the test server has none).</summary>
    public const string ClientIpHeader = "X-Test-Client-Ip";

    /// <summary>The front end's address in links of the mails the tests receive.</summary>
    public const string PublicUrl = "https://tdmp.example.test";

    public string ConnectionString { get; private set; } = "";

    /// <summary>The host's clock: the system's here, a fake one in <see cref="FakeClockApi"/>.</summary>
    public virtual TimeProvider Clock => TimeProvider.System;

    private bool mailServer;

    public Task InitializeAsync()
    {
        ConnectionString = TestDatabase.CreateFresh("api");
        mailServer = LocalServers.TryStartSmtp();
        _ = Server; // builds and starts the host: migrations and first-run set-up happen before any test touches the database
        return Task.CompletedTask;
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // Settings reach Program as the host's own configuration, read before and after Build() alike.
        builder.UseSetting("ConnectionStrings:Tdmp", ConnectionString);
        builder.UseSetting("TDMP_ADMIN_USERNAME", SuperuserName);
        builder.UseSetting("TDMP_ADMIN_PASSWORD", SuperuserPassword);
        // Production hashes with 600,000 iterations (AuthOptions' default, tested on its own); tests log in hundreds of times.
        builder.UseSetting("Auth:PasswordIterations", "1000");
        builder.UseSetting("Storage:Root", Path.Combine(Path.GetTempPath(), "tdmp-test-" + Guid.NewGuid().ToString("N")));
        // The integration tests' receivers (webhooks, s3rver) listen on loopback; the jobs poll often so tests wait little.
        builder.UseSetting("Integrations:AllowPrivateTargets", "true");
        builder.UseSetting("Integrations:PollInterval", "00:00:00.500");
        builder.UseSetting("Integrations:RetryBaseDelay", "00:00:00.500");
        builder.UseSetting("Integrations:MaxAttempts", "4");
        if (mailServer)
        {
            builder.UseSetting("Mail:Host", "127.0.0.1");
            builder.UseSetting("Mail:Port", LocalServers.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Mail:UseTls", "false");
            builder.UseSetting("Mail:From", "TDMP tests <tdmp@tdmp.test>");
            builder.UseSetting("Mail:PublicUrl", PublicUrl);
            builder.UseSetting("Mail:PollInterval", "00:00:00.500");
        }
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<IStartupFilter, TestClientAddress>();
            services.AddSingleton(Clock);
        });
    }

    public NpgsqlConnection OpenDb()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>A new tenant with a unique name, so a test class sees only its own data.</summary>
    public async Task<TestTenant> CreateTenantAsync(string? name = null)
    {
        await using var db = OpenDb();
        var tenantName = name ?? "t-" + Guid.NewGuid().ToString("N")[..12];
        var id = await db.QuerySingleAsync<long>("INSERT INTO tenants (name) VALUES (@tenantName) RETURNING tenant_id", new { tenantName });
        return new TestTenant(this, id, tenantName);
    }

    /// <summary>A client address of its own for each client that names none: failed logins are rate limited per address,
    /// so tests sharing one address would lock each other out depending on their order.</summary>
    public static string NewClientIp() => $"10.{Random.Shared.Next(100, 256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";

    /// <summary>A client with no token.</summary>
    public HttpClient Anonymous(string? clientIp = null)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(ClientIpHeader, clientIp ?? NewClientIp());
        return client;
    }

    public async Task<HttpClient> LoginAsync(string username, string password, string? clientIp = null)
    {
        var client = Anonymous(clientIp);
        var token = await TokenAsync(client, username, password);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<string> TokenAsync(HttpClient client, string username, string password, string? otp = null)
    {
        var form = new Dictionary<string, string> { ["username"] = username, ["password"] = password };
        if (otp is not null) form["otp"] = otp;
        var response = await client.PostAsync("/users/token", new FormUrlEncodedContent(form));
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException(
                $"Login of {username} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return body.GetProperty("access_token").GetString()!;
    }

    /// <summary>Gives each test request the client address named in <see cref="ClientIpHeader"/>.</summary>
    private sealed class TestClientAddress : IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(
            Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[ClientIpHeader].ToString(), out var address))
                    context.Connection.RemoteIpAddress = address;
                await nextMiddleware();
            });
            next(app);
        };
    }
}

/// <summary>A tenant of one test class, and the users it creates.</summary>
public sealed class TestTenant(TdmpApi api, long tenantId, string name)
{
    public long Id => tenantId;
    public string Name => name;

    /// <summary>Creates an active user with a password straight in the database and returns it.</summary>
    public async Task<TestUser> CreateUserAsync(TenantRole role, string? username = null)
    {
        var user = username ?? $"{role.Name()}-{Guid.NewGuid():N}"[..24];
        var password = "pw-" + Guid.NewGuid().ToString("N");
        var hash = api.Service<PasswordHasher>().Hash(password);
        await using var db = api.OpenDb();
        var id = await db.QuerySingleAsync<long>("""
            INSERT INTO users (tenant_id, username, email, full_name, role, password_hash)
            VALUES (@tenantId, @user, @email, @fullName, @role, @hash)
            RETURNING user_id
            """, new { tenantId, user, email = user + "@example.test", fullName = "Test " + user, role = role.Name(), hash });
        return new TestUser(api, id, tenantId, user, password, role);
    }
}

public sealed record TestUser(TdmpApi Api, long Id, long TenantId, string Username, string Password, TenantRole Role)
{
    public Task<HttpClient> LoginAsync(string? clientIp = null) => Api.LoginAsync(Username, Password, clientIp);
}

/// <summary>The test classes that share one <see cref="TdmpApi"/>; they run one after another. Each area has a collection,
/// and so a service and a database, of its own: the areas run in parallel.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<TdmpApi>
{
    public const string Name = "TDMP API: host, access, projects, constraints, audit, reporting";
}

/// <summary>Users, settings and sessions (<see cref="ApiCollection"/>).</summary>
[CollectionDefinition(Name)]
public sealed class IdentityApiCollection : ICollectionFixture<TdmpApi>
{
    public const string Name = "TDMP API: users and settings";
}

/// <summary>Schemas, datasets, downloads and limits (<see cref="ApiCollection"/>).</summary>
[CollectionDefinition(Name)]
public sealed class DatasetsApiCollection : ICollectionFixture<TdmpApi>
{
    public const string Name = "TDMP API: schemas and datasets";
}

/// <summary>Integrations, mail and notifications (<see cref="ApiCollection"/>).</summary>
[CollectionDefinition(Name)]
public sealed class IntegrationsApiCollection : ICollectionFixture<TdmpApi>
{
    public const string Name = "TDMP API: integrations and notifications";
}

/// <summary>
/// The service on a clock that moves only when a test moves it: two-factor codes are computed for the clock's time, so
/// no test waits for a fresh TOTP step. A database of its own, so that moving the clock touches no other test. It starts
/// ten minutes behind the real time: tokens it issues are valid at once wherever they are checked against the real
/// time, also after a test has moved the clock on by a few steps.
/// </summary>
public sealed class FakeClockApi : TdmpApi
{
    public FakeTimeProvider FakeClock { get; } = new(DateTimeOffset.UtcNow.AddMinutes(-10));

    public override TimeProvider Clock => FakeClock;
}

/// <summary>The test classes that share one <see cref="FakeClockApi"/>; they run one after another, so one test's move
/// of the clock never lands in the middle of another's.</summary>
[CollectionDefinition(Name)]
public sealed class FakeClockApiCollection : ICollectionFixture<FakeClockApi>
{
    public const string Name = "TDMP API on a fake clock";
}

/// <summary>Tests that measure the machine (the staging disk's free space, a process's memory, seconds of latency) run
/// alone, after the parallel collections: another test writing 100 MiB between a measurement and its use failed them
/// (the full-disk test's node saw less free space than the floor set just before, and never claimed its dataset).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MachineMeasuringCollection
{
    public const string Name = "Tests that measure the machine, run alone";
}
