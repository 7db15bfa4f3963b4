namespace Tdmp.Features.Integrations.ListIntegrations;

public sealed record ListIntegrationsQuery(string? Provider, int Limit, int Offset) : IQuery<IntegrationPage>;

public sealed record IntegrationPage(IReadOnlyList<IntegrationResponse> Items, long Total);

public sealed class ListIntegrationsHandler(NpgsqlDataSource db, ICurrentUser user) : IQueryHandler<ListIntegrationsQuery, IntegrationPage>
{
    private const string Filter = "WHERE " + IntegrationRecord.VisibleToCallerSql + " AND (@provider::text IS NULL OR i.provider = @provider::text)";

    private const string CountSql = "SELECT count(*) FROM integrations i " + Filter;

    private const string PageSql = "SELECT " + IntegrationRecord.Columns + " FROM integrations i " + Filter
        + " ORDER BY i.tenant_id, lower(i.name), i.integration_id LIMIT @limit OFFSET @offset";

    public async ValueTask<IntegrationPage> Handle(ListIntegrationsQuery query, CancellationToken ct)
    {
        var parameters = CallerScope.Parameters(user, new { provider = query.Provider, limit = query.Limit, offset = query.Offset });
        await using var connection = await db.OpenConnectionAsync(ct);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, parameters, cancellationToken: ct));
        var rows = await connection.QueryAsync<IntegrationRecord>(new CommandDefinition(PageSql, parameters, cancellationToken: ct));
        return new IntegrationPage(rows.Select(r => r.ToResponse()).ToList(), total);
    }
}
