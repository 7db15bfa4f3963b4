using Dapper;
using Npgsql;
using Tdmp.Features.Common.Auth;

namespace Tdmp.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class HostConventionsTests(TdmpApi api)
{
    [Fact]
    public async Task Unknown_route_is_404_problem()
    {
        var problem = await (await api.Anonymous().GetAsync("/no/such/route")).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("/no/such/route", problem.GetProperty("detail").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("trace_id").GetString()));
    }

    [Fact]
    public async Task Json_endpoint_sent_a_form_is_415_problem()
    {
        var client = await api.LoginAsync(TdmpApi.SuperuserName, TdmpApi.SuperuserPassword);
        var response = await client.PostAsync("/projects/create", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "x" }));
        await response.ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Route_or_query_value_of_the_wrong_type_is_400_without_dotnet_type_names()
    {
        var client = await api.LoginAsync(TdmpApi.SuperuserName, TdmpApi.SuperuserPassword);
        foreach (var url in new[] { "/datasets?limit=abc", "/users/abc", "/projects?offset=1.5" })
        {
            var problem = await (await client.GetAsync(url)).ExpectProblemAsync(HttpStatusCode.BadRequest);
            Assert.Contains("is not a valid integer", problem.GetProperty("detail").GetString());
            Assert.DoesNotContain("Int", problem.GetRawText());
        }
    }

    [Fact]
    public async Task Wrong_method_is_405_problem()
        => await (await api.Anonymous().DeleteAsync("/users/token")).ExpectProblemAsync(HttpStatusCode.MethodNotAllowed);

    [Fact]
    public async Task Service_starts_on_an_empty_database_migrates_and_creates_the_first_superuser()
    {
        // The shared instance started on a database created empty for this run.
        var ready = await (await api.Anonymous().GetAsync("/health/ready")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("ok", ready.GetProperty("checks").GetProperty("migrations").GetString());

        var client = await api.LoginAsync(TdmpApi.SuperuserName, TdmpApi.SuperuserPassword);
        var me = await (await client.GetAsync("/users/me")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("superuser", me.GetProperty("role").GetString());

        await using var db = api.OpenDb();
        Assert.Equal("default", await db.QuerySingleAsync<string>(
            "SELECT t.name FROM users u JOIN tenants t ON t.tenant_id = u.tenant_id WHERE u.username = @name", new { name = TdmpApi.SuperuserName }));
        Assert.Equal(0, DatabaseMigrationsPending());
    }

    [Fact]
    public async Task Live_and_version_answer_without_a_token()
    {
        await (await api.Anonymous().GetAsync("/health/live")).ExpectAsync(HttpStatusCode.OK);
        var version = await (await api.Anonymous().GetAsync("/version")).ExpectAsync(HttpStatusCode.OK);
        Assert.False(string.IsNullOrEmpty(version.GetProperty("version").GetString()));
        // Anonymous: the release only, no commit (build metadata), engine or runtime.
        Assert.DoesNotContain("+", version.GetProperty("version").GetString());
        Assert.Equal(["version"], version.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Audit_rows_cannot_be_changed_or_deleted()
    {
        await using var db = api.OpenDb();
        var id = await db.QuerySingleAsync<long>("INSERT INTO audit_log (action) VALUES ('test.row') RETURNING audit_id");
        var update = await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync("UPDATE audit_log SET action = 'x' WHERE audit_id = @id",
            new { id }));
        Assert.Contains("append-only", update.MessageText);
        await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync("DELETE FROM audit_log WHERE audit_id = @id", new { id }));
        Assert.Equal("test.row", await db.QuerySingleAsync<string>("SELECT action FROM audit_log WHERE audit_id = @id", new { id }));
    }

    [Fact]
    public async Task Every_table_and_column_has_a_comment_for_report_writers()
    {
        await using var db = api.OpenDb();
        var missing = (await db.QueryAsync<string>("""
            SELECT c.relname || COALESCE('.' || a.attname, '')
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
            LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE c.relkind = 'r' AND c.relname <> 'schemaversions'
              AND (CASE WHEN a.attname IS NULL THEN obj_description(c.oid, 'pg_class') ELSE col_description(c.oid, a.attnum) END) IS NULL
            """)).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Passwords_are_hashed_with_pbkdf2_sha256_at_owasp_work_factor_by_default()
    {
        var defaults = new AuthOptions();
        Assert.True(defaults.PasswordIterations >= 600_000);
        var hasher = new PasswordHasher(new AuthOptions { PasswordIterations = 1000 });
        var hash = hasher.Hash("correct horse battery staple");
        Assert.StartsWith("pbkdf2-sha256$1000$", hash);
        Assert.NotEqual(hash, hasher.Hash("correct horse battery staple")); // salted
        Assert.True(hasher.Verify("correct horse battery staple", hash));
        Assert.False(hasher.Verify("correct horse battery stapler", hash));
        Assert.False(hasher.Verify("anything", null));
    }

    private int DatabaseMigrationsPending()
        => Tdmp.Api.Hosting.DatabaseMigrations.Engine(api.ConnectionString).GetScriptsToExecute().Count;
}
