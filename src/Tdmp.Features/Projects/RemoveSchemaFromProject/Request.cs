using FastEndpoints;

namespace Tdmp.Features.Projects.RemoveSchemaFromProject;

public sealed class RemoveSchemaFromProjectRequest : Mediator.ICommand
{
    [BindFrom("project_id")] public long ProjectId { get; init; }
    /// <summary>A schema linked to the project.</summary>
    public long SchemaId { get; init; }

    public sealed class Validator : Validator<RemoveSchemaFromProjectRequest>
    {
        public Validator()
        {
            RuleFor(r => r.ProjectId).GreaterThan(0);
            RuleFor(r => r.SchemaId).GreaterThan(0);
        }
    }
}
