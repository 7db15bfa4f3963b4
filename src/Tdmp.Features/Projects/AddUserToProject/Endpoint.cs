using FastEndpoints;

namespace Tdmp.Features.Projects.AddUserToProject;

public sealed class AddUserToProjectEndpoint(IMediator mediator) : Endpoint<AddUserToProjectRequest, MembershipResponse>
{
    public override void Configure()
    {
        Post("/projects/{project_id}/add-user");
        Roles(TenantRoles.ManagerAndUp);
        Description(b => b.ProducesProblemDetails(400).ProducesProblemDetails(401).ProducesProblemDetails(403)
            .ProducesProblemDetails(404).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Add a member to a project, or change a member's role";
            s.Description = """
                Makes the user a member with the project role `view` (see the project, its schemas, constraint sets and
                datasets; download data) or `edit` (also create constraint sets and datasets, delete the datasets it created).
                A user who is already a member gets the new role (audited as `project.member_role_changed` with old and new role);
                otherwise the membership is new (audited as `project.member_added`) and the user is notified
                (`project.member_added`, as its notification settings say). `200` with the membership either way.
                The user must belong to the project's tenant: any other user id is `404`; a deactivated user is `422`.
                Who: the manager who created the project, admins of its tenant, superusers; `403` for others who see the
                project, `404` for those who do not.
                """;
            s.ExampleRequest = new AddUserToProjectRequest { ProjectId = 3, UserId = 12, Role = "edit" };
            s.ResponseExamples[200] = new MembershipResponse(3, 12, "alice", "edit", new DateTime(2026, 1, 6, 10, 35, 0, DateTimeKind.Utc));
            s.Responses[403] = "The caller sees the project but may not manage it.";
            s.Responses[404] = "No such project or user, or the caller may not see it.";
            s.Responses[422] = "Validation failed (role not view or edit), or the user is deactivated.";
        });
    }

    public override async Task HandleAsync(AddUserToProjectRequest req, CancellationToken ct)
        => await Send.OkAsync(await mediator.Send(req, ct), ct);
}
