namespace Tdmp.Features.Integrations.GetIntegration;

public sealed class GetIntegrationHandler(NpgsqlDataSource db, ICurrentUser caller) : IQueryHandler<GetIntegrationRequest, IntegrationResponse>
{
    public async ValueTask<IntegrationResponse> Handle(GetIntegrationRequest query, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await IntegrationRecord.RequireAsync(connection, null, caller, query.IntegrationId, ct)).ToResponse();
    }
}
