using FastEndpoints;

namespace Tdmp.Features.Projects.ListProjects;

public sealed class ListProjectsRequest : PageRequest
{
    /// <summary>Only projects carrying this tag (case-insensitive).</summary>
    [QueryParam] public string? Tag { get; init; }
    /// <summary>Only projects whose name or description contains this text (case-insensitive).</summary>
    [QueryParam] public string? Q { get; init; }

    public sealed class Validator : Validator<ListProjectsRequest>
    {
        public Validator()
        {
            Include(new PageRequestRules());
            RuleFor(r => r.Tag).MaximumLength(ProjectRules.MaxTagLength);
            RuleFor(r => r.Q).MaximumLength(200);
        }
    }
}
