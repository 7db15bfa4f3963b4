namespace Tdmp.Features.Users.ListUsers;

public sealed record ListUsersQuery(string? Q, string? Role, bool? IsActive, long? TenantId, int Limit, int Offset, string? Sort = null)
    : IQuery<UserPage>;

public sealed record UserPage(IReadOnlyList<UserView> Users, long Total);

public sealed class ListUsersHandler(NpgsqlDataSource db, ICurrentUser caller) : IQueryHandler<ListUsersQuery, UserPage>
{
    // Without the right to see e-mail addresses, q does not match them either: a search must not reveal what a row hides.
    private const string FilterSql = """
        WHERE (@caller_role = 'superuser' OR u.tenant_id = @caller_tenant_id)
          AND (CAST(@tenant_id AS bigint) IS NULL OR u.tenant_id = @tenant_id)
          AND (CAST(@role AS text) IS NULL OR u.role = @role)
          AND (CAST(@is_active AS boolean) IS NULL OR u.is_active = @is_active)
          AND (CAST(@pattern AS text) IS NULL
               OR u.username ILIKE @pattern OR u.full_name ILIKE @pattern OR (@show_email AND u.email ILIKE @pattern))
        """;

    private const string PageSqlTemplate = UserView.SelectSql + "\n" + FilterSql + "\n/*order_by*/ LIMIT @limit OFFSET @offset";
    private static readonly Dictionary<string, string> SortColumns = new()
        { ["created_at"] = "u.created_at", ["username"] = "lower(u.username)", ["role"] = "u.role", ["user_id"] = "u.user_id" };

    private const string CountSql = "SELECT count(*) FROM users u\n" + FilterSql;

    public async ValueTask<UserPage> Handle(ListUsersQuery query, CancellationToken ct)
    {
        var parameters = UserView.Visibility(caller);
        parameters.Add("tenant_id", query.TenantId);
        parameters.Add("role", query.Role);
        parameters.Add("is_active", query.IsActive);
        parameters.Add("pattern", string.IsNullOrWhiteSpace(query.Q) ? null : "%" + EscapeLike(query.Q.Trim()) + "%");
        parameters.Add("limit", query.Limit);
        parameters.Add("offset", query.Offset);

        await using var connection = await db.OpenConnectionAsync(ct);
        var users = (await connection.QueryAsync<UserView>(new CommandDefinition(
            PageSqlTemplate.Replace("/*order_by*/", Sorting.OrderBy(query.Sort, "u.user_id", "u.user_id", SortColumns)),
            parameters, cancellationToken: ct))).ToList();
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, parameters, cancellationToken: ct));
        return new UserPage(users, total);
    }

    private static string EscapeLike(string text)
        => text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal);
}
