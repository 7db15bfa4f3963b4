using System.Net.Http.Headers;
using Dapper;
using Microsoft.Extensions.Time.Testing;
using OtpNet;

namespace Tdmp.Tests.Features.Users;

/// <summary>Small helpers of the identity tests: JSON calls, TOTP codes, tokens, audit rows.</summary>
public static class IdentityKit
{
    /// <summary>A password that meets the policy and is unlikely to be on any list.</summary>
    public static string StrongPassword() => "pw " + Guid.NewGuid().ToString("N")[..16] + " long enough";

    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body)
        => client.PostAsync(url, JsonContent.Create(body));

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string url, object body)
        => client.PatchAsync(url, JsonContent.Create(body));

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body)
        => client.PutAsync(url, JsonContent.Create(body));

    /// <summary>The TOTP code of <paramref name="secret"/> for the time step <paramref name="stepsFromNow"/> away from the
    /// time of <paramref name="clock"/>, the clock of the service that checks it.</summary>
    public static string Code(string secret, TimeProvider clock, int stepsFromNow = 0)
        => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(clock.GetUtcNow().UtcDateTime.AddSeconds(30 * stepsFromNow));

    /// <summary>
    /// Turns two-factor login on for the client's user and returns the secret and recovery codes. It confirms with the code
    /// of the previous step, so the current and the next step are still unused for the test that follows.
    /// </summary>
    public static async Task<(string Secret, string[] RecoveryCodes)> EnableTwoFactorAsync(HttpClient client, string password, TimeProvider clock)
    {
        var started = await (await client.PostJsonAsync("/settings/enable_2fa", new { })).ExpectAsync(HttpStatusCode.OK);
        var secret = started.GetProperty("secret").GetString()!;
        // On a real clock a code near the end of its step could go stale on its way to the server: wait for a fresh step
        // then. A fake clock (FakeClockApi) stands still, and no test of it waits.
        var remaining = new Totp(Base32Encoding.ToBytes(secret)).RemainingSeconds(clock.GetUtcNow().UtcDateTime);
        if (clock is not FakeTimeProvider && remaining < 3)
            await Task.Delay(TimeSpan.FromSeconds(remaining + 0.2));
        var enabled = await (await client.PostJsonAsync("/settings/enable_2fa", new { code = Code(secret, clock, -1), password }))
            .ExpectAsync(HttpStatusCode.OK);
        return (secret, enabled.GetProperty("recovery_codes").EnumerateArray().Select(c => c.GetString()!).ToArray());
    }

    public static Task<HttpResponseMessage> TryLoginAsync(
        this TdmpApi api, string username, string password, string? otp = null, string? clientIp = null)
    {
        var form = new Dictionary<string, string> { ["username"] = username, ["password"] = password };
        if (otp is not null) form["otp"] = otp;
        return api.Anonymous(clientIp).PostAsync("/users/token", new FormUrlEncodedContent(form));
    }

    public static HttpClient WithToken(this TdmpApi api, string token)
    {
        var client = api.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<long> AuditCountAsync(this TdmpApi api, string action, string targetId)
    {
        await using var db = api.OpenDb();
        return await db.QuerySingleAsync<long>(
            "SELECT count(*) FROM audit_log WHERE action = @action AND target_id = @targetId", new { action, targetId });
    }

    public static async Task<T> ScalarAsync<T>(this TdmpApi api, string sql, object? parameters = null)
    {
        await using var db = api.OpenDb();
        return await db.QuerySingleAsync<T>(sql, parameters);
    }

    public static async Task ExecuteAsync(this TdmpApi api, string sql, object? parameters = null)
    {
        await using var db = api.OpenDb();
        await db.ExecuteAsync(sql, parameters);
    }
}
