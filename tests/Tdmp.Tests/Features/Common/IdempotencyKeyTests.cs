using Tdmp.Tests.Features.Users;
using Tdmp.Tests.Generation;

namespace Tdmp.Tests.Features.Common;

/// <summary>Idempotency-Key on the create endpoints, in process (the race between two nodes is in CiProcessTests).</summary>
[Collection(ApiCollection.Name)]
public sealed class IdempotencyKeyTests(TdmpApi api) : IAsyncLifetime
{
    private TestTenant tenant = null!;
    private HttpClient manager = null!;

    public async Task InitializeAsync()
    {
        tenant = await api.CreateTenantAsync();
        manager = await (await tenant.CreateUserAsync(TenantRole.Manager)).LoginAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static HttpRequestMessage Post(string url, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Fact]
    public async Task Same_key_and_body_answers_the_first_response_again_and_creates_once()
    {
        var key = Guid.NewGuid().ToString();
        var name = Workspace.Unique("idem");
        var first = await manager.SendAsync(Post("/projects/create", new { name }, key));
        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var again = await manager.SendAsync(Post("/projects/create", new { name }, key));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(firstBody, await again.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await api.ScalarAsync<long>("SELECT count(*) FROM projects WHERE name = @name", new { name }));
        // Without the key, the same body is a new request (here: a name conflict, as always).
        await (await manager.PostJsonAsync("/projects/create", new { name })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Same_key_with_another_body_is_422_and_keys_of_other_users_do_not_meet()
    {
        var key = Guid.NewGuid().ToString();
        await (await manager.SendAsync(Post("/projects/create", new { name = Workspace.Unique("a") }, key))).ExpectAsync(HttpStatusCode.Created);
        var problem = await (await manager.SendAsync(Post("/projects/create", new { name = Workspace.Unique("b") }, key)))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("Idempotency-Key", problem.GetProperty("detail").GetString());

        var otherManager = await (await tenant.CreateUserAsync(TenantRole.Manager)).LoginAsync();
        await (await otherManager.SendAsync(Post("/projects/create", new { name = Workspace.Unique("c") }, key))).ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_failed_request_is_not_remembered_so_its_retry_runs()
    {
        var key = Guid.NewGuid().ToString();
        var name = Workspace.Unique("retry");
        await (await manager.SendAsync(Post("/projects/create", new { name = "" }, key))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await manager.SendAsync(Post("/projects/create", new { name }, key))).ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Multipart_upload_retried_with_a_new_boundary_is_the_same_request()
    {
        var key = Guid.NewGuid().ToString();
        var name = Workspace.Unique("schema");
        HttpRequestMessage Upload(string fileName)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/schemas")
            {
                Content = new MultipartFormDataContent("boundary-" + Guid.NewGuid().ToString("N"))
                {
                    { new StringContent(name), "name" },
                    { new ByteArrayContent(SharedSchemas.Bytes(fileName)), "file", fileName },
                },
            };
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }
        var first = await (await manager.SendAsync(Upload("library.xsd"))).ExpectAsync(HttpStatusCode.Created);
        var again = await (await manager.SendAsync(Upload("library.xsd"))).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(first.GetProperty("schema_id").GetInt64(), again.GetProperty("schema_id").GetInt64());
        await (await manager.SendAsync(Upload("invoice.xsd"))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Key_longer_than_255_characters_is_422()
        => await (await manager.SendAsync(Post("/projects/create", new { name = Workspace.Unique("long") }, new string('k', 256))))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

    [Fact]
    public async Task OpenApi_documents_the_header_on_the_six_create_endpoints()
    {
        var document = await (await api.Anonymous().GetAsync("/openapi/v1.json")).ExpectAsync(HttpStatusCode.OK);
        string[][] creates =
        [
            ["/datasets/create", "post"], ["/projects/create", "post"], ["/schemas", "post"], ["/constraints", "post"],
            ["/integrations", "post"], ["/datasets/{dataset_id}/export-s3", "post"],
        ];
        foreach (var create in creates)
        {
            var parameters = document.GetProperty("paths").GetProperty(create[0]).GetProperty(create[1]).GetProperty("parameters");
            Assert.Contains(parameters.EnumerateArray(), p => p.GetProperty("name").GetString() == "Idempotency-Key"
                && p.GetProperty("in").GetString() == "header");
        }
        var login = document.GetProperty("paths").GetProperty("/users/token").GetProperty("post");
        Assert.False(login.TryGetProperty("parameters", out var loginParameters)
                     && loginParameters.EnumerateArray().Any(p => p.GetProperty("name").GetString() == "Idempotency-Key"));
    }
}
