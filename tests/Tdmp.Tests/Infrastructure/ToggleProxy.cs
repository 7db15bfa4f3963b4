using System.Net.Sockets;

namespace Tdmp.Tests.Infrastructure;

/// <summary>A TCP forwarder in front of PostgreSQL that a test can take down (every connection cut, new ones closed at
/// once) and bring back: the database "briefly unreachable" as a service node sees it.</summary>
public sealed class ToggleProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly string targetHost;
    private readonly int targetPort;
    private readonly CancellationTokenSource stop = new();
    private readonly List<TcpClient> open = [];
    private volatile bool down;

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public ToggleProxy(string targetHost, int targetPort)
    {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        listener.Start();
        _ = AcceptAsync();
    }

    /// <summary>The same connection string, through this proxy.</summary>
    public string Through(string connectionString)
        => new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = Port }.ConnectionString;

    public void TakeDown()
    {
        down = true;
        lock (open)
        {
            foreach (var client in open) client.Dispose();
            open.Clear();
        }
    }

    public void BringBack() => down = false;

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            if (down)
            {
                client.Dispose();
                continue;
            }
            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        var server = new TcpClient();
        lock (open)
        {
            open.Add(client);
            open.Add(server);
        }
        try
        {
            await server.ConnectAsync(targetHost, targetPort, stop.Token);
            await Task.WhenAny(
                client.GetStream().CopyToAsync(server.GetStream(), stop.Token),
                server.GetStream().CopyToAsync(client.GetStream(), stop.Token));
        }
        catch (Exception)
        {
            // cut by TakeDown, or the other side closed
        }
        finally
        {
            client.Dispose();
            server.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        stop.Cancel();
        TakeDown();
        listener.Stop();
        stop.Dispose();
        return ValueTask.CompletedTask;
    }
}
