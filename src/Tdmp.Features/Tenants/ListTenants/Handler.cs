namespace Tdmp.Features.Tenants.ListTenants;

public sealed record ListTenantsQuery(int Limit, int Offset) : IQuery<TenantPage>;

public sealed record TenantPage(IReadOnlyList<TenantView> Tenants, long Total);

public sealed class ListTenantsHandler(NpgsqlDataSource db, ICurrentUser caller) : IQueryHandler<ListTenantsQuery, TenantPage>
{
    private const string FilterSql = "WHERE (@caller_role = 'superuser' OR t.tenant_id = @caller_tenant_id)";
    private const string PageSql = TenantView.SelectSql + "\n" + FilterSql + "\nORDER BY t.tenant_id LIMIT @limit OFFSET @offset";
    private const string CountSql = "SELECT count(*) FROM tenants t " + FilterSql;

    public async ValueTask<TenantPage> Handle(ListTenantsQuery query, CancellationToken ct)
    {
        var parameters = CallerScope.Parameters(caller, new { limit = query.Limit, offset = query.Offset });
        await using var connection = await db.OpenConnectionAsync(ct);
        var tenants = (await connection.QueryAsync<TenantView>(new CommandDefinition(PageSql, parameters, cancellationToken: ct))).ToList();
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, parameters, cancellationToken: ct));
        return new TenantPage(tenants, total);
    }
}
