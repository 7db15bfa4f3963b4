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
    ];

    private static Func<RbacWorld, TenantRole, Task<HttpRequestMessage>> FreshSessionLogout(HttpMethod method) => async (world, role) =>
    {
        var token = await TdmpApi.TokenAsync(world.Api.Anonymous(), world.Users[role].Username, world.Users[role].Password);
        var request = new HttpRequestMessage(method, "/users/logout");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return request;
    };
}
