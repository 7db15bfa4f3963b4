using FastEndpoints;

namespace Tdmp.Features.Projects.RemoveUserFromProject;

public sealed class RemoveUserFromProjectRequest : Mediator.ICommand
{
    [BindFrom("project_id")] public long ProjectId { get; init; }
    /// <summary>A member of the project.</summary>
    public long UserId { get; init; }

    public sealed class Validator : Validator<RemoveUserFromProjectRequest>
    {
        public Validator()
        {
            RuleFor(r => r.ProjectId).GreaterThan(0);
            RuleFor(r => r.UserId).GreaterThan(0);
        }
    }
}
