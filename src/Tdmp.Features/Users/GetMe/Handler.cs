namespace Tdmp.Features.Users.GetMe;

public sealed record GetMeQuery(long UserId) : IQuery<MeResponse>;

/// <summary>A project the caller belongs to, with the caller's membership role.</summary>
public sealed record MyProject(long ProjectId, string Name, string Role);

public sealed record MeResponse
{
    /// <summary>The same as <see cref="UserId"/>; the overview documents both.</summary>
    public long Id { get; init; }
    public long UserId { get; init; }
    public string Username { get; init; } = "";
    public string Email { get; init; } = "";
    public string? FullName { get; init; }
    public string Role { get; init; } = "";
    public long TenantId { get; init; }
    public IReadOnlyList<MyProject> Projects { get; init; } = [];
    public bool TwoFactorEnabled { get; init; }
}

public sealed class GetMeHandler(NpgsqlDataSource db) : IQueryHandler<GetMeQuery, MeResponse>
{
    private const string MeSql = """
        SELECT u.user_id AS Id, u.user_id AS UserId, u.username AS Username, u.email AS Email,
               u.full_name AS FullName, u.role AS Role, u.tenant_id AS TenantId,
               EXISTS (SELECT 1 FROM user_two_factor f WHERE f.user_id = u.user_id AND f.enabled_at IS NOT NULL) AS TwoFactorEnabled
        FROM users u
        WHERE u.user_id = @user_id
        """;

    private const string MembershipsSql = """
        SELECT p.project_id AS ProjectId, p.name AS Name, m.role AS Role
        FROM project_members m
        JOIN projects p ON p.project_id = m.project_id
        WHERE m.user_id = @user_id
        ORDER BY lower(p.name)
        """;

    public async ValueTask<MeResponse> Handle(GetMeQuery query, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var me = await connection.QuerySingleOrDefaultAsync<MeResponse>(
                     new CommandDefinition(MeSql, new { user_id = query.UserId }, cancellationToken: ct))
                 ?? throw new NotFoundException("User not found");
        var projects = await connection.QueryAsync<MyProject>(
            new CommandDefinition(MembershipsSql, new { user_id = query.UserId }, cancellationToken: ct));
        return me with { Projects = projects.ToList() };
    }
}
