using System.Net.Http.Headers;
using Dapper;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

using Tdmp.Features.Common.Auth;

namespace Tdmp.Tests.Features.Users;

[Collection(IdentityApiCollection.Name)]
public sealed class AuthenticationTests(TdmpApi api) : IAsyncLifetime
{
    private TestTenant tenant = null!;
    private TestUser tester = null!;

    public async Task InitializeAsync()
    {
        tenant = await api.CreateTenantAsync();
        tester = await tenant.CreateUserAsync(TenantRole.Tester);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Login_with_form_fields_returns_a_bearer_token_that_me_accepts()
    {
        var client = api.Anonymous();
        var response = await client.PostAsync("/users/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = tester.Username.ToUpperInvariant(), // usernames are case-insensitive
            ["password"] = tester.Password,
        }));
        var body = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(24 * 3600, body.GetProperty("expires_in").GetInt64());
        var token = body.GetProperty("access_token").GetString()!;

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var me = await (await client.GetAsync("/users/me")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(tester.Id, me.GetProperty("id").GetInt64());
        Assert.Equal(tester.Id, me.GetProperty("user_id").GetInt64());
        Assert.Equal(tester.Username, me.GetProperty("username").GetString());
        Assert.Equal("tester", me.GetProperty("role").GetString());
        Assert.Equal(tenant.Id, me.GetProperty("tenant_id").GetInt64());
        Assert.Equal(JsonValueKind.Array, me.GetProperty("projects").ValueKind);
        Assert.False(me.GetProperty("two_factor_enabled").GetBoolean());
        Assert.False(me.TryGetProperty("password_hash", out _));
    }

