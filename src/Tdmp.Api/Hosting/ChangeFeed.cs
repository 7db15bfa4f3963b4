using Dapper;
using Npgsql;
using Tdmp.Features.Common.Auth;
using Tdmp.Features.Datasets;

namespace Tdmp.Api.Hosting;

/// <summary>The <c>Database</c> configuration section: the connection pool and the change listener of this node.</summary>
public sealed class DatabaseOptions
{
    /// <summary>Most connections this node's pool opens (the listener's own connection comes on top). Requests hold one
    /// only while they query; waiting requests hold none.</summary>
    public int MaxPoolSize { get; set; } = 30;
    /// <summary>Statements each pooled connection prepares once and reuses (Npgsql's automatic preparation); 0 turns it
    /// off (needed behind a transaction-pooling PgBouncer older than 1.21).</summary>
    public int MaxAutoPrepare { get; set; } = 50;
    /// <summary>LISTEN for dataset status changes and revocations. Off only where LISTEN cannot work (a transaction-pooling
    /// PgBouncer in between): then waiters learn of changes by the safety poll alone, and revocations by the cache's TTL.</summary>
    public bool Listen { get; set; } = true;
    /// <summary>How often the listener asks for the status of every dataset waited on here, in one query, in case a
    /// message was lost (it also proves the connection alive).</summary>
    public TimeSpan SafetyPollInterval { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>Longest pause between attempts to reconnect the listener while the database is unreachable.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// This node's one listening connection: hears <c>tdmp_dataset_status</c> (wakes <see cref="DatasetWaiters"/>, evicts
/// from <see cref="DatasetReadCache"/>) and
/// <c>tdmp_revocations</c> (evicts from <see cref="RevocableCache"/>), and runs the per-node safety poll. After a
/// reconnect it catches up on what it may have missed: polls the waited-on datasets and forgets every remembered credential.
/// </summary>
public sealed class ChangeFeed(
    DatabaseOptions options, NpgsqlConnectionStringBuilder connectionString, DatasetWaiters waiters, DatasetReadCache datasets,
    RevocableCache credentials,
    TimeProvider clock, ILogger<ChangeFeed> logger) : BackgroundService
{
    private static readonly TimeSpan FirstReconnectDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>Outside the pool, named so that <c>pg_stat_activity</c> shows it.</summary>
    private readonly string listenerConnectionString = new NpgsqlConnectionStringBuilder(connectionString.ConnectionString)
    {
        Pooling = false, ApplicationName = "tdmp-listener",
    }.ConnectionString;

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var reconnectDelay = FirstReconnectDelay;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(listenerConnectionString);
                await connection.OpenAsync(stopping);
                connection.Notification += (_, message) => Dispatch(message.Channel, message.Payload);
                if (options.Listen)
                    await connection.ExecuteAsync(new CommandDefinition(
                        $"LISTEN {DatasetWaiters.Channel}; LISTEN {RevocableCache.Channel}", cancellationToken: stopping));
                // Nothing was heard while no connection listened: forget remembered credentials and look at the waited-on datasets.
                credentials.EvictAll();
                datasets.EvictAll();
                await waiters.PollAsync(connection, stopping);
                reconnectDelay = FirstReconnectDelay;
                var nextPoll = clock.GetUtcNow() + options.SafetyPollInterval;
                while (true)
                {
                    var untilPoll = nextPoll - clock.GetUtcNow();
                    // Returns at each message (Dispatch has run) or when the poll is due.
                    if (untilPoll > TimeSpan.Zero) await connection.WaitAsync(untilPoll, stopping);
                    if (clock.GetUtcNow() < nextPoll) continue;
                    await waiters.PollAsync(connection, stopping);
                    credentials.Prune();
                    datasets.Prune();
                    nextPoll = clock.GetUtcNow() + options.SafetyPollInterval;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                logger.LogWarning("Change listener lost its database connection ({Message}); reconnecting in {Delay}", e.Message, reconnectDelay);
                try
                {
                    await Task.Delay(reconnectDelay, clock, stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                reconnectDelay = TimeSpan.FromTicks(Math.Min(reconnectDelay.Ticks * 2, options.MaxReconnectDelay.Ticks));
            }
        }
    }

    private void Dispatch(string channel, string payload)
    {
        switch (channel)
        {
            case DatasetWaiters.Channel:
                datasets.Received(payload);
                waiters.Received(payload);
                break;
            case RevocableCache.Channel:
                credentials.Evict(payload);
                break;
        }
    }
}
