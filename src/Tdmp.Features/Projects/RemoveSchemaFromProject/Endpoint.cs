using FastEndpoints;

namespace Tdmp.Features.Projects.RemoveSchemaFromProject;

public sealed class RemoveSchemaFromProjectEndpoint(IMediator mediator) : Endpoint<RemoveSchemaFromProjectRequest>
{
    public override void Configure()
    {
        Post("/projects/{project_id}/remove-schema");
        Roles(TenantRoles.ManagerAndUp);
        Description(b => b.Produces(204).ProducesProblemDetails(400).ProducesProblemDetails(401).ProducesProblemDetails(403)
            .ProducesProblemDetails(404).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Unlink a schema from a project";
            s.Description = """
                Removes the link: `204`. The schema itself stays, and datasets already generated from it keep it; new datasets
                of the project can no longer use it. A schema that is not linked to the project is `404`.
                Who: the manager who created the project, admins of its tenant, superusers; `403` for others who see the
                project, `404` for those who do not. Audited as `project.schema_unlinked`.
                """;
            s.ExampleRequest = new RemoveSchemaFromProjectRequest { ProjectId = 3, SchemaId = 5 };
            s.Responses[204] = "The schema was unlinked.";
            s.Responses[403] = "The caller sees the project but may not manage it.";
            s.Responses[404] = "No such project or link, or the caller may not see the project.";
        });
    }

    public override async Task HandleAsync(RemoveSchemaFromProjectRequest req, CancellationToken ct)
    {
        await mediator.Send(req, ct);
        await Send.NoContentAsync(ct);
    }
}
