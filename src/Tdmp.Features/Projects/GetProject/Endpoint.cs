using FastEndpoints;

namespace Tdmp.Features.Projects.GetProject;

public sealed class GetProjectEndpoint(IMediator mediator) : Endpoint<GetProjectRequest, ProjectDetailResponse>
{
    public override void Configure()
    {
        Get("/projects/{project_id}");
        Roles(TenantRoles.Everyone);
        Description(b => b.ProducesProblemDetails(401).ProducesProblemDetails(404).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Get a project with its members, schemas and latest datasets";
            s.Description = """
                The project with `members` (`[{user_id, username, role}]`, by username), linked `schemas`
                (`[{schema_id, name, type}]`, by name) and its latest 50 `datasets`, newest first.
                `404` when the project does not exist or the caller may not see it (not a member, another tenant).
                """;
            s.ResponseExamples[200] = new ProjectDetailResponse
            {
                ProjectId = 3, TenantId = 1, Name = "checkout", Description = "Test data for the checkout service",
                Tags = ["payments"], CreatedAt = new DateTime(2026, 1, 6, 10, 30, 0, DateTimeKind.Utc), CreatedBy = 7,
                UpdatedAt = new DateTime(2026, 1, 6, 10, 30, 0, DateTimeKind.Utc),
                Members = [new ProjectMember(12, "alice", "edit"), new ProjectMember(13, "ci-bot", "view")],
                Schemas = [new ProjectSchema(5, "order", "json_schema")],
                Datasets = [new ProjectDataset(41, "orders-10k", "completed", new DateTime(2026, 1, 7, 8, 0, 0, DateTimeKind.Utc))],
            };
            s.Responses[404] = "No such project, or the caller may not see it.";
            s.Responses[422] = "The project id is not a positive integer.";
        });
    }

    public override async Task HandleAsync(GetProjectRequest req, CancellationToken ct)
        => await Send.OkAsync(await mediator.Send(req, ct), ct);
}
