using FastEndpoints;

namespace Tdmp.Features.Constraints.GetConstraintSet;

public sealed class GetConstraintSetRequest : Mediator.IQuery<ConstraintSetResponse>
{
    public long ConstraintSetId { get; init; }
}

public sealed class GetConstraintSetEndpoint(IMediator mediator) : Endpoint<GetConstraintSetRequest, ConstraintSetResponse>
{
    public override void Configure()
    {
        Get("/constraints/{constraint_set_id}");
        Roles(TenantRoles.Everyone);
        Description(b => b.ProducesProblemDetails(401).ProducesProblemDetails(404));
        Summary(s =>
        {
            s.Summary = "Get a constraint set";
            s.Description = "The set with the rules of its current version. Every user of the tenant sees its constraint sets.";
            s.ResponseExamples[200] = ConstraintSetResponse.Example;
        });
    }

    public override async Task HandleAsync(GetConstraintSetRequest req, CancellationToken ct)
        => await Send.OkAsync(await mediator.Send(req, ct), ct);
}
