using System.Globalization;
using Tdmp.Features.Common.Auth;

namespace Tdmp.Features.Settings.DisableTwoFactor;

public sealed class DisableTwoFactorHandler(UnitOfWork work, ICurrentUser caller, AccountPassword accountPassword, TwoFactor twoFactor,
    AuditTrail audit)
    : ICommandHandler<DisableTwoFactorRequest>
{
    private const string RemoveSql = """
        DELETE FROM user_recovery_codes WHERE user_id = @user_id;
        DELETE FROM user_two_factor WHERE user_id = @user_id;
        """;

    public async ValueTask<Unit> Handle(DisableTwoFactorRequest command, CancellationToken ct)
    {
        var (connection, transaction) = await work.BeginAsync(ct);
        var enrolment = await TwoFactor.FindAsync(connection, transaction, caller.UserId, ct);
        if (enrolment is not { IsEnabled: true })
            throw new RuleViolationException("code", "Two-factor login is not on.");
        await accountPassword.EnsureMatchesAsync(connection, transaction, command.Password, "password", ct);
        if (!await twoFactor.TryAcceptAsync(connection, transaction, enrolment, command.Code, ct))
            throw new RuleViolationException("code", "Invalid two-factor code: it is wrong, expired or was already used.");

        await connection.ExecuteAsync(new CommandDefinition(RemoveSql, new { user_id = caller.UserId }, transaction, cancellationToken: ct));
        audit.Record(new AuditEntry("user.2fa_disabled", "user", caller.UserId.ToString(CultureInfo.InvariantCulture)));
        return Unit.Value;
    }
}
