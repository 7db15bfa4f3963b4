namespace Tdmp.Features.Notifications.GetUnreadCount;

public sealed record GetUnreadCountQuery : IQuery<UnreadCountResponse>;

public sealed record UnreadCountResponse(long Count);

public sealed class GetUnreadCountHandler(NpgsqlDataSource db, ICurrentUser caller) : IQueryHandler<GetUnreadCountQuery, UnreadCountResponse>
{
    private const string CountSql = "SELECT count(*) FROM notifications WHERE user_id = @user_id AND read_at IS NULL";

    public async ValueTask<UnreadCountResponse> Handle(GetUnreadCountQuery query, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return new UnreadCountResponse(await connection.ExecuteScalarAsync<long>(
            new CommandDefinition(CountSql, new { user_id = caller.UserId }, cancellationToken: ct)));
    }
}
