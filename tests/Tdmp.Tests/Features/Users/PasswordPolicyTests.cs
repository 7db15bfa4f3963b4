using static Tdmp.Tests.Features.Users.IdentityKit;

namespace Tdmp.Tests.Features.Users;

/// <summary>The one password policy, seen through the three places a password is chosen.</summary>
[Collection(IdentityApiCollection.Name)]
public sealed class PasswordPolicyTests(TdmpApi api) : IAsyncLifetime
{
    private TestTenant tenant = null!;
    private HttpClient adminClient = null!;

    public async Task InitializeAsync()
    {
        tenant = await api.CreateTenantAsync();
        adminClient = await (await tenant.CreateUserAsync(TenantRole.Admin)).LoginAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<HttpResponseMessage> CreateWithPasswordAsync(string password, string? username = null)
    {
        username ??= UniqueName("pp");
        return await adminClient.PostJsonAsync("/users/create", new { username, email = username + "@example.test", role = "tester", password });
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string field, string expectedWords)
    {
        var problem = await response.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        var message = problem.GetProperty("errors").GetProperty(field)[0].GetString()!;
        Assert.Contains(expectedWords, message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Password_shorter_than_12_characters_is_refused()
        => await AssertRefusedAsync(await CreateWithPasswordAsync("k7#pQ2!xZ9m"), "password", "at least 12");

    [Fact]
    public async Task Password_of_exactly_12_and_of_128_characters_is_accepted()
    {
        await (await CreateWithPasswordAsync("k7#pQ2!xZ9mW")).ExpectAsync(HttpStatusCode.Created);
        await (await CreateWithPasswordAsync(string.Concat(Enumerable.Repeat("k7#pQ2!x", 16)))).ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Password_longer_than_128_characters_is_refused()
        => await AssertRefusedAsync(await CreateWithPasswordAsync(new string('k', 60) + new string('7', 69)), "password", "at most 128");

    [Fact]
    public async Task Password_equal_to_the_username_in_any_case_is_refused()
    {
        var username = UniqueName("samename");
        await AssertRefusedAsync(await CreateWithPasswordAsync(username.ToUpperInvariant(), username), "password", "username");
    }

    [Theory]
    [InlineData("qwerty123456")]
    [InlineData("1qaz2wsx3edc")]
    [InlineData("Password1234")]
    public async Task Common_password_is_refused(string password)
        => await AssertRefusedAsync(await CreateWithPasswordAsync(password), "password", "common");

    [Fact]
    public async Task Passphrase_without_digits_or_symbols_is_accepted_no_composition_rules()
        => await (await CreateWithPasswordAsync("purple giraffes dance quietly")).ExpectAsync(HttpStatusCode.Created);

    [Fact]
    public async Task Change_password_applies_the_policy_including_the_username()
    {
        var user = await tenant.CreateUserAsync(TenantRole.Tester);
        var client = await user.LoginAsync();
        await AssertRefusedAsync(await client.PostJsonAsync("/settings/change_password",
            new { current_password = user.Password, new_password = user.Username }), "new_password", "username");
        await AssertRefusedAsync(await client.PostJsonAsync("/settings/change_password",
            new { current_password = user.Password, new_password = "short" }), "new_password", "at least 12");
        await AssertRefusedAsync(await client.PostJsonAsync("/settings/change_password",
            new { current_password = user.Password, new_password = "qwerty123456" }), "new_password", "common");
        await (await api.TryLoginAsync(user.Username, user.Password)).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Setup_password_applies_the_policy()
    {
        var username = UniqueName("inv");
        var invited = await (await adminClient.PostJsonAsync("/users/create",
            new { username, email = username + "@example.test", role = "tester" })).ExpectAsync(HttpStatusCode.Created);
        var token = invited.GetProperty("invitation_token").GetString()!;
        await AssertRefusedAsync(await api.Anonymous().PostJsonAsync("/users/setup-password", new { token, password = "1qaz2wsx3edc" }), "password",
            "common");
        await AssertRefusedAsync(await api.Anonymous().PostJsonAsync("/users/setup-password", new { token, password = "tiny" }), "password",
            "at least 12");
    }
}
