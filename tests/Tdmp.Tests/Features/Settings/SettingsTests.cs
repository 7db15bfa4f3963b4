using System.Text;
using Tdmp.Tests.Features.Users;

namespace Tdmp.Tests.Features.Settings;

[Collection(IdentityApiCollection.Name)]
public sealed class SettingsTests(TdmpApi api) : IAsyncLifetime
{
    private TestTenant tenant = null!;

    public async Task InitializeAsync() => tenant = await api.CreateTenantAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(TestUser User, HttpClient Client)> UserAsync(TenantRole role = TenantRole.Tester)
    {
        var user = await tenant.CreateUserAsync(role);
        return (user, await user.LoginAsync());
    }

    [Fact]
    public async Task Get_settings_returns_the_callers_profile_and_defaults()
    {
        var (user, client) = await UserAsync();
        var settings = await (await client.GetAsync("/settings")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(user.Id, settings.GetProperty("user_id").GetInt64());
        Assert.Equal(user.Username, settings.GetProperty("username").GetString());
        Assert.Equal("system", settings.GetProperty("theme").GetString());
        Assert.False(settings.GetProperty("two_factor_enabled").GetBoolean());
        Assert.False(settings.GetProperty("has_avatar").GetBoolean());
    }

    [Fact]
    public async Task Put_settings_changes_name_and_theme_and_is_audited()
    {
        var (user, client) = await UserAsync();
        var settings = await (await client.PutJsonAsync("/settings", new { full_name = "Ada L.", theme = "dark" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Ada L.", settings.GetProperty("full_name").GetString());
        Assert.Equal("dark", settings.GetProperty("theme").GetString());

        // A field left out stays.
        settings = await (await client.PutJsonAsync("/settings", new { theme = "light" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Ada L.", settings.GetProperty("full_name").GetString());
        Assert.Equal(2, await api.AuditCountAsync("settings.updated", user.Id.ToString()));
    }

    [Fact]
    public async Task Put_settings_takes_the_overviews_name_as_well_as_full_name()
    {
        var (_, client) = await UserAsync();
        var settings = await (await client.PutJsonAsync("/settings", new { name = "Grace H." })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Grace H.", settings.GetProperty("full_name").GetString());
        var problem = await (await client.PutJsonAsync("/settings", new { name = "A", full_name = "B" }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task Unknown_theme_is_422()
    {
        var (_, client) = await UserAsync();
        var problem = await (await client.PutJsonAsync("/settings", new { theme = "neon" })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("theme", out _));
    }

    [Fact]
    public async Task Malformed_json_is_400_problem_with_detail()
    {
        var (_, client) = await UserAsync();
        var response = await client.PutAsync("/settings", new StringContent("{\"theme\": ", Encoding.UTF8, "application/json"));
        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("malformed", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Unknown_field_such_as_role_is_rejected_and_nothing_changes()
    {
        var (user, client) = await UserAsync();
        var problem = await (await client.PutJsonAsync("/settings", new { theme = "dark", role = "admin" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("role", out _));
        Assert.Equal("tester", await api.ScalarAsync<string>("SELECT role FROM users WHERE user_id = @id", new { id = user.Id }));
        Assert.Equal("system", await api.ScalarAsync<string>("SELECT theme FROM users WHERE user_id = @id", new { id = user.Id }));
    }

    [Fact]
    public async Task Change_password_needs_the_current_one()
    {
        var (user, client) = await UserAsync();
        var problem = await (await client.PostJsonAsync("/settings/change_password",
            new { current_password = "not my password at all", new_password = IdentityKit.StrongPassword() }))
                .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("current_password", out _));
        await (await api.TryLoginAsync(user.Username, user.Password)).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Wrong_passwords_in_settings_are_audited_and_limited_like_logins()
    {
        var (user, client) = await UserAsync();
        for (var i = 0; i < 5; i++)
            await (await client.PostJsonAsync("/settings/change_email", new { password = "guess " + i, new_email = "x@example.com" }))
                .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(5, await api.AuditCountAsync("user.password_check_failed", user.Id.ToString()));

        // Even the right password is refused now: a stolen token cannot keep guessing.
        var limited = await client.PostJsonAsync("/settings/change_password",
            new { current_password = user.Password, new_password = IdentityKit.StrongPassword() });
        await limited.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task Change_password_keeps_this_session_and_ends_the_others()
    {
        var (user, client) = await UserAsync();
        var other = await user.LoginAsync();
        var newPassword = IdentityKit.StrongPassword();
        await (await client.PostJsonAsync("/settings/change_password",
            new { current_password = user.Password, new_password = newPassword })).ExpectAsync(HttpStatusCode.NoContent);

        await (await client.GetAsync("/users/me")).ExpectAsync(HttpStatusCode.OK);
        await (await other.GetAsync("/users/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await api.TryLoginAsync(user.Username, user.Password)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await api.TryLoginAsync(user.Username, newPassword)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, await api.AuditCountAsync("user.password_changed", user.Id.ToString()));
    }

    [Fact]
    public async Task Change_email_needs_the_password()
    {
        var (user, client) = await UserAsync();
        await (await client.PostJsonAsync("/settings/change_email", new { password = "wrong password here", new_email = "new@example.test" }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        var settings = await (await client.PostJsonAsync("/settings/change_email", new { password = user.Password, new_email = "new@example.test" }))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("new@example.test", settings.GetProperty("email").GetString());
        Assert.Equal(1, await api.AuditCountAsync("user.email_changed", user.Id.ToString()));
    }

    [Fact]
    public async Task Change_email_refuses_an_invalid_address()
    {
        var (user, client) = await UserAsync();
        await (await client.PostJsonAsync("/settings/change_email", new { password = user.Password, new_email = "not an address" }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
    }
}
