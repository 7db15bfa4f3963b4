namespace Tdmp.Features.Notifications.ListNotifications;

public sealed record ListNotificationsQuery(bool UnreadOnly, int Limit, int Offset, string? Sort = null) : IQuery<NotificationPage>;

public sealed record NotificationPage(IReadOnlyList<NotificationResponse> Items, long Total);

public sealed class ListNotificationsHandler(NpgsqlDataSource db, ICurrentUser caller) : IQueryHandler<ListNotificationsQuery, NotificationPage>
{
    private const string Filter = "WHERE n.user_id = @user_id AND (NOT @unread_only OR n.read_at IS NULL)";
    private const string CountSql = "SELECT count(*) FROM notifications n " + Filter;
    private const string PageSqlTemplate = "SELECT " + NotificationResponse.Columns + "\nFROM notifications n " + Filter
        + "\n/*order_by*/ LIMIT @limit OFFSET @offset";
    private static readonly Dictionary<string, string> SortColumns = new()
        { ["created_at"] = "n.created_at", ["notification_id"] = "n.notification_id" };

    public async ValueTask<NotificationPage> Handle(ListNotificationsQuery query, CancellationToken ct)
    {
        var args = new { user_id = caller.UserId, unread_only = query.UnreadOnly, limit = query.Limit, offset = query.Offset };
        await using var connection = await db.OpenConnectionAsync(ct);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, args, cancellationToken: ct));
        var items = await connection.QueryAsync<NotificationResponse>(new CommandDefinition(
            PageSqlTemplate.Replace("/*order_by*/", Sorting.OrderBy(query.Sort, "n.notification_id DESC", "n.notification_id", SortColumns)),
            args, cancellationToken: ct));
        return new NotificationPage(items.ToList(), total);
    }
}
