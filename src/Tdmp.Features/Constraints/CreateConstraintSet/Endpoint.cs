using FastEndpoints;

namespace Tdmp.Features.Constraints.CreateConstraintSet;

public sealed class CreateConstraintSetEndpoint(IMediator mediator) : Endpoint<CreateConstraintSetRequest, ConstraintSetResponse>
{
    public override void Configure()
    {
        Post("/constraints");
        Roles(TenantRoles.Everyone);
        Description(b => b.AcceptsIdempotencyKey().Produces<ConstraintSetResponse>(201).ProducesProblemDetails(400).ProducesProblemDetails(401)
            .ProducesProblemDetails(403)
            .ProducesProblemDetails(404).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Create a constraint set";
            s.Description = """
                Rules narrow the schema (GENERATION.md §2); each names a `field` path of `GET /schemas/{schema_id}/repr`.
                Every rule is checked against the repr at once: unknown paths (with the nearest existing path suggested),
                keys that do not fit the field's kind, empty ranges, bounds outside the schema's own, values outside its enum,
                bad regexes, templates or references to missing fields, contradicting rules. All problems come back together as
                `422` with `errors["rules[i].<key>"]`. Version 1 is created; names are unique per tenant.
                Managers and up write constraint sets of any schema of their tenant; testers those of schemas linked to a
                project where they have the `edit` role (and then may change any set of that schema, as their team does).
                """;
            s.ExampleRequest = new CreateConstraintSetRequest
            {
                Name = "paid orders", SchemaId = 12, Description = "Mostly paid, small quantities", Rules = [.. ConstraintSetResponse.ExampleRules],
            };
            s.ResponseExamples[201] = ConstraintSetResponse.Example;
        });
    }

    public override async Task HandleAsync(CreateConstraintSetRequest req, CancellationToken ct)
    {
        var set = await mediator.Send(req, ct);
        await Send.CreatedAtAsync<GetConstraintSet.GetConstraintSetEndpoint>(new { constraint_set_id = set.ConstraintSetId }, set, cancellation: ct);
    }
}
