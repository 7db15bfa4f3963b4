namespace Tdmp.Features.Schemas.GetSchema;

public sealed record GetSchemaQuery(long SchemaId, bool IncludeContent) : IQuery<SchemaResponse>;

public sealed class GetSchemaHandler(NpgsqlDataSource db, ICurrentUser caller) : IQueryHandler<GetSchemaQuery, SchemaResponse>
{
    private const string Sql = $"""
        SELECT {SchemaResponse.Columns}, s.content AS RawContent
        FROM schemas s
        WHERE s.schema_id = @schema_id AND {CallerScope.SchemaVisibleSql}
        """;

    private sealed record Row
    {
        public required SchemaResponse Schema { get; init; }
        public required byte[] Content { get; init; }
    }

    public async ValueTask<SchemaResponse> Handle(GetSchemaQuery query, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<SchemaResponse, byte[], Row>(new CommandDefinition(Sql,
                CallerScope.Parameters(caller, new { schema_id = query.SchemaId }), cancellationToken: ct),
            (schema, content) => new Row { Schema = schema, Content = content }, splitOn: "RawContent");
        var row = rows.SingleOrDefault() ?? throw new NotFoundException("Schema not found");
        if (!query.IncludeContent) return row.Schema;

        // A zip of several XSD files is not text; it comes back as base64.
        var isZip = row.Content.AsSpan().StartsWith("PK"u8);
        return row.Schema with
        {
            Content = isZip ? Convert.ToBase64String(row.Content) : System.Text.Encoding.UTF8.GetString(row.Content),
            ContentEncoding = isZip ? "base64" : "utf-8",
        };
    }
}
