using FastEndpoints;

namespace Tdmp.Features.Projects.CreateProject;

public sealed class CreateProjectEndpoint(IMediator mediator) : Endpoint<CreateProjectRequest, ProjectResponse>
{
    public override void Configure()
    {
        Post("/projects/create");
        Roles(TenantRoles.ManagerAndUp);
        Description(b => b.AcceptsIdempotencyKey().Produces<ProjectResponse>(201).ProducesProblemDetails(400).ProducesProblemDetails(401)
            .ProducesProblemDetails(403).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Create a project";
            s.Description = $"""
                Creates a project in the caller's tenant (a superuser's too); managers, admins and superusers may.
                The creator is recorded in `created_by`: a manager sees and manages the projects it created without being a member.
                The creator is not added as a member; add members with `POST /projects/{"{project_id}"}/add-user`.
                `name` is unique within the tenant regardless of case (`422` on `name` otherwise).
                `tags`: {ProjectRules.TagsRule}.
                `201` with the project and its `Location`. Audited as `project.created`.
                """;
            s.ExampleRequest = new CreateProjectRequest { Name = "checkout", Description = "Test data for the checkout service",
                Tags = ["payments", "team-a"] };
            s.ResponseExamples[201] = ProjectResponse.Example;
            s.Responses[201] = "The project was created.";
            s.Responses[403] = "Testers may not create projects.";
            s.Responses[422] = "Validation failed, or the name is taken in this tenant.";
        });
    }

    public override async Task HandleAsync(CreateProjectRequest req, CancellationToken ct)
    {
        var project = await mediator.Send(new CreateProjectCommand(req.Name, req.Description, req.Tags ?? []), ct);
        await Send.CreatedAtAsync<GetProject.GetProjectEndpoint>(new { project_id = project.ProjectId }, project, cancellation: ct);
    }
}
