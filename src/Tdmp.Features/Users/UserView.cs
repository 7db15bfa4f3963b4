using System.Text.Json.Serialization;

namespace Tdmp.Features.Users;

/// <summary>A user as the user endpoints return it. <c>email</c> is left out where the caller may not see it.</summary>
public record UserView
{
    public long UserId { get; init; }
    public long TenantId { get; init; }
    public string Username { get; init; } = "";
    /// <summary>Shown to admins and superusers, and to every user on their own row; left out otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Email { get; init; }
    public string? FullName { get; init; }
    public string Role { get; init; } = "";
    public bool IsActive { get; init; }
    public bool TwoFactorEnabled { get; init; }
    /// <summary>Invited and has not set a password yet.</summary>
    public bool InvitationPending { get; init; }
    /// <summary>Whether <c>GET /users/{user_id}/avatar</c> has a picture.</summary>
    public bool HasAvatar { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }

    /// <summary>
    /// The columns of <see cref="UserView"/> from <c>users u</c>. Parameters: <c>@caller_user_id</c> and <c>@show_email</c>
    /// (see <see cref="Visibility"/>).
    /// </summary>
    public const string SelectSql = """
        SELECT u.user_id AS UserId, u.tenant_id AS TenantId, u.username AS Username,
               CASE WHEN @show_email OR u.user_id = @caller_user_id THEN u.email END AS Email,
               u.full_name AS FullName, u.role AS Role, u.is_active AS IsActive,
               EXISTS (SELECT 1 FROM user_two_factor f WHERE f.user_id = u.user_id AND f.enabled_at IS NOT NULL) AS TwoFactorEnabled,
               (u.password_hash IS NULL AND u.deleted_at IS NULL) AS InvitationPending,
               EXISTS (SELECT 1 FROM user_avatars a WHERE a.user_id = u.user_id) AS HasAvatar,
               u.created_at AS CreatedAt, u.updated_at AS UpdatedAt
        FROM users u
        """;

    /// <summary>What the caller may see (<see cref="CallerScope"/>: its tenant, every tenant for a superuser);
    /// e-mail addresses for admins and superusers (<c>@show_email</c>).</summary>
    public static DynamicParameters Visibility(ICurrentUser caller)
    {
        var parameters = CallerScope.Parameters(caller);
        parameters.Add("show_email", caller.Role >= TenantRole.Admin);
        return parameters;
    }

    /// <summary>The tenant filter that goes with <see cref="Visibility"/>.</summary>
    public const string VisibleSql = "(@caller_role = 'superuser' OR u.tenant_id = @caller_tenant_id)";

    /// <summary>One user the caller may see, or null.</summary>
    public static Task<UserView?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, ICurrentUser caller, long userId,
        CancellationToken ct)
    {
        var parameters = Visibility(caller);
        parameters.Add("user_id", userId);
        return connection.QuerySingleOrDefaultAsync<UserView>(new CommandDefinition(
            SelectSql + " WHERE u.user_id = @user_id AND " + VisibleSql, parameters, transaction, cancellationToken: ct));
    }

    public static UserView Example => new()
    {
        UserId = 12, TenantId = 1, Username = "jdoe", Email = "jdoe@example.com", FullName = "Jane Doe", Role = "tester",
        IsActive = true, TwoFactorEnabled = false, InvitationPending = false, HasAvatar = true,
        CreatedAt = new DateTime(2026, 1, 6, 10, 30, 0, DateTimeKind.Utc), UpdatedAt = new DateTime(2026, 1, 6, 10, 30, 0, DateTimeKind.Utc),
    };
}
