using Tdmp.Features.Common.Auth;

namespace Tdmp.Features.Users.Logout;

public sealed record LogoutCommand : ICommand;

public sealed class LogoutHandler(NpgsqlDataSource db, ICurrentUser user, AuditTrail audit, Sessions sessions) : ICommandHandler<LogoutCommand>
{
    public async ValueTask<Unit> Handle(LogoutCommand command, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await sessions.RevokeAsync(connection, transaction, user.SessionId, ct);
        await audit.WriteAsync(connection, transaction, user,
            new AuditEntry("user.logout", "user", user.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Details: new { session_id = user.SessionId }), ct);
        await transaction.CommitAsync(ct);
        return Unit.Value;
    }
}
