using System.Text;
using FastEndpoints;
using Tdmp.Generation.Schema;

namespace Tdmp.Features.Schemas.UploadSchema;

public sealed class UploadSchemaEndpoint(IMediator mediator) : Endpoint<UploadSchemaRequest, SchemaResponse>
{
    public override void Configure()
    {
        Post("/schemas");
        Roles(TenantRoles.ManagerAndUp);
        AllowFileUploads();
        Description(b => b.AcceptsIdempotencyKey().Accepts<UploadSchemaRequest>("multipart/form-data", "application/json")
            .Produces<SchemaResponse>(201)
            .ProducesProblemDetails(401).ProducesProblemDetails(403).ProducesProblemDetails(413).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Upload an XSD or JSON Schema";
            s.Description = """
                Either `multipart/form-data` with `file`, `name`, optional `type`, `description` and `main`, or JSON
                `{name, type, content, description}`. Several XSD files that import or include each other go up as one
                `.zip`; their `schemaLocation`s resolve only inside the zip. Several JSON Schema files that `$ref` each
                other by relative path go up as one `.zip` too (the main schema is the file no other refers to, or the
                one `main` names by its path in the zip, where files refer to each other in a cycle); in an XSD zip, `main`
                names the file whose global elements are the documents (several versions of one namespace side by side);
                `$ref`s to the official meta-schemas resolve from copies inside the service. `type` is sniffed from the
                content when absent (a zip of `.json` files is a JSON Schema).
                The file is parsed safely (no DTDs, no external entities, no network or disk access, bounded size, depth and
                element count): one that does not parse or compile is `422` with the parser's message and line/column.
                Larger than 16 MiB (`Schemas__MaxBytes`) is `413`; a zip may hold 1,000 files whose sizes add up to at most that.
                Names are unique per tenant (case-insensitive). Managers and up upload.
                """;
            s.ExampleRequest = new UploadSchemaRequest
            {
                Name = "order", Type = "json_schema", Description = "Orders of the web shop",
                Content = """{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "properties": """
                    + """{"id": {"type": "integer"}}}""",
            };
            s.ResponseExamples[201] = SchemaResponse.Example;
        });
    }

    public override async Task HandleAsync(UploadSchemaRequest req, CancellationToken ct)
    {
        byte[] content;
        if (req.File is { } file)
        {
            await using var stream = file.OpenReadStream();
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, ct);
            content = buffer.ToArray();
        }
        else content = Encoding.UTF8.GetBytes(req.Content!);

        var language = req.Type switch
        {
            "xsd" => SchemaLanguage.Xsd,
            "json_schema" => SchemaLanguage.JsonSchema,
            _ => (SchemaLanguage?)null,
        };
        var schema = await mediator.Send(new UploadSchemaCommand(req.Name, language, req.Description, req.File?.FileName, content, req.Main), ct);
        await Send.CreatedAtAsync<GetSchema.GetSchemaEndpoint>(new { schema_id = schema.SchemaId }, schema, cancellation: ct);
    }
}
