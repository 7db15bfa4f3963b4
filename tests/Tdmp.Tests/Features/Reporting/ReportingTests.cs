using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using Tdmp.Tests.Features.Projects;

namespace Tdmp.Tests.Features.Reporting;

/// <summary>The reporting schema, its read-only role, and the example queries of the README.</summary>
[Collection(ApiCollection.Name)]
public sealed partial class ReportingTests(TdmpApi api)
{
    private const string Role = "tdmp_reporting";

    /// <summary>Runs <paramref name="sql"/> as the reporting role, in a transaction that is rolled back.</summary>
    private async Task<List<dynamic>> QueryAsReportingAsync(string sql)
    {
        await using var db = api.OpenDb();
        await using var transaction = await db.BeginTransactionAsync();
        await db.ExecuteAsync($"SET LOCAL ROLE {Role}", transaction: transaction);
        var rows = (await db.QueryAsync(sql, transaction: transaction)).ToList();
        await transaction.RollbackAsync();
        return rows;
    }

    private async Task<List<string>> ViewsAsync()
    {
        await using var db = api.OpenDb();
        return (await db.QueryAsync<string>("SELECT table_name FROM information_schema.views WHERE table_schema = 'reporting' ORDER BY 1")).ToList();
    }

    [Fact]
    public async Task Reporting_role_reads_every_reporting_view()
    {
        var views = await ViewsAsync();
        Assert.Superset(new HashSet<string> { "projects_overview", "activity_per_user_per_day", "logins_per_day", "users", "project_members",
            "audit_trail" },
            views.ToHashSet());
        foreach (var view in views)
            await QueryAsReportingAsync($"SELECT * FROM reporting.{view} LIMIT 1");
    }

    [Theory]
    [InlineData("public.users")]
    [InlineData("public.sessions")]
    [InlineData("public.audit_log")]
    [InlineData("public.service_secrets")]
    [InlineData("public.projects")]
    public async Task Reporting_role_cannot_read_the_tables(string table)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => QueryAsReportingAsync($"SELECT * FROM {table} LIMIT 1"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task Reporting_role_cannot_change_anything()
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => QueryAsReportingAsync("CREATE TABLE reporting.mine (x int)"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task Reporting_role_has_no_login_until_an_operator_gives_it_one()
    {
        await using var db = api.OpenDb();
        Assert.False(await db.QuerySingleAsync<bool>("SELECT rolcanlogin FROM pg_roles WHERE rolname = @Role", new { Role }));
    }

    [Fact]
    public async Task Users_view_shows_no_password_hash()
    {
        await using var db = api.OpenDb();
        var columns = (await db.QueryAsync<string>(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'reporting' AND table_name = 'users'")).ToList();
        Assert.Contains("username", columns);
        Assert.DoesNotContain(columns, c => c.Contains("hash") || c.Contains("secret"));
    }

    [Fact]
    public async Task Every_reporting_view_and_column_has_a_comment()
    {
        await using var db = api.OpenDb();
        var missing = (await db.QueryAsync<string>("""
            SELECT c.relname || COALESCE('.' || a.attname, '')
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'reporting'
            LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE c.relkind = 'v'
              AND (CASE WHEN a.attname IS NULL THEN obj_description(c.oid, 'pg_class') ELSE col_description(c.oid, a.attnum) END) IS NULL
            """)).ToList();
        Assert.Empty(missing);
        Assert.Empty((await db.QueryAsync<string>("""
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'reporting'
            WHERE c.relkind = 'v' AND obj_description(c.oid, 'pg_class') IS NULL
            """)).ToList());
    }

    [Fact]
    public async Task Views_answer_counts_of_projects_activity_and_logins()
    {
        var tenant = await api.CreateTenantAsync();
        var manager = await tenant.CreateUserAsync(TenantRole.Manager);
        var tester = await tenant.CreateUserAsync(TenantRole.Tester);
        var viewer = await tenant.CreateUserAsync(TenantRole.Tester);
        var client = await manager.LoginAsync();
        await manager.LoginAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => api.LoginAsync(tester.Username, "wrong password"));

        var projectId = (await (await client.PostAsJsonAsync("/projects/create", new { name = "reported" })).ExpectAsync(HttpStatusCode.Created))
            .GetProperty("project_id").GetInt64();
        await (await client.PostAsJsonAsync($"/projects/{projectId}/add-user", new { user_id = tester.Id, role = "edit" }))
            .ExpectAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync($"/projects/{projectId}/add-user", new { user_id = viewer.Id, role = "view" }))
            .ExpectAsync(HttpStatusCode.OK);
        await ProjectData.LinkSchemaAsync(api, projectId, await ProjectData.CreateSchemaAsync(api, tenant.Id));

        var project = Assert.Single(await QueryAsReportingAsync($"SELECT * FROM reporting.projects_overview WHERE project_id = {projectId}"));
        Assert.Equal("reported", (string)project.project_name);
        Assert.Equal(tenant.Name, (string)project.tenant_name);
        Assert.Equal(manager.Username, (string)project.created_by_username);
        Assert.Equal(2L, (long)project.member_count);
        Assert.Equal(1L, (long)project.edit_member_count);
        Assert.Equal(1L, (long)project.schema_count);

        var activity = (await QueryAsReportingAsync(
                $"SELECT action, action_count FROM reporting.activity_per_user_per_day WHERE user_id = {manager.Id}"))
            .ToDictionary(r => (string)r.action, r => (long)r.action_count);
        Assert.Equal(2L, activity["user.login"]);
        Assert.Equal(1L, activity["project.created"]);
        Assert.Equal(2L, activity["project.member_added"]);

        var logins = Assert.Single(await QueryAsReportingAsync($"SELECT * FROM reporting.logins_per_day WHERE tenant_id = {tenant.Id}"));
        Assert.Equal(2L, (long)logins.successful_logins);
        Assert.Equal(1L, (long)logins.failed_logins);
        Assert.Equal(1L, (long)logins.distinct_users);

        var user = Assert.Single(await QueryAsReportingAsync($"SELECT * FROM reporting.users WHERE user_id = {tester.Id}"));
        Assert.Equal(1L, (long)user.project_count);
        Assert.Null(user.last_login_at);
        Assert.True((bool)user.has_password);
    }

    [Fact]
    public async Task Deleted_dataset_keeps_its_row_with_deleted_at_and_tenant_name()
    {
        var tenant = await api.CreateTenantAsync();
        var admin = await (await tenant.CreateUserAsync(TenantRole.Admin)).LoginAsync();
        var (projectId, schemaId) = await Workspace.ProjectWithSchemaAsync(admin, "order.schema.json");
        var dataset = await Workspace.GenerateAsync(admin, new { name = "reported", project_id = projectId, schema_id = schemaId, record_count = 5 });
        var id = dataset.GetProperty("dataset_id").GetInt64();
        await Workspace.WaitAsync(admin, id);

        var live = Assert.Single(await QueryAsReportingAsync($"SELECT * FROM reporting.datasets WHERE dataset_id = {id}"));
        Assert.Equal(tenant.Name, (string)live.tenant_name);
        Assert.Null(live.deleted_at);
        await (await admin.DeleteAsync($"/datasets/{id}")).ExpectAsync(HttpStatusCode.NoContent);

        var deleted = Assert.Single(await QueryAsReportingAsync($"SELECT * FROM reporting.datasets WHERE dataset_id = {id}"));
        Assert.NotNull(deleted.deleted_at);
        Assert.Equal(tenant.Name, (string)deleted.tenant_name);
        Assert.Equal("completed", (string)deleted.status);
        Assert.Equal("reported", (string)deleted.dataset_name);
        Assert.True((long)deleted.size_bytes > 0);
    }

    [Fact]
    public async Task Every_audit_action_written_or_in_the_source_is_described_in_audit_actions()
    {
        var described = (await QueryAsReportingAsync("SELECT action FROM reporting.audit_actions")).Select(r => (string)r.action).ToHashSet();
        await using var db = api.OpenDb();
        // Rows other tests write by hand to test the audit log itself are named test.*.
        var written = (await db.QueryAsync<string>("SELECT DISTINCT action FROM audit_log WHERE action NOT LIKE 'test.%'")).ToList();
        var src = Path.Combine(Tdmp.Tests.Generation.Engine.ExternalValidators.RepoRoot, "src");
        var inSource = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => AuditAction().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value));
        Assert.NotEmpty(written);
        Assert.Empty(written.Concat(inSource).Where(a => !described.Contains(a)).Distinct());
    }

