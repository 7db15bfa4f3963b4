using static Tdmp.Tests.Features.Users.IdentityKit;

namespace Tdmp.Tests.Features.Users;

[Collection(IdentityApiCollection.Name)]
public sealed class InvitationTests(TdmpApi api) : IAsyncLifetime
{
    private TestTenant tenant = null!;
    private HttpClient adminClient = null!;

    public async Task InitializeAsync()
    {
        tenant = await api.CreateTenantAsync();
        adminClient = await (await tenant.CreateUserAsync(TenantRole.Admin)).LoginAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(long UserId, string Username, string Token)> InviteAsync()
    {
        var username = UniqueName("inv");
        var user = await (await adminClient.PostJsonAsync("/users/create",
            new { username, email = username + "@example.test", role = "tester" })).ExpectAsync(HttpStatusCode.Created);
        return (user.GetProperty("user_id").GetInt64(), username, user.GetProperty("invitation_token").GetString()!);
    }

    [Fact]
    public async Task Invited_user_cannot_log_in_before_setting_a_password()
    {
        var (_, username, _) = await InviteAsync();
        await (await api.TryLoginAsync(username, "")).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await api.TryLoginAsync(username, StrongPassword())).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Invitation_token_sets_the_password_once_then_the_user_logs_in()
    {
        var (userId, username, token) = await InviteAsync();
        var password = StrongPassword();
        await (await api.Anonymous().PostJsonAsync("/users/setup-password", new { token, password })).ExpectAsync(HttpStatusCode.NoContent);
        await (await api.TryLoginAsync(username, password)).ExpectAsync(HttpStatusCode.OK);

        var again = await (await api.Anonymous().PostJsonAsync("/users/setup-password", new { token, password = StrongPassword() }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(again.GetProperty("errors").TryGetProperty("token", out _));
        await (await api.TryLoginAsync(username, password)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, await api.AuditCountAsync("user.password_set", userId.ToString()));

        var user = await (await adminClient.GetAsync($"/users/{userId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.False(user.GetProperty("invitation_pending").GetBoolean());
    }

    [Fact]
    public async Task Expired_invitation_token_is_refused()
    {
        var (userId, username, token) = await InviteAsync();
        await api.ExecuteAsync("UPDATE user_invitations SET expires_at = now() - interval '1 minute' WHERE user_id = @userId", new { userId });
        var password = StrongPassword();
        await (await api.Anonymous().PostJsonAsync("/users/setup-password", new { token, password }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await api.TryLoginAsync(username, password)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Unknown_token_is_refused()
        => await (await api.Anonymous().PostJsonAsync("/users/setup-password", new { token = "not-a-token", password = StrongPassword() }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

    [Fact]
    public async Task Password_equal_to_the_username_is_refused_and_the_token_still_works()
    {
        var (_, username, token) = await InviteAsync();
        var problem = await (await api.Anonymous().PostJsonAsync("/users/setup-password", new { token, password = username.ToUpperInvariant() }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("password", out _));
        await (await api.Anonymous().PostJsonAsync("/users/setup-password", new { token, password = StrongPassword() }))
            .ExpectAsync(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Two_concurrent_uses_of_one_token_set_the_password_once()
    {
        var (_, username, token) = await InviteAsync();
        var passwords = new[] { StrongPassword(), StrongPassword() };
        var responses = await Task.WhenAll(
            passwords.Select(p => api.Anonymous().PostJsonAsync("/users/setup-password", new { token, password = p })));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.NoContent));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.UnprocessableEntity));
        var logins = await Task.WhenAll(passwords.Select(p => api.TryLoginAsync(username, p)));
        Assert.Equal(1, logins.Count(r => r.StatusCode == HttpStatusCode.OK));
    }
}
