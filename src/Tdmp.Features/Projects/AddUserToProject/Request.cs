using FastEndpoints;

namespace Tdmp.Features.Projects.AddUserToProject;

public sealed class AddUserToProjectRequest : Mediator.ICommand<MembershipResponse>
{
    [BindFrom("project_id")] public long ProjectId { get; init; }
    /// <summary>A user of the project's tenant.</summary>
    public long UserId { get; init; }
    /// <summary>Project role: <c>view</c> (see, download) or <c>edit</c> (also create constraint sets and datasets).</summary>
    public string Role { get; init; } = "";

    public sealed class Validator : Validator<AddUserToProjectRequest>
    {
        public Validator()
        {
            RuleFor(r => r.ProjectId).GreaterThan(0);
            RuleFor(r => r.UserId).GreaterThan(0);
            RuleFor(r => r.Role).Must(r => ProjectRoles.All.Contains(r)).WithMessage("Role must be view or edit.");
        }
    }
}

/// <summary>A membership: who belongs to which project with which project role.</summary>
public sealed record MembershipResponse(long ProjectId, long UserId, string Username, string Role, DateTime AddedAt);
