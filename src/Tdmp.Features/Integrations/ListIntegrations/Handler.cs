namespace Tdmp.Features.Integrations.ListIntegrations;

public sealed record ListIntegrationsQuery(string? Provider, int Limit, int Offset, string? Sort = null) : IQuery<IntegrationPage>;

public sealed record IntegrationPage(IReadOnlyList<IntegrationResponse> Items, long Total);

public sealed class ListIntegrationsHandler(NpgsqlDataSource db, ICurrentUser caller) : IQueryHandler<ListIntegrationsQuery, IntegrationPage>
{
    private const string Filter = "WHERE " + IntegrationRecord.VisibleToCallerSql + " AND (@provider::text IS NULL OR i.provider = @provider::text)";

    private const string CountSql = "SELECT count(*) FROM integrations i " + Filter;

    private const string PageSqlTemplate = "SELECT " + IntegrationRecord.Columns + " FROM integrations i " + Filter
        + " /*order_by*/ LIMIT @limit OFFSET @offset";

    private static readonly Dictionary<string, string> SortColumns = new() { ["name"] = "lower(i.name)", ["provider"] = "i.provider",
        ["created_at"] = "i.created_at", ["updated_at"] = "i.updated_at", ["tenant_id"] = "i.tenant_id", ["integration_id"] = "i.integration_id" };

    public async ValueTask<IntegrationPage> Handle(ListIntegrationsQuery query, CancellationToken ct)
    {
        var parameters = CallerScope.Parameters(caller, new { provider = query.Provider, limit = query.Limit, offset = query.Offset });
        await using var connection = await db.OpenConnectionAsync(ct);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, parameters, cancellationToken: ct));
        var rows = await connection.QueryAsync<IntegrationRecord>(new CommandDefinition(
            PageSqlTemplate.Replace("/*order_by*/",
                Sorting.OrderBy(query.Sort, "i.tenant_id, lower(i.name), i.integration_id", "i.integration_id", SortColumns)),
            parameters, cancellationToken: ct));
        return new IntegrationPage(rows.Select(r => r.ToResponse()).ToList(), total);
    }
}
