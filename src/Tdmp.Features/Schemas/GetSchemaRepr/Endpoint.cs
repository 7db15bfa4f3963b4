using FastEndpoints;
using Tdmp.Generation.Schema;

namespace Tdmp.Features.Schemas.GetSchemaRepr;

public sealed class GetSchemaReprRequest : Mediator.IQuery<string>
{
    public long SchemaId { get; init; }
}

public sealed class GetSchemaReprEndpoint(IMediator mediator) : Endpoint<GetSchemaReprRequest, SchemaRepr>
{
    public override void Configure()
    {
        Get("/schemas/{schema_id}/repr");
        Roles(TenantRoles.Everyone);
        Description(b => b.ProducesProblemDetails(401).ProducesProblemDetails(404));
        Summary(s =>
        {
            s.Summary = "The schema as a tree of fields";
            s.Description = """
                The repr (GENERATION.md §1): nodes with `path` (`customer.email`, `items[].unit_price`, `Invoice[].Line[].@lineNo`),
                `kind`, and the facts the schema states (bounds, lengths, patterns, enums, occurrences, ...). Constraint rules
                refer to these paths. Facts the schema does not state are left out.
                """;
            s.ResponseExamples[200] = new SchemaRepr
            {
                Language = SchemaLanguage.JsonSchema, Dialect = "2020-12",
                Roots = [new SchemaNode { Name = "order", Path = "", Kind = NodeKind.Object, Children =
                    [new SchemaNode { Name = "order_id", Path = "order_id", Kind = NodeKind.Integer, Required = true, Minimum = 1 }] }],
            };
        });
    }

    // The repr is stored as JSON already; it is sent as it is rather than parsed and written again.
    public override async Task HandleAsync(GetSchemaReprRequest req, CancellationToken ct)
        => await Send.StringAsync(await mediator.Send(req, ct), contentType: "application/json", cancellation: ct);
}
