using FastEndpoints;

namespace Tdmp.Features.Projects.AddSchemaToProject;

public sealed class AddSchemaToProjectRequest : Mediator.ICommand<LinkedSchemaResponse>
{
    [BindFrom("project_id")] public long ProjectId { get; init; }
    /// <summary>A schema of the project's tenant.</summary>
    public long SchemaId { get; init; }

    public sealed class Validator : Validator<AddSchemaToProjectRequest>
    {
        public Validator()
        {
            RuleFor(r => r.ProjectId).GreaterThan(0);
            RuleFor(r => r.SchemaId).GreaterThan(0);
        }
    }
}

/// <summary>A schema linked to a project.</summary>
public sealed record LinkedSchemaResponse(long ProjectId, long SchemaId, string Name, string Type, DateTime LinkedAt);
