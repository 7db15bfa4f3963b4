using System.Security.Cryptography;
using System.Text;

namespace Tdmp.Tests.Features.Users;

/// <summary>Personal access tokens through HTTP: created once, used as Bearer with the owner's role, listed without
/// the secret, revoked by their owner, an admin, a role change, deactivation or deletion, but not by a password change.</summary>
[Collection(IdentityApiCollection.Name)]
public sealed class AccessTokenTests(TdmpApi api) : IAsyncLifetime
{
    private TestTenant tenant = null!;
    private TestUser tester = null!;
    private HttpClient testerClient = null!;

    public async Task InitializeAsync()
    {
        tenant = await api.CreateTenantAsync();
        tester = await tenant.CreateUserAsync(TenantRole.Tester);
        testerClient = await tester.LoginAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<(string Id, string Token)> CreateAsync(HttpClient owner, string name = "nightly CI", int days = 30)
    {
        var created = await (await owner.PostJsonAsync("/users/me/tokens", new { name, expires_in_days = days })).ExpectAsync(HttpStatusCode.Created);
        return (created.GetProperty("token_id").GetString()!, created.GetProperty("token").GetString()!);
    }

    [Fact]
    public async Task Token_is_shown_once_stored_as_a_hash_and_acts_as_its_owner()
    {
        var response = await testerClient.PostJsonAsync("/users/me/tokens", new { name = "nightly CI", expires_in_days = 30 });
        var created = await response.ExpectAsync(HttpStatusCode.Created);
        var token = created.GetProperty("token").GetString()!;
        Assert.StartsWith("tdmp_pat_", token);
        Assert.True(token.Length >= 50, token);
        var expires = created.GetProperty("expires_at").GetDateTime();
        Assert.InRange(expires - DateTime.UtcNow, TimeSpan.FromDays(29.9), TimeSpan.FromDays(30.1));

        var stored = await api.ScalarAsync<string>("SELECT token_hash FROM sessions WHERE session_id = @id::uuid",
            new { id = created.GetProperty("token_id").GetString() });
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), stored);
        Assert.Equal(0, await api.ScalarAsync<long>("SELECT count(*) FROM sessions s WHERE s::text LIKE '%' || @token || '%'", new { token }));

        var me = await (await api.WithToken(token).GetAsync("/users/me")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(tester.Id, me.GetProperty("user_id").GetInt64());
        Assert.Equal("tester", me.GetProperty("role").GetString());
        // The owner's role, not more: a tester's token may not create projects.
        await (await api.WithToken(token).PostJsonAsync("/projects/create", new { name = Workspace.Unique("p") }))
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(1, await api.AuditCountAsync("access_token.created", tester.Id.ToString()));
    }

    [Fact]
    public async Task List_shows_name_dates_and_last_use_but_never_the_secret()
    {
        var (id, token) = await CreateAsync(testerClient, "listed");
        await (await api.WithToken(token).GetAsync("/users/me")).ExpectAsync(HttpStatusCode.OK);
        var response = await testerClient.GetAsync("/users/me/tokens");
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(token, text);
        Assert.DoesNotContain("tdmp_pat_", text);
        var listed = (await response.ExpectAsync(HttpStatusCode.OK)).EnumerateArray().Single(t => t.GetProperty("token_id").GetString() == id);
        Assert.Equal("listed", listed.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.String, listed.GetProperty("created_at").ValueKind);
        Assert.Equal(JsonValueKind.String, listed.GetProperty("expires_at").ValueKind);
        Assert.Equal(JsonValueKind.String, listed.GetProperty("last_used_at").ValueKind);
        Assert.False(listed.TryGetProperty("token", out _));
    }