    [Fact]
    public async Task Token_carries_issuer_audience_expiry_and_session()
    {
        var token = await TdmpApi.TokenAsync(api.Anonymous(), tester.Username, tester.Password);
        var jwt = new JsonWebToken(token);
        Assert.Equal("tdmp", jwt.Issuer);
        Assert.Contains("tdmp", jwt.Audiences);
        Assert.Equal("HS256", jwt.Alg);
        Assert.True(Guid.TryParse(jwt.GetClaim(TdmpClaims.SessionId).Value, out _));
        Assert.Equal(tenant.Id.ToString(), jwt.GetClaim(TdmpClaims.TenantId).Value);
        Assert.InRange(jwt.ValidTo - jwt.IssuedAt, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24.1));
    }

    [Fact]
    public async Task Wrong_password_and_unknown_user_get_the_same_401()
    {
        var client = api.Anonymous("10.1.0.1");
        var wrongPassword = await (await client.PostAsync("/users/token", Form(tester.Username, "not the password")))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var unknownUser = await (await client.PostAsync("/users/token", Form("nobody-" + Guid.NewGuid().ToString("N"), "whatever it is")))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Incorrect username or password", wrongPassword.GetProperty("detail").GetString());
        Assert.Equal(wrongPassword.GetProperty("detail").GetString(), unknownUser.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Logins_and_failed_logins_and_logouts_are_audited()
    {
        var user = await tenant.CreateUserAsync(TenantRole.Tester);
        var anonymous = api.Anonymous("10.1.0.2");
        await anonymous.PostAsync("/users/token", Form(user.Username, "wrong password!"));
        var client = await user.LoginAsync("10.1.0.2");
        (await client.PostAsync("/users/logout", null)).EnsureSuccessStatusCode();

        await using var db = api.OpenDb();
        var rows = (await db.QueryAsync<(string action, long? actor_id, string? target_id, string? client_ip, string? actor_role)>(
            "SELECT action, actor_id, target_id, client_ip, actor_role FROM audit_log " +
            "WHERE tenant_id = @tenantId AND (actor_id = @id OR target_id = @username OR target_id = @idText) ORDER BY audit_id",
            new { tenantId = tenant.Id, id = user.Id, username = user.Username, idText = user.Id.ToString() })).ToList();
        Assert.Equal(["user.login_failed", "user.login", "user.logout"], rows.Select(r => r.action));
        Assert.All(rows, r => Assert.Equal("10.1.0.2", r.client_ip));
        Assert.Equal(user.Username, rows[0].target_id);
        Assert.Equal(user.Id, rows[1].actor_id);
        Assert.Equal("tester", rows[2].actor_role);
    }

    [Fact]
    public async Task Logout_revokes_the_token_at_once_for_get_and_post()
    {
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
        {
            var client = await tester.LoginAsync();
            await (await client.SendAsync(new HttpRequestMessage(method, "/users/logout"))).ExpectAsync(HttpStatusCode.NoContent);
            var after = await client.GetAsync("/users/me");
            await after.ExpectProblemAsync(HttpStatusCode.Unauthorized);
            Assert.StartsWith("Bearer", after.Headers.WwwAuthenticate.ToString());
        }
    }

    [Fact]
    public async Task Other_sessions_stay_valid_after_one_logs_out()
    {
        var first = await tester.LoginAsync();
        var second = await tester.LoginAsync();
        (await first.PostAsync("/users/logout", null)).EnsureSuccessStatusCode();
        await (await second.GetAsync("/users/me")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Missing_token_is_401_with_www_authenticate_bearer()
    {
        var response = await api.Anonymous().GetAsync("/users/me");
        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Expired_token_is_rejected()
    {
        // A token issued two days ago with the normal 24 h lifetime, for a session that is otherwise live.
        var twoDaysAgo = new FixedClock(DateTimeOffset.UtcNow.AddDays(-2));
        var issuer = new TokenIssuer(api.Service<AuthOptions>(), api.Service<TokenSigningKey>(), twoDaysAgo);
        var sessionId = await InsertSessionAsync(tester.Id, DateTime.UtcNow.AddDays(1));
        var (token, _) = issuer.Issue(tester.Id, tenant.Id, tester.Username, TenantRole.Tester, sessionId);
        await (await WithToken(token).GetAsync("/users/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Tampered_token_is_rejected()
    {
        var token = await TdmpApi.TokenAsync(api.Anonymous(), tester.Username, tester.Password);
        var parts = token.Split('.');
        // Claim the superuser role without re-signing.
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("\"tester\"", "\"superuser\"");
        var forged = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
        await (await WithToken(forged).GetAsync("/users/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Token_signed_with_another_key_is_rejected()
    {
        var otherKey = new TokenSigningKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64));
        var issuer = new TokenIssuer(api.Service<AuthOptions>(), otherKey, TimeProvider.System);
        var sessionId = await InsertSessionAsync(tester.Id, DateTime.UtcNow.AddDays(1));
        var (token, _) = issuer.Issue(tester.Id, tenant.Id, tester.Username, TenantRole.Superuser, sessionId);
        await (await WithToken(token).GetAsync("/users/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Deactivated_user_token_fails_at_once()
    {
        var user = await tenant.CreateUserAsync(TenantRole.Tester);
        var client = await user.LoginAsync();
        await using (var db = api.OpenDb())
            await db.ExecuteAsync("UPDATE users SET is_active = false WHERE user_id = @id", new { id = user.Id });
        await (await client.GetAsync("/users/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Repeated_failed_logins_from_one_address_are_rate_limited_but_other_addresses_still_log_in()
    {
        var user = await tenant.CreateUserAsync(TenantRole.Tester);
        var attacker = api.Anonymous("10.9.9.9");
        var options = api.Service<AuthOptions>();
        for (var i = 0; i < options.MaxFailedLoginsPerUserAndAddress; i++)
            await (await attacker.PostAsync("/users/token", Form(user.Username, "guess number " + i)))
                .ExpectProblemAsync(HttpStatusCode.Unauthorized);

        var limited = await attacker.PostAsync("/users/token", Form(user.Username, user.Password));
        await limited.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.InRange(int.Parse(limited.Headers.GetValues("Retry-After").Single()), 1, (int)options.LoginWindow.TotalSeconds);

        // The CI job on its own address is not locked out by a stranger's guesses.
        await TdmpApi.TokenAsync(api.Anonymous("10.9.9.10"), user.Username, user.Password);
    }

    [Fact]
    public async Task Login_without_password_is_422_with_field_errors()
    {
        var response = await api.Anonymous().PostAsync("/users/token",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = tester.Username }));
        var problem = await response.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("password", out var messages));
        Assert.NotEmpty(messages.EnumerateArray());
    }

    private HttpClient WithToken(string token)
    {
        var client = api.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<Guid> InsertSessionAsync(long userId, DateTime expiresAt)
    {
        var id = Guid.NewGuid();
        await using var db = api.OpenDb();
        await db.ExecuteAsync("INSERT INTO sessions (session_id, user_id, expires_at) VALUES (@id, @userId, @expiresAt)",
            new { id, userId, expiresAt });
        return id;
    }

    private static FormUrlEncodedContent Form(string username, string password)
        => new(new Dictionary<string, string> { ["username"] = username, ["password"] = password });

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
