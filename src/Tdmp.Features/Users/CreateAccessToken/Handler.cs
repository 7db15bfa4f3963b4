using System.Globalization;
using Tdmp.Features.Common.Auth;

namespace Tdmp.Features.Users.CreateAccessToken;

public sealed class CreateAccessTokenHandler(UnitOfWork work, ICurrentUser caller, AuditTrail audit)
    : ICommandHandler<CreateAccessTokenRequest, CreateAccessTokenResponse>
{
    private const string InsertSql = """
        INSERT INTO sessions (session_id, user_id, kind, name, token_hash, expires_at, client_ip)
        VALUES (@session_id, @user_id, 'access_token', @name, @token_hash, now() + make_interval(days => @days), @client_ip)
        RETURNING created_at, expires_at
        """;

    public async ValueTask<CreateAccessTokenResponse> Handle(CreateAccessTokenRequest command, CancellationToken ct)
    {
        // 256 random bits behind a fixed prefix: the prefix lets secret scanners spot a leaked token, the rest cannot be guessed.
        var token = Sessions.AccessTokenPrefix + OneTimeTokens.New();
        var tokenId = Guid.NewGuid();
        var (connection, transaction) = await work.BeginAsync(ct);
        var (createdAt, expiresAt) = await connection.QuerySingleAsync<(DateTime, DateTime)>(new CommandDefinition(InsertSql, new
        {
            session_id = tokenId, user_id = caller.UserId, name = command.Name.Trim(), token_hash = OneTimeTokens.Hash(token),
            days = command.ExpiresInDays, client_ip = caller.ClientIp,
        }, transaction, cancellationToken: ct));
        audit.Record(new AuditEntry("access_token.created", "user",
            caller.UserId.ToString(CultureInfo.InvariantCulture),
            Details: new { token_id = tokenId, name = command.Name.Trim(), expires_at = expiresAt }));
        return new CreateAccessTokenResponse(tokenId, command.Name.Trim(), token, createdAt, expiresAt);
    }
}
