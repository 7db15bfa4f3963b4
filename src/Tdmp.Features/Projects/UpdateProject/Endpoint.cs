using FastEndpoints;

namespace Tdmp.Features.Projects.UpdateProject;

public sealed class UpdateProjectEndpoint(IMediator mediator) : Endpoint<UpdateProjectRequest, ProjectResponse>
{
    public override void Configure()
    {
        Put("/projects/{project_id}");
        Roles(TenantRoles.ManagerAndUp);
        Description(b => b.ProducesProblemDetails(400).ProducesProblemDetails(401).ProducesProblemDetails(403)
            .ProducesProblemDetails(404).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Update a project's name, description or tags";
            s.Description = $"""
                Changes only the fields sent: an absent or null field keeps its value, `description: ""` clears the description,
                `tags` replaces the whole list (`[]` clears it). `tags`: {ProjectRules.TagsRule}.
                Who: the manager who created the project, admins of its tenant, superusers. `403` for testers and for managers
                who see the project (as members) but did not create it; `404` when the caller may not see it.
                `422` on `name` when another project of the tenant has that name (regardless of case).
                Audited as `project.updated` with the changed fields, old and new.
                """;
            s.ExampleRequest = new UpdateProjectRequest { ProjectId = 3, Description = "Checkout and refunds", Tags = ["payments", "refunds"] };
            s.ResponseExamples[200] = ProjectResponse.Example with { Description = "Checkout and refunds", Tags = ["payments", "refunds"] };
            s.Responses[403] = "The caller sees the project but may not manage it.";
            s.Responses[404] = "No such project, or the caller may not see it.";
            s.Responses[422] = "Validation failed, or the name is taken in this tenant.";
        });
    }

    public override async Task HandleAsync(UpdateProjectRequest req, CancellationToken ct)
        => await Send.OkAsync(await mediator.Send(req, ct), ct);
}
