using System.Security.Cryptography;
using Tdmp.Generation.Schema;

namespace Tdmp.Features.Schemas.UploadSchema;

public sealed record UploadSchemaCommand(string Name, SchemaLanguage? Language, string? Description, string? FileName, byte[] Content,
    string? Main = null) : ICommand<SchemaResponse>;

public sealed class UploadSchemaHandler(UnitOfWork work, ICurrentUser caller, AuditTrail audit, SchemaReadLimits limits)
    : ICommandHandler<UploadSchemaCommand, SchemaResponse>
{
    private const string InsertSql = $"""
        INSERT INTO schemas AS s (tenant_id, name, type, description, file_name, content, size_bytes, sha256, roots, field_count, repr, created_by)
        VALUES (@tenant_id, @name, @type, @description, @file_name, @content, @size_bytes, @sha256, @roots, @field_count,
            CAST(@repr AS jsonb), @created_by)
        ON CONFLICT DO NOTHING
        RETURNING {SchemaResponse.Columns}
        """;

    public async ValueTask<SchemaResponse> Handle(UploadSchemaCommand command, CancellationToken ct)
    {
        if (command.Content.Length > limits.MaxBytes)
            throw new PayloadTooLargeException($"The schema is {command.Content.Length} bytes; the limit is {limits.MaxBytes} bytes.");

        SchemaRepr repr;
        try
        {
            repr = SchemaReader.Read(command.Content, command.Language, limits, main: command.Main);
        }
        catch (SchemaReadException e)
        {
            var where = e.Line is { } line ? $" (line {line}{(e.Column is { } column ? $", column {column}" : "")})" : "";
            throw new RuleViolationException(e is MainFileException ? "main" : command.FileName is null ? "content" : "file", e.Message + where);
        }

        var connection = await work.ConnectionAsync(ct);
        // A schema that forces more than the tenant's value bounds (minItems 2^31) is refused now, not at every dataset.
        var tooLarge = (await TenantLimits.LoadAsync(connection, null, caller.TenantId, ct)).Values.CheckSchema(repr);
        if (tooLarge.Count > 0)
            throw new RuleViolationException(command.FileName is null ? "content" : "file",
                string.Join(" ", tooLarge.Take(5).Select(t => t.Message)) + (tooLarge.Count > 5 ? $" ({tooLarge.Count - 5} more)" : ""));
        var (_, transaction) = await work.BeginAsync(ct);
        var schema = await connection.QuerySingleOrDefaultAsync<SchemaResponse>(new CommandDefinition(InsertSql, new
        {
            tenant_id = caller.TenantId,
            name = command.Name,
            type = SchemaReprs.TypeName(repr.Language),
            description = command.Description,
            file_name = command.FileName,
            content = command.Content,
            size_bytes = (long)command.Content.Length,
            sha256 = Convert.ToHexStringLower(SHA256.HashData(command.Content)),
            roots = repr.Roots.Select(r => r.Path).ToArray(),
            field_count = repr.AllNodes().Count(),
            repr = SchemaReprs.Serialize(repr),
            created_by = caller.UserId,
        }, transaction, cancellationToken: ct))
            ?? throw new RuleViolationException("name", $"A schema named '{command.Name}' already exists in this tenant.");
        audit.Record(new AuditEntry("schema.uploaded", "schema",
            schema.SchemaId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Details: new { schema.Name, schema.Type, schema.Sha256, schema.SizeBytes }));
        await DomainEvents.RaiseAsync(connection, transaction, caller.TenantId, EventNames.SchemaUploaded, new
        {
            schema_id = schema.SchemaId, name = schema.Name, type = schema.Type, size_bytes = schema.SizeBytes, sha256 = schema.Sha256,
        }, ct);
        return schema;
    }
}
