namespace Tdmp.Features.Notifications.ListNotifications;

public sealed record ListNotificationsQuery(bool UnreadOnly, int Limit, int Offset) : IQuery<NotificationPage>;

public sealed record NotificationPage(IReadOnlyList<NotificationResponse> Items, long Total);

public sealed class ListNotificationsHandler(NpgsqlDataSource db, ICurrentUser user) : IQueryHandler<ListNotificationsQuery, NotificationPage>
{
    private const string Filter = "WHERE n.user_id = @user_id AND (NOT @unread_only OR n.read_at IS NULL)";
    private const string CountSql = "SELECT count(*) FROM notifications n " + Filter;
    private const string PageSql = "SELECT " + NotificationResponse.Columns + "\nFROM notifications n " + Filter
        + "\nORDER BY n.notification_id DESC LIMIT @limit OFFSET @offset";

    public async ValueTask<NotificationPage> Handle(ListNotificationsQuery query, CancellationToken ct)
    {
        var args = new { user_id = user.UserId, unread_only = query.UnreadOnly, limit = query.Limit, offset = query.Offset };
        await using var connection = await db.OpenConnectionAsync(ct);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, args, cancellationToken: ct));
        var items = await connection.QueryAsync<NotificationResponse>(new CommandDefinition(PageSql, args, cancellationToken: ct));
        return new NotificationPage(items.ToList(), total);
    }
}
