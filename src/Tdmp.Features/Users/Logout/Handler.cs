using Tdmp.Features.Common.Auth;

namespace Tdmp.Features.Users.Logout;

public sealed record LogoutCommand : ICommand;

public sealed class LogoutHandler(UnitOfWork work, ICurrentUser caller, AuditTrail audit, Sessions sessions) : ICommandHandler<LogoutCommand>
{
    public async ValueTask<Unit> Handle(LogoutCommand command, CancellationToken ct)
    {
        var (connection, transaction) = await work.BeginAsync(ct);
        await sessions.RevokeAsync(connection, transaction, caller.SessionId, ct);
        audit.Record(new AuditEntry("user.logout", "user", caller.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Details: new { session_id = caller.SessionId }));
        return Unit.Value;
    }
}
