using FastEndpoints;

namespace Tdmp.Features.Projects.GetProject;

public sealed class GetProjectRequest : Mediator.IQuery<ProjectDetailResponse>
{
    [BindFrom("project_id")] public long ProjectId { get; init; }

    public sealed class Validator : Validator<GetProjectRequest>
    {
        public Validator() => RuleFor(r => r.ProjectId).GreaterThan(0);
    }
}
