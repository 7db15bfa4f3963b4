using Tdmp.Tests.Rbac;
using static Tdmp.Tests.Rbac.RbacRow;

namespace Tdmp.Tests.Features.Users;

public sealed class UsersRbac : IRbacTable
{
    public IEnumerable<RbacRow> Rows() =>
    [
        new("POST", "/users/token", (world, role) => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, "/users/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["username"] = world.Users[role].Username,
                ["password"] = world.Users[role].Password,
            }),
        }), All(Outcome.Allowed), Anonymous: true),
        new("GET", "/users/me", Call(HttpMethod.Get, "/users/me"), All(Outcome.Allowed)),
        // Logout is checked with a fresh session each time so the shared clients stay logged in.
        new("GET", "/users/logout", FreshSessionLogout(HttpMethod.Get), All(Outcome.Allowed)),
        new("POST", "/users/logout", FreshSessionLogout(HttpMethod.Post), All(Outcome.Allowed)),
        // Managers invite testers; the row's body is such an invitation, so every role that may create users is served.
        new("POST", "/users/create", (_, _) =>
        {
            var username = IdentityKit.UniqueName("rbac");
            return Task.FromResult(Message(HttpMethod.Post, "/users/create", new { username, email = username + "@example.test", role = "tester" }));
        }, From(TenantRole.Manager)),
        new("GET", "/users", Call(HttpMethod.Get, "/users"), All(Outcome.Allowed)),
        new("GET", "/users/{user_id}", (world, _) => Task.FromResult(Message(HttpMethod.Get, $"/users/{world.Users[TenantRole.Tester].Id}")),
            All(Outcome.Allowed)),
        new("PATCH", "/users/{user_id}", (world, _) => Task.FromResult(Message(HttpMethod.Patch,
            $"/users/{world.Users[TenantRole.Tester].Id}", new { full_name = "Renamed by RBAC" })), From(TenantRole.Admin)),
        // The token is the credential: with a wrong one every caller gets 422, never 401/403.
        new("POST", "/users/setup-password", Call(HttpMethod.Post, "/users/setup-password",
            new { token = "no-such-token", password = "a long enough password" }), All(Outcome.Allowed), Anonymous: true),
        new("GET", "/users/{user_id}/avatar", async (world, _) =>
        {
            var owner = world.Users[TenantRole.Tester];
            using var upload = await world.Clients[TenantRole.Tester].PostAsync("/settings/avatar",
                Settings.TestImages.Form(Settings.TestImages.Png(2, 2)));
            upload.EnsureSuccessStatusCode();
            return Message(HttpMethod.Get, $"/users/{owner.Id}/avatar");
        }, All(Outcome.Allowed)),
        new("POST", "/users/me/tokens", Call(HttpMethod.Post, "/users/me/tokens", new { name = "rbac", expires_in_days = 1 }), All(Outcome.Allowed)),
        new("GET", "/users/me/tokens", Call(HttpMethod.Get, "/users/me/tokens"), All(Outcome.Allowed)),
        // Each role revokes a token of its own.
        new("DELETE", "/users/me/tokens/{token_id}", async (world, role) =>
            Message(HttpMethod.Delete, $"/users/me/tokens/{await NewAccessTokenIdAsync(world.Clients[role])}"), All(Outcome.Allowed)),
        new("GET", "/users/tokens", Call(HttpMethod.Get, "/users/tokens"), From(TenantRole.Admin)),
        // A tester's token, which admins of the tenant may revoke.
        new("DELETE", "/users/tokens/{token_id}", async (world, _) =>
            Message(HttpMethod.Delete, $"/users/tokens/{await NewAccessTokenIdAsync(world.Clients[TenantRole.Tester])}"), From(TenantRole.Admin)),
    ];

    private static async Task<string> NewAccessTokenIdAsync(HttpClient owner)
    {
        var created = await (await owner.PostAsJsonAsync("/users/me/tokens", new { name = "rbac", expires_in_days = 1 }))
            .ExpectAsync(HttpStatusCode.Created);
        return created.GetProperty("token_id").GetString()!;
    }

    private static Func<RbacWorld, TenantRole, Task<HttpRequestMessage>> FreshSessionLogout(HttpMethod method) => async (world, role) =>
    {
        var token = await TdmpApi.TokenAsync(world.Api.Anonymous(), world.Users[role].Username, world.Users[role].Password);
        var request = new HttpRequestMessage(method, "/users/logout");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return request;
    };
}
