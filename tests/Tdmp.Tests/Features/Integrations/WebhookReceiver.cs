using System.Collections.Concurrent;

namespace Tdmp.Tests.Features.Integrations;

/// <summary>A webhook endpoint on a loopback port: records every request and answers with the queued status codes (then 200).</summary>
public sealed class WebhookReceiver : IDisposable
{
    public sealed record Received(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;
    }

    private readonly HttpListener listener;
    private readonly ConcurrentQueue<int> answers = new();
    private readonly ConcurrentQueue<Received> received = new();

    public string Url { get; }

    /// <summary>Where a redirect answer (302) points.</summary>
    public string? RedirectTo { get; set; }

    public WebhookReceiver()
    {
        // A free port can be taken by another test between the probe and the bind: then take another.
        for (var attempt = 1; ; attempt++)
        {
            var port = LocalServers.FreePort();
            listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                Url = $"http://127.0.0.1:{port}/hook";
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                Close();
            }
        }
        _ = Task.Run(LoopAsync);
    }

    public IReadOnlyList<Received> Requests => received.ToList();

    /// <summary>The next requests get these statuses, in order; after them every request gets 200.</summary>
    public void AnswerNext(params int[] statuses)
    {
        foreach (var status in statuses) answers.Enqueue(status);
    }

    public async Task<List<Received>> WaitForAsync(Func<Received, bool> match, int count = 1, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var found = Requests.Where(match).ToList();
            if (found.Count >= count || DateTime.UtcNow > deadline) return found;
            await Task.Delay(100);
        }
    }

    private async Task LoopAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null)
                .ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
            received.Enqueue(new Received(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, headers, body.ToArray()));
            var status = answers.TryDequeue(out var queued) ? queued : 200;
            context.Response.StatusCode = status;
            if (status is 301 or 302 or 307 or 308 && RedirectTo is not null) context.Response.RedirectLocation = RedirectTo;
            var text = System.Text.Encoding.UTF8.GetBytes(status >= 400 ? "secret internal stack trace of the receiver" : "ok");
            await context.Response.OutputStream.WriteAsync(text);
            context.Response.Close();
        }
    }

    public void Dispose() => Close();

    private void Close()
    {
        try
        {
            listener.Close();
        }
        catch (HttpListenerException)
        {
            // The managed listener sometimes fails to unregister a port another test reuses already; it is closed anyway.
        }
    }
}
