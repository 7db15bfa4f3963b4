using FastEndpoints;

namespace Tdmp.Features.Schemas.ListSchemas;

public sealed class ListSchemasRequest : PageRequest
{
    /// <summary>Only schemas of this language: <c>xsd</c> or <c>json_schema</c>.</summary>
    [QueryParam] public string? Type { get; init; }
    /// <summary>Matches name or description, case-insensitive.</summary>
    [QueryParam] public string? Q { get; init; }

    public sealed class Validator : Validator<ListSchemasRequest>
    {
        public Validator()
        {
            Include(new PageRequestRules());
            RuleFor(r => r.Type).Must(t => t is null or "xsd" or "json_schema").WithMessage("Must be xsd or json_schema.");
        }
    }
}
