using Microsoft.IdentityModel.JsonWebTokens;
using System.Net.Http.Headers;
using Tdmp.Features.Common.Auth;
using Tdmp.Tests.Features.Integrations;
using Tdmp.Tests.Features.Users;

namespace Tdmp.Tests.Features.Limits;

/// <summary>Issue 13's security review through HTTP: visibility and ownership, two-factor needs the password, tokens bound to
/// their tenant, bad input as 4xx, and the response headers.</summary>
[Collection(DatasetsApiCollection.Name)]
public sealed class SecurityReviewTests(TdmpApi api) : IAsyncLifetime
{
    private TestTenant tenant = null!;
    private HttpClient admin = null!;

    public async Task InitializeAsync()
    {
        tenant = await api.CreateTenantAsync();
        admin = await (await tenant.CreateUserAsync(TenantRole.Admin)).LoginAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(TestUser User, HttpClient Client)> UserAsync(TenantRole role)
    {
        var user = await tenant.CreateUserAsync(role);
        return (user, await user.LoginAsync());
    }

    [Fact]
    public async Task Testers_see_schemas_and_constraint_sets_only_through_project_membership()
    {
        var (testerUser, tester) = await UserAsync(TenantRole.Tester);
        var (projectId, schemaId) = await Workspace.ProjectWithSchemaAsync(admin, "order.schema.json");
        var set = (await (await admin.PostAsJsonAsync("/constraints",
            new { name = Workspace.Unique("set"), schema_id = schemaId, rules = Array.Empty<object>() }))
            .ExpectAsync(HttpStatusCode.Created)).GetProperty("constraint_set_id").GetInt64();

        await (await tester.GetAsync($"/schemas/{schemaId}?include=content")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await tester.GetAsync($"/schemas/{schemaId}/repr")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await tester.GetAsync($"/constraints/{set}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, (await (await tester.GetAsync("/schemas")).ExpectAsync(HttpStatusCode.OK)).GetArrayLength());
        Assert.Equal(0, (await (await tester.GetAsync("/constraints")).ExpectAsync(HttpStatusCode.OK)).GetArrayLength());

        await Workspace.AddMemberAsync(admin, projectId, testerUser.Id, "view");
        var schema = await (await tester.GetAsync($"/schemas/{schemaId}?include=content")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains("\"$schema\"", schema.GetProperty("content").GetString());
        await (await tester.GetAsync($"/constraints/{set}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([schemaId], (await (await tester.GetAsync("/schemas")).ExpectAsync(HttpStatusCode.OK)).EnumerateArray()
            .Select(s => s.GetProperty("schema_id").GetInt64()));
    }

    [Fact]
    public async Task Testers_change_only_their_own_constraint_sets_managers_those_of_projects_they_manage_admins_all()
    {
        var (managerUser, manager) = await UserAsync(TenantRole.Manager);
        var (_, otherManager) = await UserAsync(TenantRole.Manager);
        var (authorUser, author) = await UserAsync(TenantRole.Tester);
        var (otherUser, other) = await UserAsync(TenantRole.Tester);
        var (projectId, schemaId) = await Workspace.ProjectWithSchemaAsync(manager, "order.schema.json");
        await Workspace.AddMemberAsync(manager, projectId, authorUser.Id, "edit");
        await Workspace.AddMemberAsync(manager, projectId, otherUser.Id, "edit");
        var set = (await (await author.PostAsJsonAsync("/constraints",
            new { name = Workspace.Unique("mine"), schema_id = schemaId, rules = Array.Empty<object>() }))
            .ExpectAsync(HttpStatusCode.Created)).GetProperty("constraint_set_id").GetInt64();
        object Rules() => new { rules = new[] { new { field = "status", values = new[] { "paid" } } } };

        var refused = await (await other.PutAsJsonAsync($"/constraints/{set}", Rules())).ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("created", refused.GetProperty("detail").GetString());
        await (await other.DeleteAsync($"/constraints/{set}")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await otherManager.PutAsJsonAsync($"/constraints/{set}", Rules())).ExpectProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal(2, (await (await author.PutAsJsonAsync($"/constraints/{set}", Rules())).ExpectAsync(HttpStatusCode.OK))
            .GetProperty("version").GetInt32());
        Assert.Equal(3, (await (await manager.PutAsJsonAsync($"/constraints/{set}", Rules())).ExpectAsync(HttpStatusCode.OK))
            .GetProperty("version").GetInt32());
        Assert.Equal(4, (await (await admin.PutAsJsonAsync($"/constraints/{set}", Rules())).ExpectAsync(HttpStatusCode.OK))
            .GetProperty("version").GetInt32());
        await (await admin.DeleteAsync($"/constraints/{set}")).ExpectAsync(HttpStatusCode.NoContent);
        Assert.NotEqual(0, managerUser.Id);
    }

    [Fact]
    public async Task Turning_two_factor_on_needs_the_password_so_a_stolen_token_cannot_lock_the_owner_out()
    {
        var (user, client) = await UserAsync(TenantRole.Tester);
        var secret = (await (await client.PostJsonAsync("/settings/enable_2fa", new { })).ExpectAsync(HttpStatusCode.OK))
            .GetProperty("secret").GetString()!;
        var missing = await (await client.PostJsonAsync("/settings/enable_2fa", new { code = IdentityKit.Code(secret, api.Clock) }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(missing.GetProperty("errors").TryGetProperty("password", out _));
        var wrong = await (await client.PostJsonAsync("/settings/enable_2fa",
            new { code = IdentityKit.Code(secret, api.Clock), password = "not the password at all" }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(wrong.GetProperty("errors").TryGetProperty("password", out _));
        var me = await (await client.GetAsync("/users/me")).ExpectAsync(HttpStatusCode.OK);
        Assert.False(me.GetProperty("two_factor_enabled").GetBoolean());
        // The owner still logs in with the password alone.
        await (await api.TryLoginAsync(user.Username, user.Password)).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_token_re_signed_with_another_tenant_is_401()
    {
        var (user, client) = await UserAsync(TenantRole.Admin);
        var other = await api.CreateTenantAsync();
        var token = new JsonWebToken(client.DefaultRequestHeaders.Authorization!.Parameter);
        var session = Guid.Parse(token.Claims.Single(c => c.Type == TdmpClaims.SessionId).Value);
        var issuer = api.Service<TokenIssuer>();

        HttpClient With(long tenantId, TenantRole role)
        {
            var forged = api.Anonymous();
            forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
                issuer.Issue(user.Id, tenantId, user.Username, role, session).Token);
            return forged;
        }

        // Signed with the service's own key, so only the session check can tell: the same claims pass, another tid does not.
        await (await With(tenant.Id, TenantRole.Admin).GetAsync("/users/me")).ExpectAsync(HttpStatusCode.OK);
        var problem = await (await With(other.Id, TenantRole.Admin).GetAsync("/users")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("invalid, expired or revoked", problem.GetProperty("detail").GetString());
        await (await With(tenant.Id, TenantRole.Superuser).GetAsync("/tenants")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_nul_character_in_a_body_query_form_or_header_is_400_never_500()
    {
        var body = await (await admin.PostAsync("/projects/create",
            new StringContent("""{"name": "nul\u0000name"}""", System.Text.Encoding.UTF8, "application/json")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("NUL", body.GetProperty("detail").GetString());
        // An escaped backslash followed by u0000 is ordinary text.
        await (await admin.PostAsync("/projects/create",
            new StringContent("""{"name": "back\\u0000slash"}""", System.Text.Encoding.UTF8, "application/json")))
            .ExpectAsync(HttpStatusCode.Created);
        var rules = await (await admin.PostAsync("/constraints", new StringContent(
            """{"name": "n", "schema_id": 1, "rules": [{"field": "status", "values": ["a\u0000"]}]}""",
            System.Text.Encoding.UTF8, "application/json")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(rules.GetProperty("errors").TryGetProperty("body", out _));

        var query = await (await admin.GetAsync("/projects?tag=a%00b")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(query.GetProperty("errors").TryGetProperty("tag", out _));
        await (await admin.GetAsync("/schemas?q=%00")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var form = await (await api.Anonymous().PostAsync("/users/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = "nul\0user", ["password"] = "whatever it is",
        }))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(form.TryGetProperty("errors", out var formErrors) && formErrors.TryGetProperty("form", out _), form.GetRawText());
        var request = new HttpRequestMessage(HttpMethod.Get, "/users/me");
        request.Headers.TryAddWithoutValidation("X-Request-Note", "a\0b");
        await (await admin.SendAsync(request)).ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_upload_over_the_limit_is_413_and_an_unknown_s3_region_is_422()
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent("big"), "name" },
            // Past the largest upload plus the form's overhead, so the request is refused before its body is read.
            { new ByteArrayContent(new byte[Tdmp.Generation.Schema.SchemaReadLimits.Default.MaxBytes + (2 << 20)]), "file", "big.xsd" },
        };
        var problem = await (await admin.PostAsync("/schemas", form)).ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("larger than", problem.GetProperty("detail").GetString());

        var config = (Dictionary<string, object?>)IntegrationKit.S3Config("tdmp-region-test", endpoint: null);
        config.Remove("endpoint_url");
        config["region"] = "mars-north-7";
        var region = await (await admin.PostAsJsonAsync("/integrations", new { name = Workspace.Unique("s3"), provider = "s3", config }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("not an AWS region", region.GetProperty("errors").GetProperty("config.region")[0].GetString());
        config["region"] = "EU Central\n1";
        await (await admin.PostAsJsonAsync("/integrations", new { name = Workspace.Unique("s3"), provider = "s3", config }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        config["region"] = "eu-central-1";
        await (await admin.PostAsJsonAsync("/integrations", new { name = Workspace.Unique("s3"), provider = "s3", config }))
            .ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Authenticated_responses_are_nosniff_and_no_store_and_anonymous_version_shows_only_the_release()
    {
        var me = await admin.GetAsync("/users/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal("nosniff", me.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(me.Headers.CacheControl?.NoStore);
        var failed = await admin.GetAsync("/projects/999999999");
        Assert.Equal("nosniff", failed.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(failed.Headers.CacheControl?.NoStore);

        var anonymous = await api.Anonymous().GetAsync("/version");
        Assert.Equal("nosniff", anonymous.Headers.GetValues("X-Content-Type-Options").Single());
        var version = await anonymous.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["version"], version.EnumerateObject().Select(p => p.Name));
        var signedIn = await (await admin.GetAsync("/version")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(Tdmp.Generation.Engine.GenerationPlan.EngineVersion, signedIn.GetProperty("engine_version").GetString());
    }
}
