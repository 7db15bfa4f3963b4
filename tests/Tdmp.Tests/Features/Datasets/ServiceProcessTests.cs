using System.Diagnostics;
using Dapper;
using Tdmp.Tests.Generation.Engine;
using Tdmp.Tests.Generation;

namespace Tdmp.Tests.Features.Datasets;

/// <summary>The service as real processes on one database: the README's CI script, two nodes sharing the queue,
/// and a node killed in the middle of a generation.</summary>
public sealed class ServiceProcessTests
{
    private static async Task<HttpClient> SuperuserAsync(ServiceProcess service)
    {
        var client = service.Client();
        var token = await TdmpApi.TokenAsync(client, TdmpApi.SuperuserName, TdmpApi.SuperuserPassword);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static string NewStorage() => Directory.CreateTempSubdirectory("tdmp-nodes-").FullName;

    [Fact]
    public async Task Readme_ci_script_runs_as_written_and_its_download_is_valid()
    {
        // A database of its own: the service sees the real loopback address, which must not share the login rate limit
        // with anything else the suite does.
        await using var service = await ServiceProcess.StartAsync(TestDatabase.CreateFresh("readme"), NewStorage());
        var readme = await File.ReadAllTextAsync(Path.Combine(ExternalValidators.RepoRoot, "README.md"));
        var script = readme.Split("<!-- ci-script:start -->")[1].Split("<!-- ci-script:end -->")[0]
            .Replace("```bash", "").Replace("```", "");

        var work = Directory.CreateTempSubdirectory("tdmp-readme-").FullName;
        File.Copy(Path.Combine(SharedSchemas.Directory, "order.schema.json"), Path.Combine(work, "order.schema.json"));
        var run = new ProcessStartInfo("bash", ["-c", script])
        {
            WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        run.Environment["TDMP"] = service.BaseUrl;
        // As the README says: a personal access token, created once by a logged-in user.
        using var owner = await SuperuserAsync(service);
        run.Environment["TDMP_TOKEN"] = (await (await owner.PostAsJsonAsync("/users/me/tokens", new { name = "readme", expires_in_days = 1 }))
            .ExpectAsync(HttpStatusCode.Created)).GetProperty("token").GetString();
        using var bash = Process.Start(run)!;
        var output = await bash.StandardOutput.ReadToEndAsync();
        var errors = await bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync();
        Assert.True(bash.ExitCode == 0, $"The README script failed ({bash.ExitCode}): {output} {errors}");
        Assert.Contains("downloaded 1000 orders", output);

        // Checked by an independent validator, as the generation tests do.
        ExternalValidators.AssertAjvValidArray(Path.Combine(work, "order.schema.json"), Path.Combine(work, "orders.json"), "draft2020");

        // A refusal stops the script with the service's detail on stderr.
        run.Environment["TDMP_TOKEN"] = "tdmp_pat_not-a-token";
        using var refused = Process.Start(run)!;
        var refusedOutput = await refused.StandardOutput.ReadToEndAsync();
        var refusedErrors = await refused.StandardError.ReadToEndAsync();
        await refused.WaitForExitAsync();
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("The access token is invalid, expired or revoked", refusedErrors);
        Assert.DoesNotContain("downloaded", refusedOutput);
    }

    [Fact]
    public async Task Two_nodes_generate_fifty_queued_datasets_each_exactly_once()
    {
        var database = TestDatabase.CreateFresh("nodes");
        var storage = NewStorage();
        var settings = new Dictionary<string, string> { ["Datasets__Concurrency"] = "2" };
        await using var first = await ServiceProcess.StartAsync(database, storage, settings);
        await using var second = await ServiceProcess.StartAsync(database, storage, settings);
        var client = await SuperuserAsync(first);
        var (projectId, schemaId) = await Workspace.ProjectWithSchemaAsync(client, "order.schema.json");
        // One user queues all fifty: the tenant's queue quotas (10 per user, 50 per tenant by default) are raised for it.
        var me = await (await client.GetAsync("/users/me")).ExpectAsync(HttpStatusCode.OK);
        var tenantId = me.GetProperty("tenant_id").GetInt64();
        var tenant = await (await client.GetAsync($"/tenants/{tenantId}")).ExpectAsync(HttpStatusCode.OK);
        await (await client.PutAsJsonAsync($"/tenants/{tenantId}", new
        {
            name = tenant.GetProperty("name").GetString(), max_record_count = tenant.GetProperty("max_record_count").GetInt64(),
            dataset_retention_days = tenant.GetProperty("dataset_retention_days").GetInt32(),
            max_active_datasets_per_user = 100, max_active_datasets_per_tenant = 100,
        })).ExpectAsync(HttpStatusCode.OK);

        var ids = new List<long>();
        for (var i = 0; i < 50; i++)
        {
            var created = await (await client.PostAsJsonAsync("/datasets/create", new
            {
                name = $"batch-{i}", project_id = projectId, schema_id = schemaId, record_count = 2000, types = new[] { "jsonl" },
            })).ExpectAsync(HttpStatusCode.Created);
            ids.Add(created.GetProperty("dataset_id").GetInt64());
        }
        foreach (var id in ids)
            Assert.Equal("completed", (await Workspace.WaitAsync(client, id)).GetProperty("status").GetString());

        await using var db = new Npgsql.NpgsqlConnection(database);
        var runs = (await db.QueryAsync<(long dataset_id, int attempts)>("SELECT dataset_id, attempts FROM datasets")).ToList();
        Assert.Equal(50, runs.Count);
        Assert.All(runs, r => Assert.Equal(1, r.attempts));
        Assert.Equal(50, await db.ExecuteScalarAsync<int>("SELECT count(DISTINCT dataset_id) FROM dataset_files"));
    }

    [Fact]
    public async Task Dataset_of_a_killed_node_is_taken_over_and_completes_identical_to_an_uninterrupted_run()
    {
        var database = TestDatabase.CreateFresh("crash");
        var storage = NewStorage();
        // A short lease so the test does not wait long for the dead node's claim to lapse; one core, so that the
        // generation lasts a few seconds and the kill lands in its middle.
        var settings = new Dictionary<string, string>
        {
            ["Datasets__Lease"] = "00:00:03", ["Datasets__Concurrency"] = "1", ["Datasets__MaxDegreeOfParallelism"] = "1",
        };
        long crashedId;
        long projectId, schemaId;
        object Request(string name) => new
        {
            name, project_id = projectId, schema_id = schemaId, record_count = 1_000_000, types = new[] { "json" }, @params = new { seed = 31337 },
        };

        await using (var doomed = await ServiceProcess.StartAsync(database, storage, settings))
        {
            var client = await SuperuserAsync(doomed);
            (projectId, schemaId) = await Workspace.ProjectWithSchemaAsync(client, "order.schema.json");
            crashedId = (await (await client.PostAsJsonAsync("/datasets/create", Request("interrupted"))).ExpectAsync(HttpStatusCode.Created))
                .GetProperty("dataset_id").GetInt64();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                var state = await (await client.GetAsync($"/datasets/{crashedId}")).ExpectAsync(HttpStatusCode.OK);
                if (state.GetProperty("status").GetString() == "running" && state.GetProperty("records_generated").GetInt64() > 0) break;
                Assert.True(DateTime.UtcNow < deadline, "The generation never got going.");
                await Task.Delay(100);
            }
            doomed.KillHard();
        }

        await using var survivor = await ServiceProcess.StartAsync(database, storage, settings);
        var survivorClient = await SuperuserAsync(survivor);
        var resumed = await Workspace.WaitAsync(survivorClient, crashedId);
        Assert.Equal("completed", resumed.GetProperty("status").GetString());
        var reference = await Workspace.GenerateAsync(survivorClient, Request("uninterrupted"));
        Assert.Equal(
            reference.GetProperty("files")[0].GetProperty("sha256").GetString(),
            resumed.GetProperty("files")[0].GetProperty("sha256").GetString());

        await using var db = new Npgsql.NpgsqlConnection(database);
        Assert.Equal(2, await db.ExecuteScalarAsync<int>("SELECT attempts FROM datasets WHERE dataset_id = @crashedId", new { crashedId }));
    }
}
