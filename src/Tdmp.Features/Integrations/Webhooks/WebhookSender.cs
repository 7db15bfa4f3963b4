using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tdmp.Features.Integrations.Outbound;

namespace Tdmp.Features.Integrations.Webhooks;

/// <summary>The outcome of one POST to a webhook: the status (null when none came), how long it took, and what went wrong.</summary>
public sealed record WebhookAttempt(bool Ok, int? StatusCode, int LatencyMs, string? Error);

/// <summary>The JSON body of every webhook POST.</summary>
public sealed record WebhookBody(string Event, Guid DeliveryId, DateTime OccurredAt, long TenantId, JsonElement Data);

/// <summary>
/// Sends one signed webhook POST: <c>X-Tdmp-Signature: sha256=&lt;hex HMAC-SHA256 of the raw body with the secret&gt;</c>,
/// <c>X-Tdmp-Event</c>, <c>X-Tdmp-Delivery</c>. Any 2xx is success; a redirect is not followed; the body is never read.
/// </summary>
public sealed class WebhookSender(OutboundHttp http)
{
    public const string SignatureHeader = "X-Tdmp-Signature";
    public const string EventHeader = "X-Tdmp-Event";
    public const string DeliveryHeader = "X-Tdmp-Delivery";

    public static string Signature(string secret, byte[] body)
        => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public async Task<WebhookAttempt> SendAsync(string url, string secret, WebhookBody body, CancellationToken ct)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, StoredJson.Records);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(SignatureHeader, Signature(secret, bytes));
        request.Headers.Add(EventHeader, body.Event);
        request.Headers.Add(DeliveryHeader, body.DeliveryId.ToString());
        request.Headers.UserAgent.ParseAdd("TDMP-Webhook/1");

        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var status = (int)response.StatusCode;
            var latency = (int)watch.ElapsedMilliseconds;
            if (status is >= 200 and < 300) return new WebhookAttempt(true, status, latency, null);
            var error = status is >= 300 and < 400 ? $"HTTP {status} (redirects are not followed)" : $"HTTP {status}";
            return new WebhookAttempt(false, status, latency, error);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or TargetRefusedException && !ct.IsCancellationRequested)
        {
            return new WebhookAttempt(false, null, (int)watch.ElapsedMilliseconds, OutboundHttp.Describe(e));
        }
    }
}
