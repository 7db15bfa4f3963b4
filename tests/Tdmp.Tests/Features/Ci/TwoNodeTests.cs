using Dapper;

namespace Tdmp.Tests.Features.Ci;

/// <summary>Two service processes on one database: what one node does to a token or a key holds on the other at once.</summary>
public sealed class TwoNodeTests : IAsyncLifetime
{
    private string database = "";
    private ServiceProcess first = null!;
    private ServiceProcess second = null!;

    public async Task InitializeAsync()
    {
        database = TestDatabase.CreateFresh("twonodes");
        var storage = CiService.NewStorage();
        first = await ServiceProcess.StartAsync(database, storage);
        second = await ServiceProcess.StartAsync(database, storage);
    }

    public async Task DisposeAsync()
    {
        await first.DisposeAsync();
        await second.DisposeAsync();
    }

    [Fact]
    public async Task Access_token_made_on_one_node_works_on_the_other_until_revoked_there()
    {
        var owner = await CiService.SuperuserAsync(first);
        var (id, token) = await CiService.AccessTokenAsync(owner, "two nodes");
        var onSecond = CiService.WithToken(second, token);
        var onFirst = CiService.WithToken(first, token);
        await (await onSecond.GetAsync("/users/me")).ExpectAsync(HttpStatusCode.OK);
        await (await onFirst.GetAsync("/users/me")).ExpectAsync(HttpStatusCode.OK);

        await (await owner.DeleteAsync($"/users/me/tokens/{id}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await onSecond.GetAsync("/users/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await onFirst.GetAsync("/users/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Same_idempotency_key_sent_to_both_nodes_at_once_creates_one_dataset()
    {
        var clientFirst = await CiService.SuperuserAsync(first);
        var (projectId, schemaId) = await Workspace.ProjectWithSchemaAsync(clientFirst, "order.schema.json");
        var clientSecond = await CiService.SuperuserAsync(second);
        var name = Workspace.Unique("race");
        var key = Guid.NewGuid().ToString();
        var body = new { name, project_id = projectId, schema_id = schemaId, record_count = 100 };

        async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/datasets/create") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await client.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        // Two requests on each node, all at once.
        var answers = await Task.WhenAll(SendAsync(clientFirst), SendAsync(clientSecond), SendAsync(clientFirst), SendAsync(clientSecond));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.Status));
        var ids = answers.Select(a => JsonDocument.Parse(a.Body).RootElement.GetProperty("dataset_id").GetInt64()).Distinct().ToList();
        Assert.Single(ids);
        Assert.Single(answers.Select(a => a.Body).Distinct());

        await using var db = new Npgsql.NpgsqlConnection(database);
        Assert.Equal(1, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM datasets WHERE name = @name", new { name }));
    }
}
