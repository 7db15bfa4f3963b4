using FastEndpoints;

namespace Tdmp.Features.Projects.CreateProject;

public sealed class CreateProjectRequest
{
    /// <summary>Unique within the tenant, regardless of case; 1..100 characters.</summary>
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    /// <summary>Short labels to filter by (GET /projects?tag=): at most 20, each 1..32 of a-z 0-9 _ . -</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    public sealed class Validator : Validator<CreateProjectRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Name must not be empty.")
                .MaximumLength(ProjectRules.MaxNameLength);
            RuleFor(r => r.Description).MaximumLength(ProjectRules.MaxDescriptionLength);
            RuleFor(r => r.Tags).ValidTags();
        }
    }
}
