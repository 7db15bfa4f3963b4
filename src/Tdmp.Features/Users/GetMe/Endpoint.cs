using FastEndpoints;

namespace Tdmp.Features.Users.GetMe;

public sealed class GetMeEndpoint(IMediator mediator, ICurrentUser caller) : EndpointWithoutRequest<MeResponse>
{
    public override void Configure()
    {
        Get("/users/me");
        Roles(TenantRoles.Everyone);
        Description(b => b.ProducesProblemDetails(401));
        Summary(s =>
        {
            s.Summary = "Who am I";
            s.Description = "The caller's account, tenant role and project memberships (`projects`: the projects it is a member of, "
                + "with its project role `view` or `edit`).";
            s.ResponseExamples[200] = new MeResponse
            {
                Id = 7, UserId = 7, Username = "ci-bot", Email = "ci@example.com", FullName = "CI pipeline",
                Role = "tester", TenantId = 1, Projects = [new MyProject(3, "checkout", "edit")],
            };
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
        => await Send.OkAsync(await mediator.Send(new GetMeQuery(caller.UserId), ct), ct);
}