    [Fact]
    public async Task Readme_reporting_table_lists_every_view_and_table_of_the_reporting_schema()
    {
        await using var db = api.OpenDb();
        var relations = (await db.QueryAsync<string>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'reporting'")).ToList();
        var readme = File.ReadAllText(Path.Combine(Tdmp.Tests.Generation.Engine.ExternalValidators.RepoRoot, "README.md"));
        var listed = ReadmeTableRow().Matches(readme).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Equal(relations.Order(), listed.Order());
    }

    [GeneratedRegex(@"AuditEntry\(\s*""([a-z0-9_]+\.[a-z0-9_]+)""")]
    private static partial Regex AuditAction();

    [GeneratedRegex(@"^\| `reporting\.([a-z_]+)` \|", RegexOptions.Multiline)]
    private static partial Regex ReadmeTableRow();

    [Fact]
    public async Task The_five_readme_queries_run_as_written_as_the_reporting_role()
    {
        var queries = ReadmeQueries();
        Assert.Equal(5, queries.Count);
        foreach (var query in queries)
            await QueryAsReportingAsync(query);
    }

    /// <summary>The ```sql blocks between the README's reporting-queries markers, so README and test cannot drift apart.</summary>
    private static List<string> ReadmeQueries()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !(File.Exists(Path.Combine(directory.FullName, "README.md"))
            && File.Exists(Path.Combine(directory.FullName, "Tdmp.sln"))))
            directory = directory.Parent;
        Assert.NotNull(directory);
        var readme = File.ReadAllText(Path.Combine(directory.FullName, "README.md"));
        const string start = "<!-- reporting-queries:start -->", end = "<!-- reporting-queries:end -->";
        var from = readme.IndexOf(start, StringComparison.Ordinal);
        var to = readme.IndexOf(end, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, "README.md lacks the reporting-queries markers");
        return SqlBlock().Matches(readme[from..to]).Select(m => m.Groups[1].Value.Trim()).ToList();
    }

    [GeneratedRegex(@"```sql\s*\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex SqlBlock();
}
