namespace Tdmp.Features.Integrations.GetIntegration;

public sealed record GetIntegrationQuery(long IntegrationId) : IQuery<IntegrationResponse>;

public sealed class GetIntegrationHandler(NpgsqlDataSource db, ICurrentUser caller) : IQueryHandler<GetIntegrationQuery, IntegrationResponse>
{
    public async ValueTask<IntegrationResponse> Handle(GetIntegrationQuery query, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await IntegrationRecord.RequireAsync(connection, null, caller, query.IntegrationId, ct)).ToResponse();
    }
}
