namespace Tdmp.Features.Tenants.GetTenant;

public sealed class GetTenantHandler(NpgsqlDataSource db) : IQueryHandler<GetTenantRequest, TenantView>
{
    // Only superusers reach this handler (the endpoint's roles), and they see every tenant.
    public async ValueTask<TenantView> Handle(GetTenantRequest query, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await TenantView.FindAsync(connection, null, query.TenantId, ct) ?? throw new NotFoundException("Tenant not found");
    }
}
