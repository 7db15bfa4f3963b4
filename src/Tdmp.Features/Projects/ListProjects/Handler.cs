namespace Tdmp.Features.Projects.ListProjects;

public sealed record ListProjectsQuery(string? Tag, string? Text, int Limit, int Offset, string? Sort = null) : IQuery<ProjectPage>;

public sealed record ProjectPage(IReadOnlyList<ProjectResponse> Items, long Total);

public sealed class ListProjectsHandler(NpgsqlDataSource db, ICurrentUser caller) : IQueryHandler<ListProjectsQuery, ProjectPage>
{
    private const string Filter = $"""
        WHERE {ProjectAccess.VisibleToCallerSql}
          AND (@tag::text IS NULL OR @tag::text = ANY (p.tags))
          AND (@pattern::text IS NULL OR p.name ILIKE @pattern::text OR p.description ILIKE @pattern::text)
        """;

    private const string CountSql = "SELECT count(*) FROM projects p " + Filter;

    private const string PageSqlTemplate = ProjectRules.SelectProjectSql + "\n" + Filter + """

        /*order_by*/
        LIMIT @limit OFFSET @offset
        """;

    private static readonly Dictionary<string, string> SortColumns = new()
        { ["name"] = "lower(p.name)", ["created_at"] = "p.created_at", ["updated_at"] = "p.updated_at", ["project_id"] = "p.project_id" };

    public async ValueTask<ProjectPage> Handle(ListProjectsQuery query, CancellationToken ct)
    {
        var parameters = CallerScope.Parameters(caller);
        parameters.Add("tag", string.IsNullOrWhiteSpace(query.Tag) ? null : query.Tag.Trim().ToLowerInvariant());
        parameters.Add("pattern", string.IsNullOrWhiteSpace(query.Text) ? null : "%" + EscapeLike(query.Text.Trim()) + "%");
        parameters.Add("limit", query.Limit);
        parameters.Add("offset", query.Offset);

        await using var connection = await db.OpenConnectionAsync(ct);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, parameters, cancellationToken: ct));
        var items = await connection.QueryAsync<ProjectResponse>(new CommandDefinition(
            PageSqlTemplate.Replace("/*order_by*/", Sorting.OrderBy(query.Sort, "lower(p.name), p.project_id", "p.project_id", SortColumns)),
            parameters, cancellationToken: ct));
        return new ProjectPage(items.ToList(), total);
    }

    /// <summary>The text is matched literally: % and _ are not wildcards for the caller.</summary>
    private static string EscapeLike(string text) => text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
}
