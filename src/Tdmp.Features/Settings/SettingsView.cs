namespace Tdmp.Features.Settings;

/// <summary>The caller's own account settings.</summary>
public sealed record SettingsView
{
    public long UserId { get; init; }
    public string Username { get; init; } = "";
    public string Email { get; init; } = "";
    public string? FullName { get; init; }
    /// <summary>light, dark or system.</summary>
    public string Theme { get; init; } = "system";
    public bool TwoFactorEnabled { get; init; }
    /// <summary>Whether <c>GET /users/{user_id}/avatar</c> has a picture.</summary>
    public bool HasAvatar { get; init; }

    public static readonly string[] Themes = ["light", "dark", "system"];

    private const string FindSql = """
        SELECT u.user_id AS UserId, u.username AS Username, u.email AS Email, u.full_name AS FullName, u.theme AS Theme,
               EXISTS (SELECT 1 FROM user_two_factor f WHERE f.user_id = u.user_id AND f.enabled_at IS NOT NULL) AS TwoFactorEnabled,
               EXISTS (SELECT 1 FROM user_avatars a WHERE a.user_id = u.user_id) AS HasAvatar
        FROM users u
        WHERE u.user_id = @user_id
        """;

    public static async Task<SettingsView> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long userId, CancellationToken ct)
        => await connection.QuerySingleOrDefaultAsync<SettingsView>(
            new CommandDefinition(FindSql, new { user_id = userId }, transaction, cancellationToken: ct))
           ?? throw new NotFoundException("User not found");

    public static SettingsView Example => new()
    {
        UserId = 12, Username = "jdoe", Email = "jdoe@example.com", FullName = "Jane Doe", Theme = "dark", TwoFactorEnabled = true, HasAvatar = true,
    };
}