    [Fact]
    public async Task Revoked_token_is_refused_at_once_and_leaves_the_list()
    {
        var (id, token) = await CreateAsync(testerClient);
        var client = api.WithToken(token);
        await (await client.GetAsync("/users/me")).ExpectAsync(HttpStatusCode.OK);
        await (await testerClient.DeleteAsync($"/users/me/tokens/{id}")).ExpectAsync(HttpStatusCode.NoContent);
        var refused = await client.GetAsync("/users/me");
        await refused.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("invalid_token", refused.Headers.WwwAuthenticate.ToString());
        var live = await (await testerClient.GetAsync("/users/me/tokens")).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(live.EnumerateArray(), t => t.GetProperty("token_id").GetString() == id);
        var all = await (await testerClient.GetAsync("/users/me/tokens?include_inactive=true")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(all.EnumerateArray(), t => t.GetProperty("token_id").GetString() == id
            && t.GetProperty("revoked_at").ValueKind == JsonValueKind.String);
        Assert.Equal(1, await api.AuditCountAsync("access_token.revoked", tester.Id.ToString()));
    }

    [Fact]
    public async Task Unknown_expired_and_malformed_tokens_are_401()
    {
        await (await api.WithToken("tdmp_pat_" + new string('A', 43)).GetAsync("/users/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var (id, token) = await CreateAsync(testerClient);
        await api.ExecuteAsync("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE session_id = @id::uuid", new { id });
        await (await api.WithToken(token).GetAsync("/users/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(366)]
    public async Task Lifetime_outside_one_to_365_days_is_422(int days)
    {
        var problem = await (await testerClient.PostJsonAsync("/users/me/tokens", new { name = "x", expires_in_days = days }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("expires_in_days", out _));
    }

    [Fact]
    public async Task Password_change_keeps_access_tokens_but_ends_other_logins()
    {
        var user = await tenant.CreateUserAsync(TenantRole.Tester);
        var client = await user.LoginAsync();
        var otherLogin = await user.LoginAsync();
        var (_, token) = await CreateAsync(client);
        await (await client.PostJsonAsync("/settings/change_password",
            new { current_password = user.Password, new_password = IdentityKit.StrongPassword() }))
            .ExpectAsync(HttpStatusCode.NoContent);
        await (await otherLogin.GetAsync("/users/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await api.WithToken(token).GetAsync("/users/me")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Role_change_deactivation_and_deletion_revoke_access_tokens()
    {
        var admin = await (await tenant.CreateUserAsync(TenantRole.Admin)).LoginAsync();
        var promoted = await tenant.CreateUserAsync(TenantRole.Tester);
        var (_, promotedToken) = await CreateAsync(await promoted.LoginAsync());
        var deactivated = await tenant.CreateUserAsync(TenantRole.Tester);
        var (_, deactivatedToken) = await CreateAsync(await deactivated.LoginAsync());
        var deleted = await tenant.CreateUserAsync(TenantRole.Tester);
        var deletedClient = await deleted.LoginAsync();
        var (_, deletedToken) = await CreateAsync(deletedClient);

        await (await admin.PatchJsonAsync($"/users/{promoted.Id}", new { role = "manager" })).ExpectAsync(HttpStatusCode.OK);
        await (await admin.PatchJsonAsync($"/users/{deactivated.Id}", new { is_active = false })).ExpectAsync(HttpStatusCode.OK);
        await (await admin.PatchJsonAsync($"/users/{deactivated.Id}", new { is_active = true })).ExpectAsync(HttpStatusCode.OK);
        await (await deletedClient.PostJsonAsync("/settings/delete", new { password = deleted.Password })).ExpectAsync(HttpStatusCode.NoContent);

        await (await api.WithToken(promotedToken).GetAsync("/users/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        // Reactivation does not bring a revoked token back.
        await (await api.WithToken(deactivatedToken).GetAsync("/users/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await api.WithToken(deletedToken).GetAsync("/users/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Two_factor_account_uses_its_token_without_a_code()
    {
        var user = await tenant.CreateUserAsync(TenantRole.Manager);
        var client = await user.LoginAsync();
        await IdentityKit.EnableTwoFactorAsync(client, user.Password, api.Clock);
        var (_, token) = await CreateAsync(client);
        // A password alone no longer logs in; the token works unattended.
        await (await api.TryLoginAsync(user.Username, user.Password)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await api.WithToken(token).PostJsonAsync("/projects/create", new { name = Workspace.Unique("2fa") }))
            .ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Admins_list_and_revoke_the_tokens_of_their_tenant_only()
    {
        var admin = await (await tenant.CreateUserAsync(TenantRole.Admin)).LoginAsync();
        var (id, token) = await CreateAsync(testerClient, "tester's");
        var otherTenant = await api.CreateTenantAsync();
        var otherAdmin = await (await otherTenant.CreateUserAsync(TenantRole.Admin)).LoginAsync();

        var listed = await (await admin.GetAsync($"/users/tokens?user_id={tester.Id}")).ExpectAsync(HttpStatusCode.OK);
        var row = Assert.Single(listed.EnumerateArray(), t => t.GetProperty("token_id").GetString() == id);
        Assert.Equal(tester.Username, row.GetProperty("username").GetString());
        var foreign = await (await otherAdmin.GetAsync("/users/tokens")).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(foreign.EnumerateArray(), t => t.GetProperty("token_id").GetString() == id);
        await (await otherAdmin.DeleteAsync($"/users/tokens/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await testerClient.GetAsync("/users/tokens")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await api.WithToken(token).GetAsync("/users/me")).ExpectAsync(HttpStatusCode.OK);

        await (await admin.DeleteAsync($"/users/tokens/{id}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await api.WithToken(token).GetAsync("/users/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }
}
