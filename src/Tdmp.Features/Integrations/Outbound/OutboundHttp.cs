using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Tdmp.Features.Integrations.Outbound;

/// <summary>A connection was refused because its target is on a network integrations may not reach.</summary>
public sealed class TargetRefusedException(string message) : Exception(message);

/// <summary>
/// HTTP to targets that tenants configure (webhooks, S3 endpoints): only http(s), the resolved address checked when the
/// connection is opened (so a DNS answer cannot be swapped after a check), no redirects, no proxy, short timeouts.
/// </summary>
public sealed class OutboundHttp : IDisposable
{
    private readonly SocketsHttpHandler handler;

    /// <summary>For webhooks and probes: gives up after <see cref="IntegrationOptions.RequestTimeout"/>.</summary>
    public HttpClient Client { get; }

    public OutboundHttp(IntegrationOptions options)
    {
        handler = CreateHandler(options);
        Client = new HttpClient(handler, disposeHandler: false) { Timeout = options.RequestTimeout };
    }

    /// <summary>A client on the same guarded handler without an overall timeout, for S3 transfers (the SDK times each request).</summary>
    public HttpClient CreateTransferClient() => new(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };

    public static bool IsHttpUrl(string? value, out Uri? uri)
        => Uri.TryCreate(value, UriKind.Absolute, out uri) && uri.Scheme is "http" or "https" && !string.IsNullOrEmpty(uri.Host);

    public static SocketsHttpHandler CreateHandler(IntegrationOptions options) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        ConnectTimeout = options.ConnectTimeout,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = (context, ct) => ConnectAsync(context.DnsEndPoint, options.AllowPrivateTargets, ct),
    };

    /// <summary>Resolves the host, refuses it when any of its addresses is private (unless allowed), and connects to exactly those
    /// addresses.</summary>
    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, bool allowPrivate, CancellationToken ct)
    {
        var addresses = IPAddress.TryParse(endPoint.Host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, ct);
        if (addresses.Length == 0) throw new SocketException((int)SocketError.HostNotFound);
        if (!allowPrivate)
            foreach (var address in addresses)
                if (TargetAddresses.WhyRefused(address) is { } why)
                    throw new TargetRefusedException(
                        $"target refused: {endPoint.Host} is a {why} address ({address}); such targets are allowed only when the operator sets "
                            + "Integrations__AllowPrivateTargets=true");

        // One socket per address (a socket cannot be reused after a failed connect on every platform); the first that answers wins.
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last!;
    }

    /// <summary>What went wrong, in a few words for the user; never a response body or a stack trace.</summary>
    public static string Describe(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case TargetRefusedException refused: return refused.Message;
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }: return "connection refused";
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }:
                    return "host not found";
                case SocketException { SocketErrorCode: SocketError.TimedOut }: return "timed out";
                case SocketException { SocketErrorCode: SocketError.NetworkUnreachable or SocketError.HostUnreachable }: return "network unreachable";
                case SocketException { SocketErrorCode: SocketError.ConnectionReset }: return "connection reset";
                case AuthenticationException: return "TLS handshake failed";
                case TimeoutException or TaskCanceledException: return "timed out";
            }
        }
        for (var e = error; e is not null; e = e.InnerException)
            if (e is HttpRequestException { HttpRequestError: var kind } && kind != HttpRequestError.Unknown)
                return kind switch
                {
                    HttpRequestError.NameResolutionError => "host not found",
                    HttpRequestError.ConnectionError => "connection failed",
                    HttpRequestError.SecureConnectionError => "TLS handshake failed",
                    HttpRequestError.ResponseEnded => "connection closed before a response",
                    _ => "invalid response",
                };
        return "request failed";
    }

    public void Dispose()
    {
        Client.Dispose();
        handler.Dispose();
    }
}
