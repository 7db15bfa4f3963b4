using FastEndpoints;

namespace Tdmp.Features.Schemas.UploadSchema;

/// <summary>A schema upload: multipart <c>file</c> or JSON <c>content</c>.</summary>
public sealed class UploadSchemaRequest
{
    public string Name { get; init; } = "";
    /// <summary><c>xsd</c> or <c>json_schema</c>; sniffed from the content when absent.</summary>
    public string? Type { get; init; }
    public string? Description { get; init; }
    /// <summary>The schema text, for JSON uploads.</summary>
    public string? Content { get; init; }
    /// <summary>The schema file (or a zip of XSD or JSON Schema files), for multipart uploads.</summary>
    public IFormFile? File { get; init; }
    /// <summary>A zip: the path in the zip of the main file. JSON Schema: needed only where no single file is the one no
    /// other file refers to (files that refer to each other in a cycle, or several document types). XSD: the file whose
    /// global elements are the documents (a tree holding several versions of one namespace). Ignored for a single file.</summary>
    public string? Main { get; init; }

    public sealed class Validator : Validator<UploadSchemaRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Type).Must(t => t is null or "xsd" or "json_schema").WithMessage("Must be xsd or json_schema.");
            RuleFor(r => r.Description).MaximumLength(2000);
            RuleFor(r => r.Main).MaximumLength(500);
            RuleFor(r => r).Must(r => (r.File is null) != (r.Content is null))
                .WithName("file").WithMessage("Send the schema either as a multipart 'file' or as JSON 'content', not both or neither.");
        }
    }
}
