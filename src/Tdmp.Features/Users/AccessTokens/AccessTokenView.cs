namespace Tdmp.Features.Users.AccessTokens;

/// <summary>A personal access token as listed: never its secret, which only the create answer shows.</summary>
public sealed record AccessTokenView
{
    public Guid TokenId { get; init; }
    public string Name { get; init; } = "";
    public long UserId { get; init; }
    public string Username { get; init; } = "";
    public DateTime CreatedAt { get; init; }
    public DateTime ExpiresAt { get; init; }
    public DateTime? LastUsedAt { get; init; }
    public DateTime? RevokedAt { get; init; }

    /// <summary>Columns of <see cref="AccessTokenView"/> over <c>sessions s JOIN users u</c>.</summary>
    public const string SelectSql = """
        SELECT s.session_id AS TokenId, s.name AS Name, u.user_id AS UserId, u.username AS Username, s.created_at AS CreatedAt,
               s.expires_at AS ExpiresAt, s.last_used_at AS LastUsedAt, s.revoked_at AS RevokedAt
        FROM sessions s
        JOIN users u ON u.user_id = s.user_id
        WHERE s.kind = 'access_token'
        """;

    public static readonly AccessTokenView Example = new()
    {
        TokenId = Guid.Parse("3f2b8c1e-9a4d-4e57-b0a1-6c2d8e9f0a11"), Name = "nightly CI", UserId = 7, Username = "ci-bot",
        CreatedAt = new DateTime(2026, 11, 2, 8, 0, 0, DateTimeKind.Utc), ExpiresAt = new DateTime(2027, 2, 1, 8, 0, 0, DateTimeKind.Utc),
        LastUsedAt = new DateTime(2026, 11, 28, 3, 14, 0, DateTimeKind.Utc),
    };
}
