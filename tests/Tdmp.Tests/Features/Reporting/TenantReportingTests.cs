using Dapper;
using Npgsql;

namespace Tdmp.Tests.Features.Reporting;

/// <summary>Per-tenant reporting logins (reporting.create_tenant_login), and the service running as an ordinary, non-superuser owner.</summary>
[Collection(ApiCollection.Name)]
public sealed class TenantReportingTests(TdmpApi api)
{
    /// <summary>Connects as <paramref name="login"/> itself (the test cluster trusts local connections), as a reporting tool would.</summary>
    private NpgsqlConnection OpenAs(string login, string password)
    {
        var connection = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(api.ConnectionString) { Username = login, Password = password, Pooling = false }.ConnectionString);
        connection.Open();
        return connection;
    }

    private async Task<(string Login, string Password)> CreateLoginAsync(long tenantId)
    {
        var login = $"report_{Guid.NewGuid():N}"[..30];
        const string password = "reporting secret";
        await using var db = api.OpenDb();
        await db.ExecuteAsync("SELECT reporting.create_tenant_login(@login, @password, @tenantId)", new { login, password, tenantId });
        return (login, password);
    }

    private async Task<List<string>> TenantScopedViewsAsync()
    {
        await using var db = api.OpenDb();
        return (await db.QueryAsync<string>("""
            SELECT table_name FROM information_schema.columns
            WHERE table_schema = 'reporting' AND column_name = 'tenant_id' ORDER BY 1
            """)).ToList();
    }

    [Fact]
    public async Task A_tenant_login_sees_only_its_tenants_rows_in_every_reporting_view()
    {
        var mine = await api.CreateTenantAsync();
        var other = await api.CreateTenantAsync();
        foreach (var tenant in new[] { mine, other })
        {
            var admin = await (await tenant.CreateUserAsync(TenantRole.Admin)).LoginAsync();
            var (projectId, schemaId) = await Workspace.ProjectWithSchemaAsync(admin, "order.schema.json");
            var id = (await Workspace.GenerateAsync(admin, new { name = "scoped", project_id = projectId, schema_id = schemaId, record_count = 3 }))
                .GetProperty("dataset_id").GetInt64();
            await Workspace.WaitAsync(admin, id);
        }
        var (login, password) = await CreateLoginAsync(mine.Id);

        var views = await TenantScopedViewsAsync();
        Assert.Superset(new HashSet<string> { "projects_overview", "users", "audit_trail", "datasets", "logins_per_day" }, views.ToHashSet());
        await using (var asTenant = OpenAs(login, password))
        {
            foreach (var view in views)
            {
                var tenants = (await asTenant.QueryAsync<long?>($"SELECT DISTINCT tenant_id FROM reporting.{view}")).ToList();
                Assert.True(tenants.All(t => t == mine.Id),
                    $"reporting.{view} shows tenants {string.Join(",", tenants)} to the login of tenant {mine.Id}");
            }
            Assert.Equal(1L, await asTenant.QuerySingleAsync<long>("SELECT count(*) FROM reporting.datasets WHERE dataset_name = 'scoped'"));
            Assert.NotEmpty(await asTenant.QueryAsync("SELECT * FROM reporting.users"));

            // Switching to the shared role changes current_user, not session_user: still one tenant.
            await asTenant.ExecuteAsync("SET ROLE tdmp_reporting");
            Assert.Equal(new long?[] { mine.Id },
                (await asTenant.QueryAsync<long?>("SELECT DISTINCT tenant_id FROM reporting.datasets WHERE dataset_name = 'scoped'")).ToList());
            await asTenant.ExecuteAsync("RESET ROLE");

            // The unfiltered views and the tables stay out of reach.
            foreach (var sql in new[] { "SELECT * FROM reporting_all.datasets", "SELECT * FROM public.datasets",
                "SELECT * FROM reporting_tenant_logins",
                                        "SELECT reporting.create_tenant_login('x', 'y', 1)" })
            {
                var error = await Assert.ThrowsAsync<PostgresException>(() => asTenant.QueryAsync(sql));
                Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
            }
        }

        // The operator's role still sees every tenant.
        await using var db = api.OpenDb();
        await using var transaction = await db.BeginTransactionAsync();
        await db.ExecuteAsync("SET LOCAL ROLE tdmp_reporting", transaction: transaction);
        var all = (await db.QueryAsync<long>("SELECT DISTINCT tenant_id FROM reporting.datasets WHERE dataset_name = 'scoped'",
            transaction: transaction)).ToList();
        Assert.Contains(mine.Id, all);
        Assert.Contains(other.Id, all);
    }

    [Fact]
    public async Task Creating_a_login_for_an_unknown_tenant_is_refused_and_creates_no_role()
    {
        await using var db = api.OpenDb();
        var error = await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync(
            "SELECT reporting.create_tenant_login('report_nobody', 'pw', -1)"));
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, error.SqlState);
        Assert.False(await db.QuerySingleAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'report_nobody')"));
    }

    [Fact]
    public async Task Every_reporting_view_with_a_tenant_id_filters_by_the_tenant_login()
    {
        await using var db = api.OpenDb();
        foreach (var view in await TenantScopedViewsAsync())
        {
            var definition = await db.QuerySingleAsync<string>("SELECT pg_get_viewdef(@name::regclass)", new { name = $"reporting.{view}" });
            Assert.True(definition.Contains("reporting_tenant_logins", StringComparison.Ordinal),
                $"reporting.{view} is not tenant-scoped: end its migration with CALL scope_reporting_views_by_tenant();");
        }
    }

    [Fact]
    public async Task Service_migrates_and_serves_as_an_owner_role_without_superuser_or_createrole()
    {
        var role = $"tdmp_owner_{Guid.NewGuid():N}"[..30];
        var database = $"tdmp_test_owner_{DateTime.UtcNow:yyyyMMddHHmmss}_{Guid.NewGuid():N}"[..60];
        await using (var server = new NpgsqlConnection(TestDatabase.ServerConnectionString))
        {
            await server.OpenAsync();
            await server.ExecuteAsync($"CREATE ROLE \"{role}\" LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB");
            await server.ExecuteAsync($"CREATE DATABASE \"{database}\" OWNER \"{role}\"");
            Assert.False(await server.QuerySingleAsync<bool>("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = @role", new { role }));
        }
        var connectionString = new NpgsqlConnectionStringBuilder(TestDatabase.ServerConnectionString)
            { Database = database, Username = role }.ConnectionString;
        await using (var service = await ServiceProcess.StartAsync(connectionString, Directory.CreateTempSubdirectory("tdmp-owner-").FullName))
        {
            using var client = service.Client();
            Assert.False(string.IsNullOrEmpty(await TdmpApi.TokenAsync(client, TdmpApi.SuperuserName, TdmpApi.SuperuserPassword)));
        }
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        // Every migration ran (the last one shipped is the tenant-login one or later) and the reporting views exist.
        Assert.True(await db.QuerySingleAsync<long>(
            "SELECT count(*) FROM schemaversions WHERE scriptname LIKE '%0095_reporting_tenant_logins.sql'") == 1);
        Assert.True(await db.QuerySingleAsync<long>("SELECT count(*) FROM information_schema.views WHERE table_schema = 'reporting'") > 5);
    }
}
