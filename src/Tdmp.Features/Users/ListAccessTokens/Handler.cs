using Tdmp.Features.Users.AccessTokens;

namespace Tdmp.Features.Users.ListAccessTokens;

/// <summary>The caller's own tokens (<paramref name="OwnOnly"/>), or those of the caller's tenant (admins; every tenant for a superuser).</summary>
public sealed record ListAccessTokensQuery(bool OwnOnly, long? UserId, bool IncludeInactive) : IQuery<IReadOnlyList<AccessTokenView>>;

public sealed class ListAccessTokensHandler(NpgsqlDataSource db, ICurrentUser caller)
    : IQueryHandler<ListAccessTokensQuery, IReadOnlyList<AccessTokenView>>
{
    private const string ListSql = AccessTokenView.SelectSql + """

          AND (@caller_role = 'superuser' OR u.tenant_id = @caller_tenant_id)
          AND (NOT @own_only OR u.user_id = @caller_user_id)
          AND (@user_id::bigint IS NULL OR u.user_id = @user_id)
          AND (@include_inactive OR (s.revoked_at IS NULL AND s.expires_at > now()))
        ORDER BY s.created_at DESC
        """;

    public async ValueTask<IReadOnlyList<AccessTokenView>> Handle(ListAccessTokensQuery query, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<AccessTokenView>(new CommandDefinition(ListSql, CallerScope.Parameters(caller, new
        {
            own_only = query.OwnOnly, user_id = query.UserId, include_inactive = query.IncludeInactive,
        }), cancellationToken: ct));
        return rows.ToList();
    }
}
