using System.Collections.Concurrent;

namespace Tdmp.Features.Common.Auth;

/// <summary>
/// This node's memory of credential checks ("is session X live, with which role?"), so that a request with a token
/// needs no database round trip, and the revocation channel that keeps every node's memory honest.
/// <para>
/// Revoking code calls <see cref="PublishAsync"/> in its transaction with the key of what it revoked (<see cref="SessionKey"/>,
/// <see cref="UserKey"/>, or a key of its own such as <c>token:42</c> for another kind of credential): this node forgets
/// the entry at once and, at commit, <c>NOTIFY tdmp_revocations</c> tells every node's listener (ChangeFeed), which
/// calls <see cref="Evict"/>. Should a message be lost (listener reconnecting), an entry is trusted for at most
/// <see cref="AuthOptions.CredentialCacheTtl"/> (0.5 s by default), so a revocation holds on every node within a second.
/// </para>
/// </summary>
public sealed class RevocableCache(AuthOptions options, TimeProvider clock)
{
    /// <summary>The PostgreSQL channel revocations are announced on; the payload is the revoked key.</summary>
    public const string Channel = "tdmp_revocations";

    private const string PublishSql = "SELECT pg_notify('" + Channel + "', @key)";

    /// <summary>An entry is found by its key and also evicted by its owner's key (all of a user's sessions go with <c>user:7</c>).</summary>
    private sealed record Entry(object? Value, string Owner, long LoadedAt);

    private readonly ConcurrentDictionary<string, Entry> entries = new();

    /// <summary>Counts evictions: a load that overlapped one may have read the state from before the revocation, so it is
    /// answered but not remembered.</summary>
    private long evictions;

    public static string SessionKey(Guid sessionId) => "session:" + sessionId.ToString("D");
    public static string UserKey(long userId) => "user:" + userId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The remembered answer for <paramref name="key"/> if younger than the TTL, else <paramref name="load"/>'s
    /// (null answers, "revoked", are remembered too).</summary>
    public async ValueTask<T?> GetOrLoadAsync<T>(string key, string owner, Func<Task<T?>> load)
    {
        var ttl = options.CredentialCacheTtl;
        if (ttl <= TimeSpan.Zero) return await load();
        if (entries.TryGetValue(key, out var entry) && clock.GetElapsedTime(entry.LoadedAt) < ttl) return (T?)entry.Value;
        var evictionsBefore = Interlocked.Read(ref evictions);
        var loadedAt = clock.GetTimestamp();
        var value = await load();
        if (Interlocked.Read(ref evictions) == evictionsBefore) entries[key] = new Entry(value, owner, loadedAt);
        return value;
    }

    /// <summary>Revokes <paramref name="key"/> on every node: forgotten here now, elsewhere when the transaction commits.</summary>
    public async Task PublishAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string key, CancellationToken ct)
    {
        Evict(key);
        await connection.ExecuteAsync(new CommandDefinition(PublishSql, new { key }, transaction, cancellationToken: ct));
    }

    /// <summary>Forgets the entry with this key and every entry this key owns.</summary>
    public void Evict(string key)
    {
        Interlocked.Increment(ref evictions);
        entries.TryRemove(key, out _);
        foreach (var (entryKey, entry) in entries)
            if (entry.Owner == key) entries.TryRemove(entryKey, out _);
    }

    /// <summary>Forgets everything: the listener reconnected and may have missed revocations.</summary>
    public void EvictAll()
    {
        Interlocked.Increment(ref evictions);
        entries.Clear();
    }

    /// <summary>Drops entries past their TTL, so the memory holds only recently used credentials.</summary>
    public void Prune()
    {
        var ttl = options.CredentialCacheTtl;
        foreach (var (key, entry) in entries)
            if (clock.GetElapsedTime(entry.LoadedAt) >= ttl) entries.TryRemove(key, out _);
    }
}
