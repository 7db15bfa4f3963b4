using FastEndpoints;

namespace Tdmp.Features.Projects.RemoveUserFromProject;

public sealed class RemoveUserFromProjectEndpoint(IMediator mediator) : Endpoint<RemoveUserFromProjectRequest>
{
    public override void Configure()
    {
        Post("/projects/{project_id}/remove-user");
        Roles(TenantRoles.ManagerAndUp);
        Description(b => b.Produces(204).ProducesProblemDetails(400).ProducesProblemDetails(401).ProducesProblemDetails(403)
            .ProducesProblemDetails(404).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Remove a member from a project";
            s.Description = """
                Ends the user's membership: `204`. A user who is not a member (including users of other tenants) is `404`.
                Removing the last member is allowed: the creating manager, admins and superusers still reach the project.
                Who: the manager who created the project, admins of its tenant, superusers; `403` for others who see the
                project, `404` for those who do not. Audited as `project.member_removed`.
                """;
            s.ExampleRequest = new RemoveUserFromProjectRequest { ProjectId = 3, UserId = 12 };
            s.Responses[204] = "The membership ended.";
            s.Responses[403] = "The caller sees the project but may not manage it.";
            s.Responses[404] = "No such project or member, or the caller may not see the project.";
        });
    }

    public override async Task HandleAsync(RemoveUserFromProjectRequest req, CancellationToken ct)
    {
        await mediator.Send(req, ct);
        await Send.NoContentAsync(ct);
    }
}
