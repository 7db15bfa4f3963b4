namespace Tdmp.Features.Schemas.GetSchemaRepr;

/// <summary>The stored repr JSON of a schema.</summary>
public sealed class GetSchemaReprHandler(NpgsqlDataSource db, ICurrentUser caller) : IQueryHandler<GetSchemaReprRequest, string>
{
    public async ValueTask<string> Handle(GetSchemaReprRequest query, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await SchemaReprs.LoadJsonAsync(connection, caller, query.SchemaId, ct);
    }
}
