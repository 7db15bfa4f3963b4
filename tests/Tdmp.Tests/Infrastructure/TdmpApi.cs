using System.Net.Http.Headers;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Tdmp.Features.Common.Auth;

namespace Tdmp.Tests.Infrastructure;

/// <summary>
/// The service under test: one instance per test run on a fresh database, migrated by DbUp on start as in
/// production. Test classes share it and stay apart by creating their own tenant (<see cref="CreateTenantAsync"/>).
/// </summary>
public sealed class TdmpApi : WebApplicationFactory<Program>
{
    public const string SuperuserName = "root-test";
    public const string SuperuserPassword = "first superuser password for tests";

    /// <summary>Requests from tests may name their client address here (the test server has none).</summary>
    public const string ClientIpHeader = "X-Test-Client-Ip";

    /// <summary>The front end's address in links of the mails the tests receive.</summary>
    public const string PublicUrl = "https://tdmp.example.test";

    private static readonly Lazy<TdmpApi> Shared = new(() =>
    {
        var api = new TdmpApi();
        _ = api.Server; // starts the host: migrations and first-run set-up happen before any test touches the database
        return api;
    });

    public static TdmpApi Instance => Shared.Value;

    public string ConnectionString { get; }

    private TdmpApi()
    {
        ConnectionString = TestDatabase.CreateFresh("api");
        // Program reads these before the host is built, so they go in as environment variables.
        Environment.SetEnvironmentVariable("ConnectionStrings__Tdmp", ConnectionString);
        Environment.SetEnvironmentVariable("TDMP_ADMIN_USERNAME", SuperuserName);
        Environment.SetEnvironmentVariable("TDMP_ADMIN_PASSWORD", SuperuserPassword);
        // Production hashes with 600,000 iterations (AuthOptions' default, tested on its own); tests log in hundreds of times.
        Environment.SetEnvironmentVariable("Auth__PasswordIterations", "1000");
        Environment.SetEnvironmentVariable("Storage__Root", Path.Combine(Path.GetTempPath(), "tdmp-test-" + Guid.NewGuid().ToString("N")));
        // The integration tests' receivers (webhooks, s3rver) listen on loopback; the jobs poll often so tests wait little.
        Environment.SetEnvironmentVariable("Integrations__AllowPrivateTargets", "true");
        Environment.SetEnvironmentVariable("Integrations__PollInterval", "00:00:00.500");
        Environment.SetEnvironmentVariable("Integrations__RetryBaseDelay", "00:00:00.500");
        Environment.SetEnvironmentVariable("Integrations__MaxAttempts", "4");
        if (LocalServers.TryStartSmtp())
        {
            Environment.SetEnvironmentVariable("Mail__Host", "127.0.0.1");
            Environment.SetEnvironmentVariable("Mail__Port", LocalServers.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Environment.SetEnvironmentVariable("Mail__UseTls", "false");
            Environment.SetEnvironmentVariable("Mail__From", "TDMP tests <tdmp@tdmp.test>");
            Environment.SetEnvironmentVariable("Mail__PublicUrl", PublicUrl);
            Environment.SetEnvironmentVariable("Mail__PollInterval", "00:00:00.500");
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.ConfigureServices(services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, TestClientAddress>());
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
            throw new InvalidOperationException($"Login of {username} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return body.GetProperty("access_token").GetString()!;
    }

    /// <summary>Gives each test request the client address named in <see cref="ClientIpHeader"/>.</summary>
    private sealed class TestClientAddress : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
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
