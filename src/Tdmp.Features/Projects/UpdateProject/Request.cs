using FastEndpoints;

namespace Tdmp.Features.Projects.UpdateProject;

/// <summary>The fields to change; an absent (or null) field keeps its value.</summary>
public sealed class UpdateProjectRequest : Mediator.ICommand<ProjectResponse>
{
    [BindFrom("project_id")] public long ProjectId { get; init; }
    /// <summary>New name, unique within the tenant regardless of case.</summary>
    public string? Name { get; init; }
    /// <summary>New description; an empty string clears it.</summary>
    public string? Description { get; init; }
    /// <summary>The new complete list of tags; an empty list clears them.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    public sealed class Validator : Validator<UpdateProjectRequest>
    {
        public Validator()
        {
            RuleFor(r => r.ProjectId).GreaterThan(0);
            RuleFor(r => r.Name).Must(n => n is null || !string.IsNullOrWhiteSpace(n)).WithMessage("Name must not be empty.")
                .MaximumLength(ProjectRules.MaxNameLength);
            RuleFor(r => r.Description).MaximumLength(ProjectRules.MaxDescriptionLength);
            RuleFor(r => r.Tags).ValidTags();
        }
    }
}
