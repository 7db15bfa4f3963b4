using Dapper;
using Tdmp.Features.Users.Login;
using static Tdmp.Tests.Features.Users.IdentityKit;

namespace Tdmp.Tests.Features.Users;

[Collection(FakeClockApiCollection.Name)]
public sealed class TwoFactorTests(FakeClockApi api) : IAsyncLifetime
{
    private TestTenant tenant = null!;

    public async Task InitializeAsync() => tenant = await api.CreateTenantAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(TestUser User, HttpClient Client)> UserAsync()
    {
        var user = await tenant.CreateUserAsync(TenantRole.Tester);
        return (user, await user.LoginAsync());
    }

    [Fact]
    public async Task Enable_without_code_returns_a_secret_and_an_otpauth_uri_but_does_not_turn_it_on()
    {
        var (user, client) = await UserAsync();
        var response = await client.PostJsonAsync("/settings/enable_2fa", new { });
        var body = await response.ExpectAsync(HttpStatusCode.OK);
        var secret = body.GetProperty("secret").GetString()!;
        Assert.Matches("^[A-Z2-7]{32}$", secret);
        Assert.Equal($"otpauth://totp/TDMP:{user.Username}?secret={secret}&issuer=TDMP", body.GetProperty("otpauth_uri").GetString());
        Assert.False(body.GetProperty("two_factor_enabled").GetBoolean());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());

