using System.Globalization;
using Tdmp.Features.Common.Auth;
using Tdmp.Features.Common.Mail;

namespace Tdmp.Features.Users.CreateUser;

public sealed record CreateUserCommand(string Username, string Email, TenantRole Role, string? FullName, string? Password, long? TenantId)
    : ICommand<CreatedUser>;

public sealed class CreateUserHandler(UnitOfWork work, ICurrentUser caller, PasswordHasher hasher, AuditTrail audit, TimeProvider clock,
    MailOutbox mail)
    : ICommandHandler<CreateUserCommand, CreatedUser>
{
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromHours(72);

    private const string TenantExistsSql = "SELECT EXISTS (SELECT 1 FROM tenants WHERE tenant_id = @tenant_id)";

    private const string InsertUserSql = """
        INSERT INTO users (tenant_id, username, email, full_name, role, password_hash)
        VALUES (@tenant_id, @username, @email, @full_name, @role, @password_hash)
        ON CONFLICT ((lower(username))) DO NOTHING
        RETURNING user_id
        """;

    private const string InsertInvitationSql = """
        INSERT INTO user_invitations (user_id, token_hash, expires_at, created_by)
        VALUES (@user_id, @token_hash, @expires_at, @created_by)
        """;

    public async ValueTask<CreatedUser> Handle(CreateUserCommand command, CancellationToken ct)
    {
        EnsureCallerMayGrant(command);
        var tenantId = command.TenantId ?? caller.TenantId;

        var (connection, transaction) = await work.BeginAsync(ct);
        if (command.TenantId is not null
            && !await connection.ExecuteScalarAsync<bool>(
                new CommandDefinition(TenantExistsSql, new { tenant_id = tenantId }, transaction, cancellationToken: ct)))
            throw new RuleViolationException("tenant_id", "No tenant has this id.");

        var userId = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(InsertUserSql, new
        {
            tenant_id = tenantId,
            username = command.Username,
            email = command.Email,
            full_name = string.IsNullOrWhiteSpace(command.FullName) ? null : command.FullName.Trim(),
            role = command.Role.Name(),
            password_hash = command.Password is null ? null : hasher.Hash(command.Password),
        }, transaction, cancellationToken: ct))
            ?? throw new RuleViolationException("username", "This username is taken.");

        string? token = null;
        DateTime? expiresAt = null;
        if (command.Password is null)
        {
            token = OneTimeTokens.New();
            expiresAt = (clock.GetUtcNow() + InvitationLifetime).UtcDateTime;
            await connection.ExecuteAsync(new CommandDefinition(InsertInvitationSql, new
            {
                user_id = userId,
                token_hash = OneTimeTokens.Hash(token),
                expires_at = expiresAt,
                created_by = caller.UserId,
            }, transaction, cancellationToken: ct));
            // Queued with the user, so the mail exists exactly when the invitation does; nothing is queued without mail configured.
            await mail.EnqueueAsync(connection, transaction, new OutgoingMail("invitation", command.Email, "You are invited to TDMP",
                $"""
                Hello{(string.IsNullOrWhiteSpace(command.FullName) ? "" : " " + command.FullName.Trim())},

                {caller.Username} invited you to TDMP, the Test Data Management Platform, as {command.Role.Name()} with the username {command.Username}.
                Choose your password here (the link works once, until {expiresAt:yyyy-MM-dd HH:mm} UTC):

                {mail.Link("/users/setup-password", ("token", token))}
                """, tenantId, userId), ct);
        }

        audit.Record(new AuditEntry(
            command.Password is null ? "user.invited" : "user.created", "user", userId.ToString(CultureInfo.InvariantCulture),
            Details: new { username = command.Username, role = command.Role.Name(), tenant_id = tenantId, invitation_expires_at = expiresAt },
            TenantId: tenantId));
        var view = await UserView.FindAsync(connection, transaction, caller, userId, ct)
            ?? throw new InvalidOperationException("The new user is not visible to its creator.");

        return new CreatedUser
        {
            UserId = view.UserId, TenantId = view.TenantId, Username = view.Username, Email = view.Email, FullName = view.FullName,
            Role = view.Role, IsActive = view.IsActive, TwoFactorEnabled = view.TwoFactorEnabled, InvitationPending = view.InvitationPending,
            HasAvatar = view.HasAvatar, CreatedAt = view.CreatedAt, UpdatedAt = view.UpdatedAt,
            InvitationToken = token, InvitationExpiresAt = expiresAt,
        };
    }

    /// <summary>API.md's role table: nobody grants more than they have.</summary>
    private void EnsureCallerMayGrant(CreateUserCommand command)
    {
        if (command.TenantId is not null && caller.Role != TenantRole.Superuser)
            throw new ForbiddenException(
                "Only a superuser may choose the tenant of a new user; leave tenant_id out to create the user in your own tenant.");
        switch (caller.Role)
        {
            case TenantRole.Manager when command.Role != TenantRole.Tester:
                throw new ForbiddenException("Managers may invite testers only.");
            case TenantRole.Manager when command.Password is not null:
                throw new ForbiddenException("Managers invite testers, who then choose their own password; leave password out.");
            case TenantRole.Admin when command.Role > TenantRole.Admin:
                throw new ForbiddenException("Admins may create users with roles up to admin.");
            case TenantRole.Tester:
                throw new ForbiddenException("Testers may not create users.");
        }
    }
}
