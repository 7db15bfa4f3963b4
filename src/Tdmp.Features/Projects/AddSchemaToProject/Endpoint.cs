using FastEndpoints;

namespace Tdmp.Features.Projects.AddSchemaToProject;

public sealed class AddSchemaToProjectEndpoint(IMediator mediator) : Endpoint<AddSchemaToProjectRequest, LinkedSchemaResponse>
{
    public override void Configure()
    {
        Post("/projects/{project_id}/add-schema");
        Roles(TenantRoles.ManagerAndUp);
        Description(b => b.ProducesProblemDetails(400).ProducesProblemDetails(401).ProducesProblemDetails(403)
            .ProducesProblemDetails(404).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Link a schema to a project";
            s.Description = """
                Links a schema of the project's tenant so datasets of the project can be generated from it. `200` with the link;
                linking an already linked schema changes nothing and answers the same. A schema id of another tenant is `404`.
                Who: the manager who created the project, admins of its tenant, superusers; `403` for others who see the
                project, `404` for those who do not. Audited as `project.schema_linked`.
                """;
            s.ExampleRequest = new AddSchemaToProjectRequest { ProjectId = 3, SchemaId = 5 };
            s.ResponseExamples[200] = new LinkedSchemaResponse(3, 5, "order", "json_schema", new DateTime(2026, 1, 6, 10, 40, 0, DateTimeKind.Utc));
            s.Responses[403] = "The caller sees the project but may not manage it.";
            s.Responses[404] = "No such project or schema, or the caller may not see it.";
        });
    }

    public override async Task HandleAsync(AddSchemaToProjectRequest req, CancellationToken ct)
        => await Send.OkAsync(await mediator.Send(req, ct), ct);
}
