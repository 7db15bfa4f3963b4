using Dapper;

namespace Tdmp.Tests.Features.Limits;

/// <summary>Issue 13 on real service processes: fair scheduling across tenants, a deleted huge generation that stops and
/// gives its memory back, and a full disk (a free-space floor above what is free).</summary>
[Collection(MachineMeasuringCollection.Name)]
public sealed class LimitsProcessTests
{
    private static async Task<HttpClient> LoginAsync(ServiceProcess service, string username, string password)
    {
        var client = service.Client();
        var token = await TdmpApi.TokenAsync(client, username, password);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static Task<HttpClient> SuperuserAsync(ServiceProcess service) => LoginAsync(service, TdmpApi.SuperuserName, TdmpApi.SuperuserPassword);

    private static string NewStorage() => Directory.CreateTempSubdirectory("tdmp-limits-").FullName;

    private static async Task<long> CreateAsync(HttpClient client, long projectId, long schemaId, long records, string[]? types = null)
    {
        var created = await (await client.PostAsJsonAsync("/datasets/create", new
        {
            name = Workspace.Unique("d"), project_id = projectId, schema_id = schemaId, record_count = records, types = types ?? ["jsonl"],
        })).ExpectAsync(HttpStatusCode.Created);
        return created.GetProperty("dataset_id").GetInt64();
    }

    [Fact]
    public async Task A_small_dataset_of_tenant_b_completes_within_seconds_while_tenant_a_has_a_large_backlog()
    {
        var database = TestDatabase.CreateFresh("fair");
        // One regular slot on one core: tenant A's backlog fills it for minutes.
        await using var service = await ServiceProcess.StartAsync(database, NewStorage(), new Dictionary<string, string>
        {
            ["Datasets__Concurrency"] = "1", ["Datasets__MaxDegreeOfParallelism"] = "1",
        });
        var root = await SuperuserAsync(service);
        var tenantB = (await (await root.PostAsJsonAsync("/tenants", new { name = "tenant-b" })).ExpectAsync(HttpStatusCode.Created))
            .GetProperty("tenant_id").GetInt64();
        const string password = "a long password for tenant b";
        await (await root.PostAsJsonAsync("/users/create",
            new { username = "b-admin", email = "b@example.test", role = "admin", password, tenant_id = tenantB }))
            .ExpectAsync(HttpStatusCode.Created);
        var b = await LoginAsync(service, "b-admin", password);

        var (projectA, schemaA) = await Workspace.ProjectWithSchemaAsync(root, "order.schema.json");
        var backlog = new List<long>();
        for (var i = 0; i < 4; i++) backlog.Add(await CreateAsync(root, projectA, schemaA, 2_000_000));
        var (projectB, schemaB) = await Workspace.ProjectWithSchemaAsync(b, "order.schema.json");
        await Task.Delay(500); // A's first dataset is running now

        var started = DateTime.UtcNow;
        var small = await CreateAsync(b, projectB, schemaB, 5);
        var done = await (await b.GetAsync($"/datasets/{small}?wait=20")).ExpectAsync(HttpStatusCode.OK);
        var took = DateTime.UtcNow - started;
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.True(took < TimeSpan.FromSeconds(15), $"tenant B waited {took}");

        await using var db = new Npgsql.NpgsqlConnection(database);
        var aStates = (await db.QueryAsync<string>("SELECT status FROM datasets WHERE dataset_id = ANY(@backlog)",
            new { backlog = backlog.ToArray() })).ToList();
        Assert.Equal(3, aStates.Count(s => s == "queued")); // A's backlog was not done first: B went past it
        foreach (var id in backlog) await (await root.DeleteAsync($"/datasets/{id}")).ExpectAsync(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_deleted_generation_of_huge_records_stops_and_the_process_memory_goes_back_down()
    {
        var database = TestDatabase.CreateFresh("memory");
        await using var service = await ServiceProcess.StartAsync(database, NewStorage(), new Dictionary<string, string>
        {
            ["Datasets__Concurrency"] = "1", ["Datasets__MaxDegreeOfParallelism"] = "1",
        });
        var root = await SuperuserAsync(service);
        var me = await (await root.GetAsync("/users/me")).ExpectAsync(HttpStatusCode.OK);
        var tenantId = me.GetProperty("tenant_id").GetInt64();
        var tenant = await (await root.GetAsync($"/tenants/{tenantId}")).ExpectAsync(HttpStatusCode.OK);
        // An operator allowed records of up to 256 MiB: each record here is about 70 MB.
        await (await root.PutAsJsonAsync($"/tenants/{tenantId}", new
        {
            name = tenant.GetProperty("name").GetString(), max_record_count = 1000, dataset_retention_days = 30,
            max_record_bytes = 256 << 20, max_array_items = 10_000_000,
        })).ExpectAsync(HttpStatusCode.OK);
        const string schema = """
            {"type": "object", "required": ["blob"], "properties": {
              "blob": {"type": "array", "minItems": 3000000, "maxItems": 3000000, "items": {"type": "string", "minLength": 20, "maxLength": 20}}}}
            """;
        using var form = new MultipartFormDataContent { { new StringContent("blob"), "name" },
            { new StringContent(schema), "file", "blob.schema.json" } };
        var schemaId = (await (await root.PostAsync("/schemas", form)).ExpectAsync(HttpStatusCode.Created)).GetProperty("schema_id").GetInt64();
        var projectId = await Workspace.CreateProjectAsync(root);
        await Workspace.LinkSchemaAsync(root, projectId, schemaId);
        await Task.Delay(1000);
        var idle = service.ResidentBytes();

        var id = await CreateAsync(root, projectId, schemaId, 40, ["json"]);
        var peak = 0L;
        for (var i = 0; i < 100 && peak < idle + (300L << 20); i++)
        {
            await Task.Delay(100);
            peak = Math.Max(peak, service.ResidentBytes());
        }
        Assert.True(peak > idle + (300L << 20), $"the generation did not grow the process: idle {idle >> 20} MiB, peak {peak >> 20} MiB");
        Assert.Equal("running", (await (await root.GetAsync($"/datasets/{id}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("status").GetString());

        await (await root.DeleteAsync($"/datasets/{id}")).ExpectAsync(HttpStatusCode.NoContent);
        var after = long.MaxValue;
        // Within seconds: 15 at most, as the rest of the suite runs beside it on the same two cores.
        for (var i = 0; i < 150 && after > idle + (150L << 20); i++)
        {
            await Task.Delay(100);
            after = service.ResidentBytes();
        }
        Assert.True(after <= idle + (150L << 20),
            $"memory stayed up: idle {idle >> 20} MiB, peak {peak >> 20} MiB, 15 s after delete {after >> 20} MiB");
        // DELETE deletes in every state: the running dataset is gone, not left behind as cancelled.
        await (await root.GetAsync($"/datasets/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_full_disk_fails_the_run_cleanly_and_the_dataset_runs_again_once_there_is_room()
    {
        var database = TestDatabase.CreateFresh("disk");
        var storage = NewStorage();
        string Floor(long bytes) => bytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        long id, projectId, schemaId;

        // A floor above all the free space: the node claims nothing.
        await using (var noRoom = await ServiceProcess.StartAsync(database, storage, new Dictionary<string, string>
        {
            ["Storage__MinFreeBytes"] = Floor(new DriveInfo(storage).TotalSize),
        }))
        {
            var root = await SuperuserAsync(noRoom);
            (projectId, schemaId) = await Workspace.ProjectWithSchemaAsync(root, "order.schema.json");
            var waiting = await CreateAsync(root, projectId, schemaId, 10);
            await Task.Delay(3000);
            Assert.Equal("queued", (await (await root.GetAsync($"/datasets/{waiting}")).ExpectAsync(HttpStatusCode.OK))
                .GetProperty("status").GetString());
            await (await root.DeleteAsync($"/datasets/{waiting}")).ExpectAsync(HttpStatusCode.NoContent);
        }

        // A floor 100 MiB below what is free: the claim works, and writing about 230 MB reaches it.
        await using (var full = await ServiceProcess.StartAsync(database, storage, new Dictionary<string, string>
        {
            ["Storage__MinFreeBytes"] = Floor(new DriveInfo(storage).AvailableFreeSpace - (100L << 20)),
        }))
        {
            var root = await SuperuserAsync(full);
            id = await CreateAsync(root, projectId, schemaId, 250_000);
            var failed = await Workspace.WaitAsync(root, id);
            Assert.Equal("failed", failed.GetProperty("status").GetString());
            var error = failed.GetProperty("error").GetString()!;
            Assert.Contains("disk is full", error);
            Assert.Contains("nothing was published", error);
            Assert.Empty(failed.GetProperty("files").EnumerateArray());
            Assert.Empty(Directory.EnumerateFiles(storage, "*", SearchOption.AllDirectories));
        }

        await using var roomy = await ServiceProcess.StartAsync(database, storage);
        var client = await SuperuserAsync(roomy);
        await (await client.GetAsync($"/datasets/generate/{id}")).ExpectAsync(HttpStatusCode.Accepted);
        var done = await Workspace.WaitAsync(client, id);
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal(250_000, done.GetProperty("files")[0].GetProperty("record_count").GetInt64());
    }
}
