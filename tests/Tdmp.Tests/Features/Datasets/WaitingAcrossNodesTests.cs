using System.Net.Http.Headers;
using Dapper;
using Npgsql;

namespace Tdmp.Tests.Features.Datasets;

/// <summary>
/// Waiting and revocation across service processes on one database (issues 14 and 16): a status change or a revoked
/// session reaches every node through PostgreSQL LISTEN/NOTIFY; a node that hears nothing still learns by its
/// per-node safety poll (datasets) or the cache's short TTL (sessions). No timing is asserted: the settings make each
/// path the only one that can explain the outcome (a ten-minute safety poll or TTL cannot have done it).
/// </summary>
public sealed class WaitingAcrossNodesTests
{
    /// <summary>Long enough that, within a test, only a NOTIFY can have woken or evicted anything.</summary>
    private const string Never = "00:10:00";

    private static string NewStorage() => Directory.CreateTempSubdirectory("tdmp-nodes-").FullName;

    private static async Task<string> TokenAsync(ServiceProcess node)
    {
        using var client = node.Client();
        return await TdmpApi.TokenAsync(client, TdmpApi.SuperuserName, TdmpApi.SuperuserPassword);
    }

    private static HttpClient WithToken(ServiceProcess node, string token)
    {
        var client = node.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Nodes that generate nothing (so the test decides when a dataset finishes).</summary>
    private static Dictionary<string, string> Bystander(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string> { ["Datasets__Concurrency"] = "0" };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    [Fact]
    public async Task Waiter_on_one_node_is_woken_by_a_generation_on_another_and_a_node_that_hears_nothing_answers_by_its_safety_poll()
    {
        var database = TestDatabase.CreateFresh("waitnodes");
        var storage = NewStorage();
        // B hears the change and would poll only in ten minutes; C listens to nothing and polls every 300 ms.
        await using var nodeB = await ServiceProcess.StartAsync(database, storage, Bystander(("Database__SafetyPollInterval", Never)));
        await using var nodeC = await ServiceProcess.StartAsync(database, storage,
            Bystander(("Database__Listen", "false"), ("Database__SafetyPollInterval", "00:00:00.300")));
        var token = await TokenAsync(nodeB);
        using var clientB = WithToken(nodeB, token);
        using var clientC = WithToken(nodeC, token);
        var (projectId, schemaId) = await Workspace.ProjectWithSchemaAsync(clientB, "order.schema.json");
        var created = await (await clientB.PostAsJsonAsync("/datasets/create", new
        {
            name = "waited-on", project_id = projectId, schema_id = schemaId, record_count = 100, types = new[] { "json" },
        })).ExpectAsync(HttpStatusCode.Created);
        var id = created.GetProperty("dataset_id").GetInt64();

        var waitOnB = clientB.GetAsync($"/datasets/{id}?wait=60");
        var waitOnC = clientC.GetAsync($"/datasets/{id}?wait=60");
        // Nobody generates yet: both are still waiting, and a plain read says queued.
        var plain = await (await clientB.GetAsync($"/datasets/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("queued", plain.GetProperty("status").GetString());
        Assert.False(waitOnB.IsCompleted);

        // Node A generates the dataset.
        await using var nodeA = await ServiceProcess.StartAsync(database, storage);
        var onB = await (await waitOnB).ExpectAsync(HttpStatusCode.OK);
        var onC = await (await waitOnC).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("completed", onB.GetProperty("status").GetString());
        Assert.Equal(1, onB.GetProperty("files").GetArrayLength());
        Assert.Equal("completed", onC.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Revoked_session_is_refused_on_every_node_by_notification_and_without_one_by_the_cache_ttl()
    {
        var database = TestDatabase.CreateFresh("revoke");
        var storage = NewStorage();
        // B remembers a session for ten minutes unless told otherwise; C hears nothing and trusts its memory 0.5 s (the default).
        await using var nodeB = await ServiceProcess.StartAsync(database, storage, Bystander(("Auth__CredentialCacheTtl", Never)));
        await using var nodeC = await ServiceProcess.StartAsync(database, storage, Bystander(("Database__Listen", "false")));

        // Logout on C: B refuses the token at once (C's transaction announced it), though it remembered it as live.
        var first = await TokenAsync(nodeC);
        using (var onB = WithToken(nodeB, first))
        using (var onC = WithToken(nodeC, first))
        {
            await (await onB.GetAsync("/projects")).ExpectAsync(HttpStatusCode.OK);
            await (await onC.GetAsync("/projects")).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(HttpStatusCode.NoContent, (await onC.PostAsync("/users/logout", null)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await onC.GetAsync("/projects")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, await EventuallyAsync(onB, HttpStatusCode.Unauthorized));
        }

        // Logout on B: C, which listens to nothing, refuses once its memory of the session expires.
        var second = await TokenAsync(nodeB);
        using (var onB = WithToken(nodeB, second))
        using (var onC = WithToken(nodeC, second))
        {
            await (await onC.GetAsync("/projects")).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(HttpStatusCode.NoContent, (await onB.PostAsync("/users/logout", null)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await onB.GetAsync("/projects")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, await EventuallyAsync(onC, HttpStatusCode.Unauthorized));
        }
    }

    [Fact]
    public async Task Three_hundred_waiters_hold_no_connection_send_no_queries_and_all_get_their_answer()
    {
        var database = TestDatabase.CreateFresh("waiters");
        const int poolSize = 4;
        await using var node = await ServiceProcess.StartAsync(database, NewStorage(), Bystander(
            ("Database__MaxPoolSize", poolSize.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Database__SafetyPollInterval", Never), ("Integrations__PollInterval", Never), ("Mail__PollInterval", Never)));
        using var client = WithToken(node, await TokenAsync(node));
        var (projectId, schemaId) = await Workspace.ProjectWithSchemaAsync(client, "order.schema.json");
        var id = (await (await client.PostAsJsonAsync("/datasets/create", new
        {
            name = "many waiters", project_id = projectId, schema_id = schemaId, record_count = 10, types = new[] { "json" },
        })).ExpectAsync(HttpStatusCode.Created)).GetProperty("dataset_id").GetInt64();

        var waiters = Enumerable.Range(0, 300).Select(_ => client.GetAsync($"/datasets/{id}?wait=60")).ToList();

        // Once the waiters have read the dataset, the service goes quiet: a whole second in which none of its connections
        // ran a query (the old design polled every 50 ms per waiter and was never quiet), and never more than the pool.
        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync();
        const string ActivitySql = """
            SELECT count(*) AS connections,
                   count(*) FILTER (WHERE state <> 'idle' OR state_change > now() - interval '1 second') AS busy
            FROM pg_stat_activity
            WHERE datname = current_database() AND application_name IN ('tdmp', 'tdmp-listener')
            """;
        var quiet = false;
        for (var attempt = 0; attempt < 300 && !quiet; attempt++)
        {
            var (connections, busy) = await db.QuerySingleAsync<(long, long)>(ActivitySql);
            Assert.True(connections <= poolSize + 1, $"The service held {connections} connections with a pool of {poolSize}.");
            quiet = busy == 0;
            if (!quiet) await Task.Delay(100);
        }
        Assert.True(quiet, "The service kept querying while its requests waited.");
        Assert.All(waiters, w => Assert.False(w.IsCompleted));
        // Meanwhile an ordinary read is served.
        await (await client.GetAsync($"/datasets/{id}")).ExpectAsync(HttpStatusCode.OK);

        await db.ExecuteAsync("UPDATE datasets SET status = 'completed', progress = 1, completed_at = now() WHERE dataset_id = @id", new { id });
        foreach (var waiter in waiters)
            Assert.Equal("completed", (await (await waiter).ExpectAsync(HttpStatusCode.OK)).GetProperty("status").GetString());
    }

    /// <summary>Asks until the answer is <paramref name="expected"/> (or ten seconds pass) and returns the last answer.</summary>
    private static async Task<HttpStatusCode> EventuallyAsync(HttpClient client, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var status = (await client.GetAsync("/projects")).StatusCode;
            if (status == expected || DateTime.UtcNow > deadline) return status;
            await Task.Delay(50);
        }
    }
}

/// <summary>The database briefly unreachable (a proxy taken down): waiters get their answer when it returns, or a clean
/// 503 with Retry-After at their deadline; other requests get that 503 too, never a 500.</summary>
public sealed class WaitingThroughOutageTests
{
    [Fact]
    public async Task Waiters_answer_when_the_database_returns_or_503_with_retry_after_at_their_deadline()
    {
        var database = TestDatabase.CreateFresh("outage");
        var direct = new NpgsqlConnectionStringBuilder(database);
        await using var proxy = new ToggleProxy(direct.Host!, direct.Port);
        await using var node = await ServiceProcess.StartAsync(proxy.Through(database), Directory.CreateTempSubdirectory("tdmp-outage-").FullName,
            new Dictionary<string, string> { ["Datasets__Concurrency"] = "0", ["Database__MaxReconnectDelay"] = "00:00:00.500" });
        using var client = node.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            await TdmpApi.TokenAsync(client, TdmpApi.SuperuserName, TdmpApi.SuperuserPassword));
        var (projectId, schemaId) = await Workspace.ProjectWithSchemaAsync(client, "order.schema.json");
        async Task<long> CreateAsync() => (await (await client.PostAsJsonAsync("/datasets/create", new
        {
            name = Workspace.Unique("outage"), project_id = projectId, schema_id = schemaId, record_count = 10, types = new[] { "json" },
        })).ExpectAsync(HttpStatusCode.Created)).GetProperty("dataset_id").GetInt64();
        var finishing = await CreateAsync();
        var neverFinishing = await CreateAsync();

        var patient = client.GetAsync($"/datasets/{finishing}?wait=60");
        var hasty = client.GetAsync($"/datasets/{neverFinishing}?wait=3");
        await Task.Delay(500); // both have read their dataset and wait
        proxy.TakeDown();

        var timedOut = await hasty;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, timedOut.StatusCode);
        Assert.True(timedOut.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 without Retry-After");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync($"/projects/{projectId}")).StatusCode);

        // Finished while this node could not hear it; it learns when the database is back.
        await using (var db = new NpgsqlConnection(database))
            await db.ExecuteAsync("UPDATE datasets SET status = 'completed', progress = 1, completed_at = now() WHERE dataset_id = @finishing",
                new { finishing });
        Assert.False(patient.IsCompleted);
        proxy.BringBack();
        var answer = await (await patient).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("completed", answer.GetProperty("status").GetString());
    }
}
