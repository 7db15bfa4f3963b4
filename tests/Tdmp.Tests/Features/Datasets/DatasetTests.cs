using System.IO.Compression;
using System.Net.Http.Headers;
using Json.Schema;
using Tdmp.Tests.Generation;

namespace Tdmp.Tests.Features.Datasets;

[Collection(DatasetsApiCollection.Name)]
public sealed class DatasetTests(TdmpApi api) : IAsyncLifetime
{
    private TestTenant tenant = null!;
    private HttpClient admin = null!;
    private long projectId;
    private long schemaId;

    public async Task InitializeAsync()
    {
        tenant = await api.CreateTenantAsync();
        admin = await (await tenant.CreateUserAsync(TenantRole.Admin)).LoginAsync();
        (projectId, schemaId) = await Workspace.ProjectWithSchemaAsync(admin, "order.schema.json");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private object Request(long records, string[]? types = null, object? parameters = null) => new
    {
        name = Workspace.Unique("orders"), project_id = projectId, schema_id = schemaId, record_count = records,
        types = types ?? ["json"], @params = parameters ?? new { seed = 42 },
    };

    [Fact]
    public async Task Created_dataset_is_queued_with_its_seed_and_completes_with_files_valid_against_the_schema()
    {
        var created = await (await admin.PostAsJsonAsync("/datasets/create", Request(120, ["json", "jsonl"], new { seed = 77 })))
            .ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("queued", created.GetProperty("status").GetString());
        Assert.Equal(77, created.GetProperty("seed").GetInt64());
        var id = created.GetProperty("dataset_id").GetInt64();

        var done = await Workspace.WaitAsync(admin, id);
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal(1.0, done.GetProperty("progress").GetDouble());
        Assert.Equal(120, done.GetProperty("records_generated").GetInt64());
        var files = done.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(["json", "jsonl"], files.Select(f => f.GetProperty("format").GetString()));
        Assert.All(files, f => Assert.Equal(120, f.GetProperty("record_count").GetInt64()));

        var response = await admin.GetAsync($"/data/{id}?format=json");
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(files[0].GetProperty("size_bytes").GetInt64(), response.Content.Headers.ContentLength);
        Assert.Equal($"\"{files[0].GetProperty("sha256").GetString()}\"", response.Headers.ETag?.Tag);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(files[0].GetProperty("sha256").GetString(), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body)));

