using System.Globalization;
using Tdmp.Features.Common.Auth;

namespace Tdmp.Features.Settings.EnableTwoFactor;

public sealed class EnableTwoFactorHandler(UnitOfWork work, ICurrentUser caller, TwoFactor twoFactor, AuditTrail audit, AccountPassword password)
    : ICommandHandler<EnableTwoFactorRequest, EnableTwoFactorResponse>
{
    private const string StorePendingSql = """
        INSERT INTO user_two_factor (user_id, protected_secret) VALUES (@user_id, @protected_secret)
        ON CONFLICT (user_id) DO UPDATE
        SET protected_secret = EXCLUDED.protected_secret, enabled_at = NULL, last_used_step = NULL, created_at = now()
        """;

    private const string EnableSql = "UPDATE user_two_factor SET enabled_at = now() WHERE user_id = @user_id";

    public async ValueTask<EnableTwoFactorResponse> Handle(EnableTwoFactorRequest command, CancellationToken ct)
    {
        var (connection, transaction) = await work.BeginAsync(ct);
        var enrolment = await TwoFactor.FindAsync(connection, transaction, caller.UserId, ct);
        if (enrolment is { IsEnabled: true })
            throw new RuleViolationException("code", "Two-factor login is already on; turn it off with POST /settings/disable_2fa first.");
        var targetId = caller.UserId.ToString(CultureInfo.InvariantCulture);

        EnableTwoFactorResponse response;
        if (string.IsNullOrWhiteSpace(command.Code))
        {
            // A new secret every time, replacing a pending one that was never confirmed.
            var secret = TwoFactor.NewSecret();
            await connection.ExecuteAsync(new CommandDefinition(StorePendingSql,
                new { user_id = caller.UserId, protected_secret = twoFactor.Protect(secret) }, transaction, cancellationToken: ct));
            audit.Record(new AuditEntry("user.2fa_setup_started", "user", targetId));
            response = new EnableTwoFactorResponse { Secret = secret, OtpauthUri = TwoFactor.OtpauthUri(caller.Username, secret) };
        }
        else
        {
            await password.EnsureMatchesAsync(connection, transaction, command.Password ?? "", "password", ct);
            if (enrolment is null)
                throw new RuleViolationException("code", "There is no secret to confirm yet: call this endpoint without code first.");
            // The confirming code counts as used, so it cannot log in a second time.
            if (twoFactor.MatchingStep(twoFactor.Unprotect(enrolment.ProtectedSecret), command.Code) is not { } step
                || !await TwoFactor.TryConsumeStepAsync(connection, transaction, caller.UserId, step, ct))
                throw new RuleViolationException("code", "Invalid two-factor code: check the code and the clock of the device.");
            await connection.ExecuteAsync(new CommandDefinition(EnableSql, new { user_id = caller.UserId }, transaction, cancellationToken: ct));
            var codes = await TwoFactor.IssueRecoveryCodesAsync(connection, transaction, caller.UserId, ct);
            audit.Record(new AuditEntry("user.2fa_enabled", "user", targetId));
            response = new EnableTwoFactorResponse { TwoFactorEnabled = true, RecoveryCodes = codes };
        }
        return response;
    }
}
