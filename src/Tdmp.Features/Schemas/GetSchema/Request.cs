using FastEndpoints;

namespace Tdmp.Features.Schemas.GetSchema;

public sealed class GetSchemaRequest
{
    public long SchemaId { get; init; }
    /// <summary><c>content</c> adds the uploaded text.</summary>
    [QueryParam] public string? Include { get; init; }

    public sealed class Validator : Validator<GetSchemaRequest>
    {
        public Validator() => RuleFor(r => r.Include).Must(i => i is null or "content").WithMessage("The only value is 'content'.");
    }
}
