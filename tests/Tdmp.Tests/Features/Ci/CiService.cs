using System.Net.Http.Headers;

namespace Tdmp.Tests.Features.Ci;

/// <summary>Real service processes on a database of their own, for what CI does against a deployed TDMP.</summary>
public static class CiService
{
    public static string NewStorage() => Directory.CreateTempSubdirectory("tdmp-ci-").FullName;

    /// <summary>A client of the first superuser, logged in with its password.</summary>
    public static async Task<HttpClient> SuperuserAsync(ServiceProcess service)
    {
        var client = service.Client();
        var token = await TdmpApi.TokenAsync(client, TdmpApi.SuperuserName, TdmpApi.SuperuserPassword);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static HttpClient WithToken(ServiceProcess service, string token)
    {
        var client = service.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A new personal access token of the client's user: (token_id, token).</summary>
    public static async Task<(string Id, string Token)> AccessTokenAsync(HttpClient owner, string name = "ci")
    {
        var created = await (await owner.PostAsJsonAsync("/users/me/tokens", new { name, expires_in_days = 7 })).ExpectAsync(HttpStatusCode.Created);
        return (created.GetProperty("token_id").GetString()!, created.GetProperty("token").GetString()!);
    }
}
