using FastEndpoints;

namespace Tdmp.Features.Constraints.DeleteConstraintSet;

public sealed class DeleteConstraintSetRequest : Mediator.ICommand
{
    public long ConstraintSetId { get; init; }
}

public sealed class DeleteConstraintSetEndpoint(IMediator mediator) : Endpoint<DeleteConstraintSetRequest>
{
    public override void Configure()
    {
        Delete("/constraints/{constraint_set_id}");
        Roles(TenantRoles.Everyone);
        Description(b => b.ClearDefaultAccepts().Produces(204).ProducesProblemDetails(401).ProducesProblemDetails(403).ProducesProblemDetails(404)
            .ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Delete a constraint set";
            s.Description = "Deletes the set and all its versions. `422` while a dataset uses it (delete those datasets first). "
                + "Who may: as on create (managers and up; testers with `edit` in a project linked to the schema).";
        });
    }

    public override async Task HandleAsync(DeleteConstraintSetRequest req, CancellationToken ct)
    {
        await mediator.Send(req, ct);
        await Send.NoContentAsync(ct);
    }
}
