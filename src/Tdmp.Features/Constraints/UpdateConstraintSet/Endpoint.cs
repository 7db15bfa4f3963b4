using FastEndpoints;

namespace Tdmp.Features.Constraints.UpdateConstraintSet;

public sealed class UpdateConstraintSetEndpoint(IMediator mediator) : Endpoint<UpdateConstraintSetRequest, ConstraintSetResponse>
{
    public override void Configure()
    {
        Put("/constraints/{constraint_set_id}");
        Roles(TenantRoles.Everyone);
        Description(b => b.ProducesProblemDetails(400).ProducesProblemDetails(401).ProducesProblemDetails(403)
            .ProducesProblemDetails(404).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Replace a constraint set's rules";
            s.Description = "The rules are replaced and `version` goes up by one; datasets keep the version they were made with. "
                + "`name` and `description` change when given. The rules are checked as on create (`422` per rule). "
                + "Who may: as on create (managers and up; testers with `edit` in a project linked to the schema).";
            s.ExampleRequest = new UpdateConstraintSetRequest { ConstraintSetId = 5, Rules = [.. ConstraintSetResponse.ExampleRules] };
            s.ResponseExamples[200] = ConstraintSetResponse.Example with { Version = 2 };
        });
    }

    public override async Task HandleAsync(UpdateConstraintSetRequest req, CancellationToken ct)
        => await Send.OkAsync(await mediator.Send(req, ct), ct);
}