        // The first step also works as curl sends it without -d: no body at all.
        var bare = await (await client.PostAsync("/settings/enable_2fa", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.NotEqual(secret, bare.GetProperty("secret").GetString());

        // Still pending: logins need no code, and /users/me says so.
        await (await api.TryLoginAsync(user.Username, user.Password)).ExpectAsync(HttpStatusCode.OK);
        var me = await (await client.GetAsync("/users/me")).ExpectAsync(HttpStatusCode.OK);
        Assert.False(me.GetProperty("two_factor_enabled").GetBoolean());
    }

    [Fact]
    public async Task Enable_with_a_valid_code_turns_it_on_and_returns_10_recovery_codes_stored_hashed()
    {
        var (user, client) = await UserAsync();
        var (_, codes) = await EnableTwoFactorAsync(client, user.Password, api.Clock);
        Assert.Equal(10, codes.Length);
        Assert.Equal(10, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$", c));

        var me = await (await client.GetAsync("/users/me")).ExpectAsync(HttpStatusCode.OK);
        Assert.True(me.GetProperty("two_factor_enabled").GetBoolean());
        await using var db = api.OpenDb();
        var hashes = (await db.QueryAsync<string>("SELECT code_hash FROM user_recovery_codes WHERE user_id = @id", new { id = user.Id })).ToList();
        Assert.Equal(10, hashes.Count);
        Assert.Empty(hashes.Intersect(codes));
        Assert.DoesNotContain(hashes, h => codes.Any(c => h.Contains(c.Replace("-", ""), StringComparison.Ordinal)));
        Assert.Equal(1, await api.AuditCountAsync("user.2fa_enabled", user.Id.ToString()));
    }

    [Fact]
    public async Task Enable_with_a_wrong_code_is_422_and_leaves_it_off()
    {
        var (user, client) = await UserAsync();
        var secret = (await (await client.PostJsonAsync("/settings/enable_2fa", new { })).ExpectAsync(HttpStatusCode.OK))
            .GetProperty("secret").GetString()!;
        var wrong = Code(secret, api.Clock) == "000000" ? "111111" : "000000";
        var problem = await (await client.PostJsonAsync("/settings/enable_2fa", new { code = wrong, password = user.Password }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("code", out _));
        var me = await (await client.GetAsync("/users/me")).ExpectAsync(HttpStatusCode.OK);
        Assert.False(me.GetProperty("two_factor_enabled").GetBoolean());
    }

    [Fact]
    public async Task Secret_is_not_stored_in_clear()
    {
        var (user, client) = await UserAsync();
        var (secret, _) = await EnableTwoFactorAsync(client, user.Password, api.Clock);
        var stored = await api.ScalarAsync<string>("SELECT protected_secret FROM user_two_factor WHERE user_id = @id", new { id = user.Id });
        Assert.NotEqual(secret, stored);
        Assert.DoesNotContain(secret, stored, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(OtpNet.Base32Encoding.ToBytes(secret)), stored);
        // The key that encrypts it is in the database, for every node.
        Assert.True(await api.ScalarAsync<long>("SELECT count(*) FROM data_protection_keys") > 0);
    }

    [Fact]
    public async Task Login_without_otp_is_401_code_required_and_with_a_valid_code_succeeds()
    {
        var (user, client) = await UserAsync();
        var (secret, _) = await EnableTwoFactorAsync(client, user.Password, api.Clock);

        var missing = await (await api.TryLoginAsync(user.Username, user.Password)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.StartsWith("Two-factor code required", missing.GetProperty("detail").GetString());
        await (await api.TryLoginAsync(user.Username, user.Password, Code(secret, api.Clock))).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Wrong_otp_is_401_invalid_code_and_is_audited_as_a_failed_login()
    {
        var (user, client) = await UserAsync();
        var (secret, _) = await EnableTwoFactorAsync(client, user.Password, api.Clock);
        var wrong = new[] { "000000", "111111" }.First(c => c != Code(secret, api.Clock) && c != Code(secret, api.Clock, 1));
        var problem = await (await api.TryLoginAsync(user.Username, user.Password, wrong)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.StartsWith("Invalid two-factor code", problem.GetProperty("detail").GetString());
        Assert.Equal(1, await api.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log " +
            "WHERE action = 'user.login_failed' AND target_id = @name AND details->>'reason' = 'wrong two-factor code'",
            new { name = user.Username }));
    }

    [Fact]
    public async Task Wrong_password_with_two_factor_on_says_nothing_about_the_code()
    {
        var (user, client) = await UserAsync();
        await EnableTwoFactorAsync(client, user.Password, api.Clock);
        var problem = await (await api.TryLoginAsync(user.Username, "not the password at all")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(LoginHandler.WrongCredentials, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Failed_codes_count_toward_the_login_rate_limit()
    {
        var (user, client) = await UserAsync();
        await EnableTwoFactorAsync(client, user.Password, api.Clock);
        var address = "10.20.30." + Random.Shared.Next(1, 250);
        var limit = api.Service<Tdmp.Features.Common.Auth.AuthOptions>().MaxFailedLoginsPerUserAndAddress;
        for (var i = 0; i < limit; i++)
            await (await api.TryLoginAsync(user.Username, user.Password, clientIp: address)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await api.TryLoginAsync(user.Username, user.Password, clientIp: address)).ExpectProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task A_code_is_accepted_once_a_replay_is_refused()
    {
        var (user, client) = await UserAsync();
        var (secret, _) = await EnableTwoFactorAsync(client, user.Password, api.Clock);
        var code = Code(secret, api.Clock);
        await (await api.TryLoginAsync(user.Username, user.Password, code)).ExpectAsync(HttpStatusCode.OK);
        var replay = await (await api.TryLoginAsync(user.Username, user.Password, code)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.StartsWith("Invalid two-factor code", replay.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_code_that_turned_it_on_cannot_log_in()
    {
        var (user, client) = await UserAsync();
        var secret = (await (await client.PostJsonAsync("/settings/enable_2fa", new { })).ExpectAsync(HttpStatusCode.OK))
            .GetProperty("secret").GetString()!;
        var code = Code(secret, api.Clock);
        await (await client.PostJsonAsync("/settings/enable_2fa", new { code, password = user.Password })).ExpectAsync(HttpStatusCode.OK);
        await (await api.TryLoginAsync(user.Username, user.Password, code)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Codes_one_step_before_and_after_are_accepted_but_not_further()
    {
        var (user, client) = await UserAsync();
        var secret = (await (await client.PostJsonAsync("/settings/enable_2fa", new { })).ExpectAsync(HttpStatusCode.OK))
            .GetProperty("secret").GetString()!;
        // Two steps away is outside the window (checked before any code is used, so nothing else refuses it).
        await (await client.PostJsonAsync("/settings/enable_2fa", new { code = Code(secret, api.Clock, 3), password = user.Password }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await client.PostJsonAsync("/settings/enable_2fa", new { code = Code(secret, api.Clock, -1), password = user.Password }))
            .ExpectAsync(HttpStatusCode.OK);
        await (await api.TryLoginAsync(user.Username, user.Password, Code(secret, api.Clock, 1))).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_code_is_refused_once_its_step_and_the_next_have_passed()
    {
        var (user, client) = await UserAsync();
        var (secret, _) = await EnableTwoFactorAsync(client, user.Password, api.Clock);
        var code = Code(secret, api.Clock);

        api.FakeClock.Advance(TimeSpan.FromSeconds(60));
        var stale = await (await api.TryLoginAsync(user.Username, user.Password, code)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.StartsWith("Invalid two-factor code", stale.GetProperty("detail").GetString());
        await (await api.TryLoginAsync(user.Username, user.Password, Code(secret, api.Clock))).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Two_concurrent_logins_with_the_same_code_succeed_exactly_once()
    {
        var (user, client) = await UserAsync();
        var (secret, _) = await EnableTwoFactorAsync(client, user.Password, api.Clock);
        var code = Code(secret, api.Clock, 1);
        var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => api.TryLoginAsync(user.Username, user.Password, code)));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Recovery_code_logs_in_once()
    {
        var (user, client) = await UserAsync();
        var (_, codes) = await EnableTwoFactorAsync(client, user.Password, api.Clock);
        await (await api.TryLoginAsync(user.Username, user.Password, codes[3].ToUpperInvariant())).ExpectAsync(HttpStatusCode.OK);
        await (await api.TryLoginAsync(user.Username, user.Password, codes[3])).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await api.TryLoginAsync(user.Username, user.Password, codes[4].Replace("-", ""))).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Disable_needs_the_password_and_a_code()
    {
        var (user, client) = await UserAsync();
        var (secret, _) = await EnableTwoFactorAsync(client, user.Password, api.Clock);
        var code = Code(secret, api.Clock);

        var noPassword = await (await client.PostJsonAsync("/settings/disable_2fa", new { password = "wrong password here", code }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(noPassword.GetProperty("errors").TryGetProperty("password", out _));
        var wrongCode = code == "000000" ? "111111" : "000000";
        var noCode = await (await client.PostJsonAsync("/settings/disable_2fa", new { password = user.Password, code = wrongCode }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(noCode.GetProperty("errors").TryGetProperty("code", out _));
        await (await client.PostJsonAsync("/settings/disable_2fa", new { password = user.Password }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await api.TryLoginAsync(user.Username, user.Password)).ExpectProblemAsync(HttpStatusCode.Unauthorized);

        await (await client.PostJsonAsync("/settings/disable_2fa", new { password = user.Password, code })).ExpectAsync(HttpStatusCode.NoContent);
        await (await api.TryLoginAsync(user.Username, user.Password)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, await api.ScalarAsync<long>("SELECT count(*) FROM user_two_factor WHERE user_id = @id", new { id = user.Id }));
        Assert.Equal(0, await api.ScalarAsync<long>("SELECT count(*) FROM user_recovery_codes WHERE user_id = @id", new { id = user.Id }));
        Assert.Equal(1, await api.AuditCountAsync("user.2fa_disabled", user.Id.ToString()));
    }

    [Fact]
    public async Task Disable_accepts_a_recovery_code()
    {
        var (user, client) = await UserAsync();
        var (_, codes) = await EnableTwoFactorAsync(client, user.Password, api.Clock);
        await (await client.PostJsonAsync("/settings/disable_2fa", new { password = user.Password, code = codes[0] }))
            .ExpectAsync(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Enabling_twice_is_422()
    {
        var (user, client) = await UserAsync();
        await EnableTwoFactorAsync(client, user.Password, api.Clock);
        await (await client.PostJsonAsync("/settings/enable_2fa", new { })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Secret_and_recovery_codes_never_appear_again_nor_any_hash()
    {
        var (user, client) = await UserAsync();
        var (secret, codes) = await EnableTwoFactorAsync(client, user.Password, api.Clock);
        var admin = await (await tenant.CreateUserAsync(TenantRole.Admin)).LoginAsync();
        var bodies = new List<string>();
        foreach (var (viewer, url) in new[]
                 {
                     (client, "/users/me"), (client, "/settings"), (client, $"/users/{user.Id}"), (client, "/users?limit=500"),
                     (admin, $"/users/{user.Id}"), (admin, "/users?limit=500"),
                 })
        {
            var response = await viewer.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            bodies.Add(await response.Content.ReadAsStringAsync());
        }
        foreach (var body in bodies)
        {
            Assert.DoesNotContain(secret, body);
            Assert.DoesNotContain("pbkdf2", body);
            Assert.DoesNotContain("password_hash", body);
            Assert.DoesNotContain("protected_secret", body);
            Assert.DoesNotContain("recovery", body);
            Assert.All(codes, c => Assert.DoesNotContain(c, body));
        }
    }
}
