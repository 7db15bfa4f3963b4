namespace Tdmp.Features.Users.GetAvatar;

/// <summary>A stored profile picture with the media type found from its magic bytes.</summary>
public sealed record Avatar(string ContentType, byte[] Content, DateTime UpdatedAt);

public sealed class GetAvatarHandler(NpgsqlDataSource db, ICurrentUser caller) : IQueryHandler<GetAvatarRequest, Avatar>
{
    private const string AvatarSql = """
        SELECT a.content_type AS ContentType, a.content AS Content, a.updated_at AS UpdatedAt
        FROM user_avatars a
        JOIN users u ON u.user_id = a.user_id
        WHERE a.user_id = @user_id AND (@caller_role = 'superuser' OR u.tenant_id = @caller_tenant_id)
        """;

    public async ValueTask<Avatar> Handle(GetAvatarRequest query, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Avatar>(new CommandDefinition(AvatarSql,

                CallerScope.Parameters(caller, new { user_id = query.UserId }), cancellationToken: ct))
                    ?? throw new NotFoundException("User or avatar not found");
    }
}
