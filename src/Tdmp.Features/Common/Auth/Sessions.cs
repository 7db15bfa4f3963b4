namespace Tdmp.Features.Common.Auth;

/// <summary>The sessions behind the tokens: a token is accepted only while its session is live. A login (JWT) and a
/// personal access token (<c>tdmp_pat_...</c>) are both sessions, so one check and one revocation serve both. Each node
/// remembers a login's answer briefly (<see cref="RevocableCache"/>); revoking publishes on the revocation channel, so a
/// revoked session is refused on every node at once. Access tokens are looked up by their hash on every request.</summary>
public sealed class Sessions(NpgsqlDataSource db, RevocableCache cache)
{
    /// <summary>What every personal access token starts with, so that secret scanners recognise a leaked one.</summary>
    public const string AccessTokenPrefix = "tdmp_pat_";

    /// <summary>The live access token with this hash and its owner as the claims need them; marks it used (at most
    /// once a minute, so that a busy CI job does not write a row per request).</summary>
    private const string AccessTokenSql = """
        WITH token AS (
            SELECT s.session_id, u.user_id, u.tenant_id, u.username, u.role
            FROM sessions s
            JOIN users u ON u.user_id = s.user_id
            WHERE s.token_hash = @token_hash AND s.kind = 'access_token'
              AND s.revoked_at IS NULL AND s.expires_at > now() AND u.is_active
        ), used AS (
            UPDATE sessions SET last_used_at = now()
            WHERE session_id = (SELECT session_id FROM token) AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
        )
        SELECT session_id AS SessionId, user_id AS UserId, tenant_id AS TenantId, username AS Username, role AS Role FROM token
        """;

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
          AND (kind = 'login' OR NOT @logins_only)
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

    /// <summary>Ends every session of the user except <paramref name="keep"/>, access tokens included (role change,
    /// deactivation, deletion).</summary>
    public async Task RevokeAllAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long userId, Guid? keep, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(RevokeAllSql,
            new { user_id = userId, keep_session_id = keep, logins_only = false }, transaction, cancellationToken: ct));
        await cache.PublishAsync(connection, transaction, RevocableCache.UserKey(userId), ct);
    }

    /// <summary>Ends every login session of the user except <paramref name="keep"/> (password change): access tokens
    /// stay, because CI jobs hold them and they never knew the password.</summary>
    public async Task RevokeOtherLoginsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long userId, Guid? keep,
        CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(RevokeAllSql,
            new { user_id = userId, keep_session_id = keep, logins_only = true }, transaction, cancellationToken: ct));
        await cache.PublishAsync(connection, transaction, RevocableCache.UserKey(userId), ct);
    }

    /// <summary>The owner of a live personal access token, or null (unknown, expired, revoked, or its user deactivated).
    /// Not remembered: one indexed query, and a revoked token is refused from the next request on.</summary>
    public async Task<AccessTokenOwner?> AccessTokenOwnerAsync(string token, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<AccessTokenOwner?>(new CommandDefinition(AccessTokenSql,
            new { token_hash = OneTimeTokens.Hash(token) }, cancellationToken: ct));
    }
}

/// <summary>Who a personal access token acts for: the same claims a login token carries, read fresh from the database.</summary>
public sealed record AccessTokenOwner(Guid SessionId, long UserId, long TenantId, string Username, string Role);
