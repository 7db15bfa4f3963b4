using System.Globalization;
using Tdmp.Features.Common.Auth;

namespace Tdmp.Features.Users.UpdateUser;

public sealed record UpdateUserCommand(long UserId, TenantRole? Role, bool? IsActive, string? FullName) : ICommand<UserView>;

public sealed class UpdateUserHandler(UnitOfWork work, ICurrentUser caller, AuditTrail audit, Notifier notifier, Sessions sessions)
    : ICommandHandler<UpdateUserCommand, UserView>
{
    private const string FindSql = """
        SELECT u.user_id, u.tenant_id, u.role, u.is_active, u.full_name, u.deleted_at IS NOT NULL AS deleted
        FROM users u
        WHERE u.user_id = @user_id AND (@caller_role = 'superuser' OR u.tenant_id = @caller_tenant_id)
        """;

    private const string UpdateSql = """
        UPDATE users SET role = @role, is_active = @is_active, full_name = @full_name, updated_at = now()
        WHERE user_id = @user_id
        """;

    private sealed record Target(long user_id, long tenant_id, string role, bool is_active, string? full_name, bool deleted);

    public async ValueTask<UserView> Handle(UpdateUserCommand command, CancellationToken ct)
    {
        var (connection, transaction) = await work.BeginAsync(ct);
        var target = await connection.QuerySingleOrDefaultAsync<Target>(new CommandDefinition(FindSql,

                CallerScope.Parameters(caller, new { user_id = command.UserId }), transaction, cancellationToken: ct))
                    ?? throw new NotFoundException("User not found");

        var oldRole = TenantRoles.Parse(target.role);
        var newRole = command.Role ?? oldRole;
        if (oldRole > caller.Role)
            throw new ForbiddenException("You may not change a user whose role is above yours.");
        if (newRole > caller.Role)
            throw new ForbiddenException($"You may grant roles up to {caller.Role.Name()}.");
        if (command.IsActive == true && target.deleted)
            throw new RuleViolationException("is_active", "A deleted account cannot be reactivated.");

        var fullName = command.FullName is null ? target.full_name : command.FullName.Trim() is { Length: > 0 } name ? name : null;
        var isActive = command.IsActive ?? target.is_active;
        var roleChanged = newRole != oldRole;
        var deactivated = target.is_active && !isActive;
        var reactivated = !target.is_active && isActive;
        var nameChanged = fullName != target.full_name;

        if (target.is_active && (deactivated || newRole < oldRole))
            await TenantAdmins.EnsureAnotherRemainsAsync(connection, transaction, target.tenant_id, target.user_id, oldRole,
                deactivated ? null : newRole, deactivated ? "is_active" : "role", ct);

        if (roleChanged || deactivated || reactivated || nameChanged)
        {
            await connection.ExecuteAsync(new CommandDefinition(UpdateSql, new
            {
                user_id = target.user_id, role = newRole.Name(), is_active = isActive, full_name = fullName,
            }, transaction, cancellationToken: ct));
            // Older tokens carry the old role or belong to a deactivated user: they must fail at once, not at expiry.
            if (roleChanged || deactivated)
                await sessions.RevokeAllAsync(connection, transaction, target.user_id, keep: null, ct);

            var targetId = target.user_id.ToString(CultureInfo.InvariantCulture);
            if (roleChanged)
            {
                audit.Record(new AuditEntry("user.role_changed", "user", targetId,
                    Details: new { old_role = oldRole.Name(), new_role = newRole.Name() },
                        TenantId: target.tenant_id));
                await notifier.NotifyAsync(connection, transaction, new Notification(target.user_id, EventNames.UserRoleChanged,
                    $"Your role is now {newRole.Name()}", $"It was {oldRole.Name()}. Log in again to use it."), ct);
            }
            if (deactivated)
                audit.Record(new AuditEntry("user.deactivated", "user", targetId, TenantId: target.tenant_id));
            if (reactivated || nameChanged)
                audit.Record(new AuditEntry("user.updated", "user", targetId, Details: new
                {
                    fields = new[] { reactivated ? "is_active" : null, nameChanged ? "full_name" : null }.OfType<string>().ToArray(),
                    is_active = isActive,
                }, TenantId: target.tenant_id));
        }

        var view = await UserView.FindAsync(connection, transaction, caller, target.user_id, ct)
            ?? throw new NotFoundException("User not found");
        return view;
    }
}
