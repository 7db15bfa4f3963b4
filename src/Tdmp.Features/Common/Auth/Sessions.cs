namespace Tdmp.Features.Common.Auth;

/// <summary>The login sessions behind the tokens: a token is accepted only while its session is live. Each node
/// remembers the answer briefly (<see cref="RevocableCache"/>); revoking publishes on the revocation channel, so a
/// revoked session is refused on every node at once.</summary>
public sealed class Sessions(NpgsqlDataSource db, RevocableCache cache)
{
    private const string IsLiveSql = """
        SELECT u.role AS Role, u.tenant_id AS TenantId
        FROM sessions s
        JOIN users u ON u.user_id = s.user_id
        WHERE s.session_id = @session_id AND s.user_id = @user_id
          AND s.revoked_at IS NULL AND s.expires_at > now() AND u.is_active
        """;

    private const string RevokeOneSql = "UPDATE sessions SET revoked_at = now() WHERE session_id = @session_id AND revoked_at IS NULL";

    private const string RevokeAllSql = """
        UPDATE sessions SET revoked_at = now()
        WHERE user_id = @user_id AND revoked_at IS NULL AND session_id IS DISTINCT FROM @keep_session_id
        """;

    /// <summary>The user's current role when the session is live and the user belongs to <paramref name="tenantId"/> (the
    /// token's <c>tid</c>: a token re-signed with another tenant finds nothing), else null. A token whose role differs
    /// from the user's current one is refused by the caller, so role changes take effect at once.</summary>
    public async ValueTask<string?> LiveRoleAsync(Guid sessionId, long userId, long tenantId, CancellationToken ct)
    {
        var live = await cache.GetOrLoadAsync(RevocableCache.SessionKey(sessionId), RevocableCache.UserKey(userId), async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            return await connection.QuerySingleOrDefaultAsync<LiveSession>(new CommandDefinition(IsLiveSql,
                new { session_id = sessionId, user_id = userId }, cancellationToken: ct));
        });
        // The session binds the tenant: a token re-signed with another tid is refused, cached answer or not.
        return live is not null && live.TenantId == tenantId ? live.Role : null;
    }

    private sealed record LiveSession(string Role, long TenantId);

    public async Task RevokeAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid sessionId, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(RevokeOneSql, new { session_id = sessionId }, transaction, cancellationToken: ct));
        await cache.PublishAsync(connection, transaction, RevocableCache.SessionKey(sessionId), ct);
    }

    /// <summary>Ends every session of the user except <paramref name="keep"/> (password or role change, deactivation).</summary>
    public async Task RevokeAllAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long userId, Guid? keep, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(RevokeAllSql, new { user_id = userId, keep_session_id = keep }, transaction, cancellationToken: ct));
        await cache.PublishAsync(connection, transaction, RevocableCache.UserKey(userId), ct);
    }
}
