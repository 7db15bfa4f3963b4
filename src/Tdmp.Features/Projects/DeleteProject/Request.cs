using FastEndpoints;

namespace Tdmp.Features.Projects.DeleteProject;

public sealed class DeleteProjectRequest : Mediator.ICommand
{
    [BindFrom("project_id")] public long ProjectId { get; init; }

    public sealed class Validator : Validator<DeleteProjectRequest>
    {
        public Validator() => RuleFor(r => r.ProjectId).GreaterThan(0);
    }
}
