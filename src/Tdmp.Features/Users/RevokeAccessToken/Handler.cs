using System.Globalization;
using Tdmp.Features.Common.Auth;

namespace Tdmp.Features.Users.RevokeAccessToken;

/// <summary>Revokes one access token: the caller's own (<paramref name="OwnOnly"/>), or any of the caller's tenant (admins).</summary>
public sealed record RevokeAccessTokenCommand(Guid TokenId, bool OwnOnly) : ICommand;

public sealed class RevokeAccessTokenHandler(UnitOfWork work, ICurrentUser caller, AuditTrail audit, Sessions sessions)
    : ICommandHandler<RevokeAccessTokenCommand>
{
    private const string FindSql = """
        SELECT u.user_id, u.tenant_id, s.name
        FROM sessions s
        JOIN users u ON u.user_id = s.user_id
        WHERE s.session_id = @token_id AND s.kind = 'access_token'
          AND (@caller_role = 'superuser' OR u.tenant_id = @caller_tenant_id)
          AND (NOT @own_only OR u.user_id = @caller_user_id)
        """;

    public async ValueTask<Unit> Handle(RevokeAccessTokenCommand command, CancellationToken ct)
    {
        var (connection, transaction) = await work.BeginAsync(ct);
        var token = await connection.QuerySingleOrDefaultAsync<(long user_id, long tenant_id, string name)?>(new CommandDefinition(FindSql,
            CallerScope.Parameters(caller, new { token_id = command.TokenId, own_only = command.OwnOnly }), transaction, cancellationToken: ct))
            ?? throw new NotFoundException("Access token not found");
        // The one way a session ends (an access token is one), so that every node learns of it as of a logout.
        // Revoking twice is not an error: the token is revoked either way, and a retried DELETE answers the same.
        await sessions.RevokeAsync(connection, transaction, command.TokenId, ct);
        audit.Record(new AuditEntry("access_token.revoked", "user",
            token.user_id.ToString(CultureInfo.InvariantCulture), Details: new { token_id = command.TokenId, token.name },
                TenantId: token.tenant_id));
        return Unit.Value;
    }
}