        var schema = JsonSchema.FromText(System.Text.Encoding.UTF8.GetString(SharedSchemas.Bytes("order.schema.json")));
        var records = JsonDocument.Parse(body).RootElement.EnumerateArray().ToList();
        Assert.Equal(120, records.Count);
        foreach (var record in records)
            Assert.True(schema.Evaluate(record, new EvaluationOptions { RequireFormatValidation = true }).IsValid, record.GetRawText());
    }

    [Fact]
    public async Task The_reference_date_is_stored_and_ends_the_default_date_windows()
    {
        var created = await (await admin.PostAsJsonAsync("/datasets/create", Request(200, ["json"], new { seed = 5 })))
            .ExpectAsync(HttpStatusCode.Created);
        // Absent: the creation day, stored, so regenerating gives the same files.
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd"),
            created.GetProperty("params").GetProperty("reference_date").GetString());

        var done = await Workspace.GenerateAsync(admin, Request(200, ["json"], new { seed = 5, reference_date = "2011-05-20" }));
        Assert.Equal("2011-05-20", done.GetProperty("params").GetProperty("reference_date").GetString());
        var body = await (await admin.GetAsync($"/data/{done.GetProperty("dataset_id").GetInt64()}?format=json")).Content.ReadAsByteArrayAsync();
        var placed = JsonDocument.Parse(body).RootElement.EnumerateArray().Select(r => DateTimeOffset.Parse(r.GetProperty("placed_at").GetString()!))
            .ToList();
        Assert.All(placed, p => Assert.InRange(p.UtcDateTime, new DateTime(2003, 5, 20), new DateTime(2011, 5, 21)));

        var bad = await admin.PostAsJsonAsync("/datasets/create", Request(10, ["json"], new { seed = 5, reference_date = "0100-01-01" }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("params.reference_date", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Same_seed_gives_byte_identical_files()
    {
        var first = await Workspace.GenerateAsync(admin, Request(300, ["json", "csv"], new { seed = 9001 }));
        var second = await Workspace.GenerateAsync(admin, Request(300, ["json", "csv"], new { seed = 9001 }));
        var third = await Workspace.GenerateAsync(admin, Request(300, ["json", "csv"], new { seed = 9002 }));
        static string[] Hashes(JsonElement d) => d.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("sha256").GetString()!).ToArray();
        Assert.Equal(Hashes(first), Hashes(second));
        Assert.NotEqual(Hashes(first)[0], Hashes(third)[0]);
    }

    [Fact]
    public async Task Download_supports_range_etag_and_if_none_match()
    {
        var done = await Workspace.GenerateAsync(admin, Request(50));
        var id = done.GetProperty("dataset_id").GetInt64();
        var full = await admin.GetByteArrayAsync($"/data/{id}");

        var ranged = new HttpRequestMessage(HttpMethod.Get, $"/data/{id}");
        ranged.Headers.Range = new RangeHeaderValue(10, 29);
        var partial = await admin.SendAsync(ranged);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(full[10..30], await partial.Content.ReadAsByteArrayAsync());
        Assert.Equal(full.Length, partial.Content.Headers.ContentRange?.Length);

        var etag = (await admin.GetAsync($"/data/{id}")).Headers.ETag!;
        var conditional = new HttpRequestMessage(HttpMethod.Get, $"/data/{id}");
        conditional.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await admin.SendAsync(conditional)).StatusCode);
    }

    [Fact]
    public async Task Split_dataset_downloads_one_file_by_index_or_all_as_a_zip()
    {
        var done = await Workspace.GenerateAsync(admin, Request(25, ["jsonl"], new { seed = 5, records_per_file = 10 }));
        var id = done.GetProperty("dataset_id").GetInt64();
        var files = done.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2], files.Select(f => f.GetProperty("file_index").GetInt32()));
        Assert.Equal([10L, 10L, 5L], files.Select(f => f.GetProperty("record_count").GetInt64()));

        var second = await admin.GetStringAsync($"/data/{id}?format=jsonl&file_index=1");
        Assert.Equal(10, second.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var zipResponse = await admin.GetAsync($"/data/{id}?format=jsonl");
        Assert.Equal("application/zip", zipResponse.Content.Headers.ContentType?.MediaType);
        var zipBytes = await zipResponse.Content.ReadAsByteArrayAsync();
        using var zip = new ZipArchive(new MemoryStream(zipBytes));
        Assert.Equal(files.Select(f => f.GetProperty("file_name").GetString()), zip.Entries.Select(e => e.FullName));

        // The same bytes every time, as its ETag says, so a download can be resumed with Range.
        var resumed = new HttpRequestMessage(HttpMethod.Get, $"/data/{id}?format=jsonl");
        resumed.Headers.Range = new RangeHeaderValue(100, null);
        var rest = await admin.SendAsync(resumed);
        Assert.Equal(HttpStatusCode.PartialContent, rest.StatusCode);
        Assert.Equal(zipBytes[100..], await rest.Content.ReadAsByteArrayAsync());
        Assert.Equal(zipResponse.Headers.ETag, rest.Headers.ETag);
    }

    [Fact]
    public async Task Part_picks_one_csv_or_sql_table_with_its_content_type()
    {
        var done = await Workspace.GenerateAsync(admin, Request(20, ["csv", "sql", "jsonl"]));
        var id = done.GetProperty("dataset_id").GetInt64();
        var csvFiles = done.GetProperty("files").EnumerateArray().Where(f => f.GetProperty("format").GetString() == "csv").ToList();
        Assert.True(csvFiles.Count >= 2, "order.schema.json's nested arrays give child tables");
        var child = csvFiles[1];
        var part = child.GetProperty("part").GetString()!;
        var otherPart = csvFiles[0].GetProperty("part").GetString()!;

        var table = await admin.GetAsync($"/data/{id}?format=csv&part={part}");
        Assert.Equal(HttpStatusCode.OK, table.StatusCode);
        Assert.Equal("text/csv", table.Content.Headers.ContentType?.MediaType);
        Assert.Equal(child.GetProperty("sha256").GetString(),
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await table.Content.ReadAsByteArrayAsync())));

        var main = await admin.GetAsync($"/data/{id}?format=csv&part={otherPart}");
        Assert.Equal("text/csv", main.Content.Headers.ContentType?.MediaType);
        Assert.NotEqual(await table.Content.ReadAsStringAsync(), await main.Content.ReadAsStringAsync());

        var sqlFile = done.GetProperty("files").EnumerateArray().First(f => f.GetProperty("format").GetString() == "sql");
        var sqlPart = sqlFile.GetProperty("part").ValueKind == JsonValueKind.String ? "&part=" + sqlFile.GetProperty("part").GetString() : "";
        var sql = await admin.GetAsync($"/data/{id}?format=sql{sqlPart}");
        Assert.Equal("application/sql", sql.Content.Headers.ContentType?.MediaType);
        Assert.Equal("application/x-ndjson", (await admin.GetAsync($"/data/{id}?format=jsonl")).Content.Headers.ContentType?.MediaType);
        Assert.Equal("application/zip", (await admin.GetAsync($"/data/{id}?format=csv")).Content.Headers.ContentType?.MediaType);

        var problem = await (await admin.GetAsync($"/data/{id}?format=csv&part=nope")).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("'nope'", problem.GetProperty("detail").GetString());
    }

    /// <summary>Every place that names formats reads <see cref="Tdmp.Generation.Writers.OutputFormats"/>: a format added
    /// there and missed by the create validator, the file listing's SQL order or the download's content types fails here.</summary>
    [Fact]
    public async Task Every_registered_format_is_accepted_listed_in_registry_order_and_downloaded_with_its_content_type()
    {
        var registry = Tdmp.Generation.Writers.OutputFormats.All;
        Assert.Equal(["json", "jsonl", "csv", "xml", "sql"], registry.Select(f => f.Name));
        var done = await Workspace.GenerateAsync(admin, Request(15, [.. registry.Select(f => f.Name).Reverse()]));
        var id = done.GetProperty("dataset_id").GetInt64();
        var files = done.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(registry.Select(f => f.Name), files.Select(f => f.GetProperty("format").GetString()).Distinct());
        foreach (var format in registry)
        {
            var file = files.First(f => f.GetProperty("format").GetString() == format.Name);
            Assert.EndsWith("." + format.Extension, file.GetProperty("file_name").GetString());
            var part = file.GetProperty("part").ValueKind == JsonValueKind.String ? "&part=" + file.GetProperty("part").GetString() : "";
            Assert.Equal(format.PartPerTable, part.Length > 0);
            var response = await admin.GetAsync($"/data/{id}?format={format.Name}{part}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(format.ContentType, response.Content.Headers.ContentType?.ToString());
        }
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await admin.GetAsync($"/data/{id}?format=yaml")).StatusCode);
    }

    [Fact]
    public async Task List_sorts_and_filters_by_status_and_creation_time_and_timestamps_are_whole_utc_seconds()
    {
        var first = await Workspace.GenerateAsync(admin, Request(3));
        var second = await Workspace.GenerateAsync(admin, Request(3));
        var createdAt = first.GetProperty("created_at").GetString()!;
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", createdAt);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", first.GetProperty("completed_at").GetString()!);

        long[] Ids(JsonElement list) => list.EnumerateArray().Select(d => d.GetProperty("dataset_id").GetInt64()).ToArray();
        var ascending = Ids(await (await admin.GetAsync($"/datasets?project_id={projectId}&sort=created_at&limit=500"))
            .ExpectAsync(HttpStatusCode.OK));
        var descending = Ids(await (await admin.GetAsync($"/datasets?project_id={projectId}&sort=-created_at&limit=500"))
            .ExpectAsync(HttpStatusCode.OK));
        Assert.Equal(ascending.Reverse(), descending);
        Assert.True(Array.IndexOf(ascending, first.GetProperty("dataset_id").GetInt64())
            < Array.IndexOf(ascending, second.GetProperty("dataset_id").GetInt64()));

        var completed = await (await admin.GetAsync($"/datasets?project_id={projectId}&status=completed&limit=500")).ExpectAsync(HttpStatusCode.OK);
        Assert.All(completed.EnumerateArray(), d => Assert.Equal("completed", d.GetProperty("status").GetString()));
        var later = Ids(await (await admin.GetAsync($"/datasets?project_id={projectId}&created_after=2999-01-01T00:00:00Z"))
            .ExpectAsync(HttpStatusCode.OK));
        Assert.Empty(later);
        var earlier = Ids(await (await admin.GetAsync($"/datasets?project_id={projectId}&created_before=2999-01-01T00:00:00Z&limit=500"))
            .ExpectAsync(HttpStatusCode.OK));
        Assert.Contains(first.GetProperty("dataset_id").GetInt64(), earlier);

        var problem = await (await admin.GetAsync("/datasets?sort=-colour")).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("'created_at'", problem.GetProperty("errors").GetProperty("sort")[0].GetString());
    }

    [Fact]
    public async Task Format_not_generated_is_404_and_unfinished_dataset_is_422_with_its_status()
    {
        var done = await Workspace.GenerateAsync(admin, Request(5));
        await (await admin.GetAsync($"/data/{done.GetProperty("dataset_id").GetInt64()}?format=xml")).ExpectProblemAsync(HttpStatusCode.NotFound);

        var big = await (await admin.PostAsJsonAsync("/datasets/create", Request(3_000_000))).ExpectAsync(HttpStatusCode.Created);
        var bigId = big.GetProperty("dataset_id").GetInt64();
        var problem = await (await admin.GetAsync($"/data/{bigId}")).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Matches("queued|running", problem.GetProperty("detail").GetString());

        // Deleting a running dataset stops its generation and deletes it at once: the overview's polling loop ends on 404.
        await (await admin.DeleteAsync($"/datasets/{bigId}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await admin.GetAsync($"/datasets/{bigId}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await admin.GetAsync($"/datasets/{bigId}?wait=5")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await admin.DeleteAsync($"/datasets/{bigId}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await using var db = api.OpenDb();
        Assert.Equal(0, await Dapper.SqlMapper.ExecuteScalarAsync<long>(db,
            "SELECT count(*) FROM dataset_files WHERE dataset_id = @bigId", new { bigId }));
    }

    [Fact]
    public async Task Cancelled_dataset_can_be_generated_again()
    {
        var created = await (await admin.PostAsJsonAsync("/datasets/create", Request(2_000_000))).ExpectAsync(HttpStatusCode.Created);
        var id = created.GetProperty("dataset_id").GetInt64();
        // A dataset cancelled by an earlier version of the service (DELETE now deletes in every state).
        await using (var db = api.OpenDb())
            await Dapper.SqlMapper.ExecuteAsync(db,
                "UPDATE datasets SET record_count = 40, status = 'cancelled', lease_owner = NULL, lease_expires_at = NULL, completed_at = now() " +
                "WHERE dataset_id = @id",
                new { id });

        var started = await (await admin.GetAsync($"/datasets/generate/{id}")).ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal("queued", started.GetProperty("status").GetString());
        var done = await Workspace.WaitAsync(admin, id);
        Assert.Equal("completed", done.GetProperty("status").GetString());
        await (await admin.GetAsync($"/datasets/generate/{id}")).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Create_refuses_what_can_be_known_up_front_with_field_errors()
    {
        var unlinkedSchema = await Workspace.UploadSharedSchemaAsync(admin, "employee.schema.json");
        var problem = await (await admin.PostAsJsonAsync("/datasets/create", new
        {
            name = "x", project_id = projectId, schema_id = unlinkedSchema, record_count = 10,
        })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("schema_id", out _));

        problem = await (await admin.PostAsJsonAsync("/datasets/create", Request(10_000_001))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("record_count", out _));

        problem = await (await admin.PostAsJsonAsync("/datasets/create", Request(10, ["json", "parquet"])))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("types[1]", out _));

        problem = await (await admin.PostAsJsonAsync("/datasets/create", Request(10, null, new { sql_dialect = "oracle", root_path = "nope" })))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("params.sql_dialect", out _));

        problem = await (await admin.PostAsJsonAsync("/datasets/create", Request(10, null, new { root_path = "no.such.node" })))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("params.root_path", out _));
    }

    [Fact]
    public async Task Tester_without_edit_cannot_create_view_member_downloads_other_tenant_gets_404()
    {
        var done = await Workspace.GenerateAsync(admin, Request(10));
        var id = done.GetProperty("dataset_id").GetInt64();

        var viewer = await tenant.CreateUserAsync(TenantRole.Tester);
        await Workspace.AddMemberAsync(admin, projectId, viewer.Id, "view");
        var viewerClient = await viewer.LoginAsync();
        await (await viewerClient.PostAsJsonAsync("/datasets/create", Request(10))).ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await viewerClient.GetAsync($"/data/{id}")).StatusCode);

        var outsider = await tenant.CreateUserAsync(TenantRole.Tester);
        var outsiderClient = await outsider.LoginAsync();
        await (await outsiderClient.GetAsync($"/datasets/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);

        var otherTenant = await api.CreateTenantAsync();
        var stranger = await (await otherTenant.CreateUserAsync(TenantRole.Admin)).LoginAsync();
        await (await stranger.GetAsync($"/datasets/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.GetAsync($"/data/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.DeleteAsync($"/datasets/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.PostAsJsonAsync("/datasets/create", Request(10))).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Edit_member_creates_datasets_and_is_notified_when_done()
    {
        var editor = await tenant.CreateUserAsync(TenantRole.Tester);
        await Workspace.AddMemberAsync(admin, projectId, editor.Id, "edit");
        var client = await editor.LoginAsync();
        var done = await Workspace.GenerateAsync(client, Request(10));
        Assert.Equal("completed", done.GetProperty("status").GetString());

        var notifications = await (await client.GetAsync("/notifications")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(notifications.EnumerateArray(), n => n.GetProperty("event").GetString() == "dataset.completed");
    }

    [Fact]
    public async Task List_filters_by_project_and_status_and_pages()
    {
        await Workspace.GenerateAsync(admin, Request(3));
        await Workspace.GenerateAsync(admin, Request(3));
        var response = await admin.GetAsync($"/datasets?project_id={projectId}&status=completed&limit=1");
        var page = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Single(page.EnumerateArray());
        Assert.True(int.Parse(response.Headers.GetValues("X-Total-Count").Single()) >= 2);
        Assert.Contains("rel=\"next\"", response.Headers.GetValues("Link").Single());
    }
}
