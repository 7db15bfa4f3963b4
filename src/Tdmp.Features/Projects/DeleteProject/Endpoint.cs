using FastEndpoints;

namespace Tdmp.Features.Projects.DeleteProject;

public sealed class DeleteProjectEndpoint(IMediator mediator) : Endpoint<DeleteProjectRequest>
{
    public override void Configure()
    {
        Delete("/projects/{project_id}");
        Roles(TenantRoles.AdminAndUp);
        Description(b => b.ClearDefaultAccepts().Produces(204).ProducesProblemDetails(401).ProducesProblemDetails(403).ProducesProblemDetails(404)
            .ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Delete a project";
            s.Description = """
                Deletes the project with its memberships, schema links and datasets (with their files). The schemas themselves stay.
                Admins (own tenant) and superusers only: `403` for testers and managers, `404` when the project does not exist
                or is in another tenant. Audit rows and notifications about the project stay. Audited as `project.deleted`.
                """;
            s.Responses[204] = "The project was deleted.";
            s.Responses[403] = "Only admins and superusers may delete projects.";
            s.Responses[404] = "No such project, or the caller may not see it.";
            s.Responses[422] = "The project id is not a positive integer.";
        });
    }

    public override async Task HandleAsync(DeleteProjectRequest req, CancellationToken ct)
    {
        await mediator.Send(req, ct);
        await Send.NoContentAsync(ct);
    }
}
