using Dapper;
using Tdmp.Features.Common.Storage;
using Tdmp.Tests.Features.Users;

namespace Tdmp.Tests.Features.Limits;

/// <summary>Issue 13 through HTTP: the tenant's quotas and value bounds, refused up front with the limit named, and enforced
/// while writing.</summary>
[Collection(DatasetsApiCollection.Name)]
public sealed class LimitsTests(TdmpApi api) : IAsyncLifetime
{
    private TestTenant tenant = null!;
    private TestUser adminUser = null!;
    private HttpClient admin = null!;
    private HttpClient superuser = null!;

    public async Task InitializeAsync()
    {
        tenant = await api.CreateTenantAsync();
        adminUser = await tenant.CreateUserAsync(TenantRole.Admin);
        admin = await adminUser.LoginAsync();
        superuser = await (await tenant.CreateUserAsync(TenantRole.Superuser)).LoginAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Changes some of this tenant's settings as a superuser would (PUT keeps the settings it leaves out).</summary>
    private async Task<JsonElement> SetLimitsAsync(object limits)
    {
        var body = new Dictionary<string, object> { ["name"] = tenant.Name, ["max_record_count"] = 10_000_000, ["dataset_retention_days"] = 30 };
        foreach (var p in limits.GetType().GetProperties()) body[p.Name] = p.GetValue(limits)!;
        return await (await superuser.PutAsJsonAsync($"/tenants/{tenant.Id}", body)).ExpectAsync(HttpStatusCode.OK);
    }

    private static MultipartFormDataContent SchemaForm(string content, string fileName) => new()
    {
        { new StringContent(Workspace.Unique("limits")), "name" },
        { new StringContent(content), "file", fileName },
    };

    private async Task<(long ProjectId, long SchemaId)> ProjectWithInlineSchemaAsync(string content, string fileName)
    {
        var schemaId = (await (await admin.PostAsync("/schemas", SchemaForm(content, fileName))).ExpectAsync(HttpStatusCode.Created))
            .GetProperty("schema_id").GetInt64();
        var projectId = await Workspace.CreateProjectAsync(admin);
        await Workspace.LinkSchemaAsync(admin, projectId, schemaId);
        return (projectId, schemaId);
    }

    private static string ArraySchema(int minItems, int minLength = 1) => $$$"""
        {"type": "object", "required": ["tags"], "properties": {
          "tags": {"type": "array", "minItems": {{{minItems}}},
            "items": {"type": "string", "minLength": {{{minLength}}}, "maxLength": {{{minLength + 2}}} } } } }
        """;

    [Fact]
    public async Task Tenant_settings_have_the_documented_defaults_and_only_a_superuser_changes_them()
    {
        var current = await (await superuser.GetAsync($"/tenants/{tenant.Id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(10, current.GetProperty("max_active_datasets_per_user").GetInt32());
        Assert.Equal(50, current.GetProperty("max_active_datasets_per_tenant").GetInt32());
        Assert.Equal(100L << 30, current.GetProperty("max_stored_bytes").GetInt64());
        Assert.Equal(20L << 30, current.GetProperty("max_dataset_bytes").GetInt64());
        Assert.Equal(10_000, current.GetProperty("max_files_per_dataset").GetInt32());
        Assert.Equal(1 << 20, current.GetProperty("max_record_bytes").GetInt32());
        Assert.Equal(100_000, current.GetProperty("max_string_length").GetInt32());
        Assert.Equal(10_000, current.GetProperty("max_array_items").GetInt32());
        Assert.Equal(0, current.GetProperty("stored_bytes").GetInt64());

        var changed = await SetLimitsAsync(new { max_dataset_bytes = 5_000_000L, max_active_datasets_per_user = 3 });
        Assert.Equal(5_000_000, changed.GetProperty("max_dataset_bytes").GetInt64());
        Assert.Equal(3, changed.GetProperty("max_active_datasets_per_user").GetInt32());
        Assert.Equal(50, changed.GetProperty("max_active_datasets_per_tenant").GetInt32()); // left out: kept

        var bad = await (await superuser.PutAsJsonAsync($"/tenants/{tenant.Id}", new
        {
            name = tenant.Name, max_record_count = 1000, dataset_retention_days = 30, max_record_bytes = 10,
        })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(bad.GetProperty("errors").TryGetProperty("max_record_bytes", out _));
        await (await admin.PutAsJsonAsync($"/tenants/{tenant.Id}", new { name = tenant.Name, max_record_count = 1000, dataset_retention_days = 30 }))
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_schema_forcing_two_to_the_31_items_is_refused_at_upload_naming_the_field()
    {
        var problem = await (await admin.PostAsync("/schemas", SchemaForm(ArraySchema(int.MaxValue), "huge.schema.json")))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        var message = problem.GetProperty("errors").GetProperty("file")[0].GetString()!;
        Assert.Contains("'tags'", message);
        Assert.Contains("2,147,483,647", message);
        Assert.Contains("max_array_items", message);

        var longString = """{"type": "object", "properties": {"code": {"type": "string", "minLength": 2147483647}}}""";
        var strings = await (await admin.PostAsync("/schemas", SchemaForm(longString, "long.schema.json")))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("'code'", strings.GetProperty("errors").GetProperty("file")[0].GetString());
        Assert.Contains("max_string_length", strings.GetProperty("errors").GetProperty("file")[0].GetString());
    }

    [Fact]
    public async Task One_slow_pattern_on_many_fields_is_analysed_once_and_many_slow_patterns_stop_at_the_request_budget()
    {
        static string Schema(IEnumerable<string> patterns) => "{\"type\": \"object\", \"properties\": {"
            + string.Join(", ", patterns.Select((p, i) => $"\"f{i}\": {{\"type\": \"string\", \"pattern\": \"{p}\"}}")) + "}}";

        // 200 fields with the same catastrophic pattern: analysed once, so the upload is accepted.
        await (await admin.PostAsync("/schemas", SchemaForm(Schema(Enumerable.Repeat("^(a?){16}a{16}$", 200)), "same.schema.json")))
            .ExpectAsync(HttpStatusCode.Created);

        // 2,000 different slow patterns: the request's regex budget runs out and the next pattern is named in a 422.
        var many = Enumerable.Range(0, 2000).Select(i => $"^x{i}(a?){{{14 + i % 3}}}a{{{14 + i % 3}}}$");
        var problem = await (await admin.PostAsync("/schemas", SchemaForm(Schema(many), "many.schema.json")))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        var message = problem.GetProperty("errors").GetProperty("file")[0].GetString()!;
        Assert.Matches(@"pattern '\^x\d+\(a\?\)\{\d+\}a\{\d+\}\$' was not analysed", message);
        Assert.Contains("steps of analysis", message);
    }

    [Fact]
    public async Task A_rule_min_length_near_two_to_the_31_on_an_xsd_attribute_is_refused_naming_the_rule()
    {
        const string xsd = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              <xs:element name="Note"><xs:complexType>
                <xs:sequence><xs:element name="Body" type="xs:string"/></xs:sequence>
                <xs:attribute name="code" type="xs:string" use="required"/>
              </xs:complexType></xs:element>
            </xs:schema>
            """;
        var (_, schemaId) = await ProjectWithInlineSchemaAsync(xsd, "note.xsd");
        var problem = await (await admin.PostAsJsonAsync("/constraints", new
        {
            name = Workspace.Unique("huge"), schema_id = schemaId,
            rules = new object[] { new { field = "Note.@code", min_length = int.MaxValue - 1 }, new { field = "Note.Body", max_length = 20 } },
        })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        var errors = problem.GetProperty("errors");
        Assert.Contains("max_string_length", errors.GetProperty("rules[0].min_length")[0].GetString());
        Assert.False(errors.TryGetProperty("rules[1].max_length", out _));
    }

    [Fact]
    public async Task Bounds_lowered_after_upload_refuse_the_dataset_at_creation_naming_the_field()
    {
        var (projectId, schemaId) = await ProjectWithInlineSchemaAsync(ArraySchema(50), "tags.schema.json");
        await SetLimitsAsync(new { max_array_items = 10 });
        var problem = await (await admin.PostAsJsonAsync("/datasets/create", new
        {
            name = Workspace.Unique("tags"), project_id = projectId, schema_id = schemaId, record_count = 10,
        })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        var message = problem.GetProperty("errors").GetProperty("schema_id")[0].GetString()!;
        Assert.Contains("'tags'", message);
        Assert.Contains("max_array_items", message);
    }

    [Fact]
    public async Task A_record_larger_than_max_record_bytes_is_refused_at_creation_naming_where_it_grew()
    {
        // 500 strings of 10..12 characters: within the value bounds, but about 7 KB per record.
        var (projectId, schemaId) = await ProjectWithInlineSchemaAsync(ArraySchema(500, 10), "wide.schema.json");
        await SetLimitsAsync(new { max_record_bytes = 4096 });
        var problem = await (await admin.PostAsJsonAsync("/datasets/create", new
        {
            name = Workspace.Unique("wide"), project_id = projectId, schema_id = schemaId, record_count = 10,
        })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        var message = problem.GetProperty("errors").GetProperty("schema_id")[0].GetString()!;
        Assert.Contains("max_record_bytes", message);
        Assert.Contains("tags", message);
    }

    [Fact]
    public async Task The_size_estimated_from_a_sample_is_checked_against_the_dataset_files_and_storage_quotas()
    {
        var (projectId, schemaId) = await Workspace.ProjectWithSchemaAsync(admin, "order.schema.json");
        object Request(long count, object? parameters = null) => new
        {
            name = Workspace.Unique("orders"), project_id = projectId, schema_id = schemaId, record_count = count,
            @params = parameters ?? new { seed = 5 },
        };

        // 200 records measure a few hundred KB; the estimate must be near the real size.
        var done = await Workspace.GenerateAsync(admin, Request(200));
        var size = done.GetProperty("files").EnumerateArray().Sum(f => f.GetProperty("size_bytes").GetInt64());
        var estimated = await api.ScalarAsync<long>("SELECT estimated_bytes FROM datasets WHERE dataset_id = @id",
            new { id = done.GetProperty("dataset_id").GetInt64() });
        Assert.InRange(estimated, size * 0.7, size * 1.3);

        await SetLimitsAsync(new { max_dataset_bytes = size * 2 });
        var tooBig = await (await admin.PostAsJsonAsync("/datasets/create", Request(2000))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("max_dataset_bytes", tooBig.GetProperty("errors").GetProperty("record_count")[0].GetString());

        await SetLimitsAsync(new { max_dataset_bytes = 20L << 30, max_files_per_dataset = 50 });
        var files = await (await admin.PostAsJsonAsync("/datasets/create", Request(100, new { records_per_file = 1 })))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        var filesMessage = files.GetProperty("errors").GetProperty("params.records_per_file")[0].GetString()!;
        Assert.Contains("100 files", filesMessage);
        Assert.Contains("max_files_per_dataset", filesMessage);

        // The stored files count against the tenant: room for what is stored and a little more.
        await SetLimitsAsync(new { max_files_per_dataset = 10_000, max_stored_bytes = size + size / 2 });
        var full = await (await admin.PostAsJsonAsync("/datasets/create", Request(200))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        var fullMessage = full.GetProperty("errors").GetProperty("record_count")[0].GetString()!;
        Assert.Contains("max_stored_bytes", fullMessage);
        Assert.Contains("already uses", fullMessage);
        await (await admin.PostAsJsonAsync("/datasets/create", Request(50))).ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Queued_and_running_datasets_over_the_user_or_tenant_quota_are_429_with_retry_after()
    {
        var (projectId, schemaId) = await Workspace.ProjectWithSchemaAsync(admin, "order.schema.json");
        // A dataset another node is generating (its lease is live), so nothing here has to be slow.
        await using (var db = api.OpenDb())
            await db.ExecuteAsync("""
                INSERT INTO datasets (tenant_id, project_id, schema_id, name, record_count, types, seed, engine_version, status,
                                      lease_owner, lease_expires_at, attempts, created_by)
                VALUES (@tenant, @projectId, @schemaId, 'busy', 1000, '{json}', 1, 'engine-test', 'running',
                        'another-node/1', now() + interval '1 hour', 1, @user)
                """, new { tenant = tenant.Id, projectId, schemaId, user = adminUser.Id });
        object Request() => new { name = Workspace.Unique("orders"), project_id = projectId, schema_id = schemaId, record_count = 10 };

        await SetLimitsAsync(new { max_active_datasets_per_user = 1 });
        var response = await admin.PostAsJsonAsync("/datasets/create", Request());
        var problem = await response.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);
        Assert.Contains("You have 1 queued or running", problem.GetProperty("detail").GetString());
        Assert.Contains("max_active_datasets_per_user", problem.GetProperty("detail").GetString());

        await SetLimitsAsync(new { max_active_datasets_per_user = 10, max_active_datasets_per_tenant = 1 });
        var tenantFull = await (await admin.PostAsJsonAsync("/datasets/create", Request())).ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("max_active_datasets_per_tenant", tenantFull.GetProperty("detail").GetString());

        await SetLimitsAsync(new { max_active_datasets_per_tenant = 2 });
        await (await admin.PostAsJsonAsync("/datasets/create", Request())).ExpectAsync(HttpStatusCode.Created);
        await using (var db = api.OpenDb())
            await db.ExecuteAsync(
                "UPDATE datasets SET status = 'cancelled', lease_owner = NULL, lease_expires_at = NULL WHERE tenant_id = @tenant AND name = 'busy'",
                new { tenant = tenant.Id });
    }

    [Fact]
    public async Task A_run_that_outgrows_its_limit_fails_cleanly_publishes_nothing_and_runs_again_once_allowed()
    {
        var (projectId, schemaId) = await Workspace.ProjectWithSchemaAsync(admin, "order.schema.json");
        // Accepted when the limit was higher (a cancelled dataset), run after it was lowered: the estimate does not save it.
        long id;
        await using (var db = api.OpenDb())
            id = await db.QuerySingleAsync<long>("""
                INSERT INTO datasets (tenant_id, project_id, schema_id, name, record_count, types, seed, engine_version, status, created_by)
                VALUES (@tenant, @projectId, @schemaId, 'outgrows', 3000, '{json,jsonl}', 3, @engine, 'cancelled', @user)
                RETURNING dataset_id
                """,
                new { tenant = tenant.Id, projectId, schemaId, user = adminUser.Id, engine = Tdmp.Generation.Engine.GenerationPlan.EngineVersion });
        await SetLimitsAsync(new { max_dataset_bytes = 100_000L });

        await (await admin.GetAsync($"/datasets/generate/{id}")).ExpectAsync(HttpStatusCode.Accepted);
        var failed = await Workspace.WaitAsync(admin, id);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        var error = failed.GetProperty("error").GetString()!;
        Assert.Contains("outgrew its limit", error);
        Assert.Contains("max_dataset_bytes", error);
        Assert.Contains("nothing was published", error);
        Assert.Empty(failed.GetProperty("files").EnumerateArray());
        var storage = Path.Combine(Path.GetFullPath(api.Service<StorageOptions>().Root), "datasets", id.ToString());
        Assert.False(Directory.Exists(storage) && Directory.EnumerateFiles(storage).Any());

        await SetLimitsAsync(new { max_dataset_bytes = 20L << 30 });
        await (await admin.GetAsync($"/datasets/generate/{id}")).ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal("completed", (await Workspace.WaitAsync(admin, id)).GetProperty("status").GetString());
    }
}
