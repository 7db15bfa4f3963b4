namespace Tdmp.Features.Tenants.ListTenants;

public sealed record ListTenantsQuery(int Limit, int Offset, string? Sort = null) : IQuery<TenantPage>;

public sealed record TenantPage(IReadOnlyList<TenantView> Tenants, long Total);

public sealed class ListTenantsHandler(NpgsqlDataSource db, ICurrentUser caller) : IQueryHandler<ListTenantsQuery, TenantPage>
{
    private const string FilterSql = "WHERE (@caller_role = 'superuser' OR t.tenant_id = @caller_tenant_id)";
    private const string PageSqlTemplate = TenantView.SelectSql + "\n" + FilterSql + "\n/*order_by*/ LIMIT @limit OFFSET @offset";
    private static readonly Dictionary<string, string> SortColumns = new()
        { ["created_at"] = "t.created_at", ["name"] = "lower(t.name)", ["tenant_id"] = "t.tenant_id" };
    private const string CountSql = "SELECT count(*) FROM tenants t " + FilterSql;

    public async ValueTask<TenantPage> Handle(ListTenantsQuery query, CancellationToken ct)
    {
        var parameters = CallerScope.Parameters(caller, new { limit = query.Limit, offset = query.Offset });
        await using var connection = await db.OpenConnectionAsync(ct);
        var tenants = (await connection.QueryAsync<TenantView>(new CommandDefinition(
            PageSqlTemplate.Replace("/*order_by*/", Sorting.OrderBy(query.Sort, "t.tenant_id", "t.tenant_id", SortColumns)),
            parameters, cancellationToken: ct))).ToList();
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, parameters, cancellationToken: ct));
        return new TenantPage(tenants, total);
    }
}
