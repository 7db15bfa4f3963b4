namespace Tdmp.Features.Tenants.GetCurrentTenant;

public sealed record GetCurrentTenantQuery : IQuery<TenantView>;

public sealed class GetCurrentTenantHandler(NpgsqlDataSource db, ICurrentUser caller) : IQueryHandler<GetCurrentTenantQuery, TenantView>
{
    public async ValueTask<TenantView> Handle(GetCurrentTenantQuery query, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await TenantView.FindAsync(connection, null, caller.TenantId, ct) ?? throw new NotFoundException("Tenant not found");
    }
}
