using FastEndpoints;

namespace Tdmp.Features.Schemas.DeleteSchema;

public sealed class DeleteSchemaRequest : Mediator.ICommand
{
    public long SchemaId { get; init; }
}

public sealed class DeleteSchemaEndpoint(IMediator mediator) : Endpoint<DeleteSchemaRequest>
{
    public override void Configure()
    {
        Delete("/schemas/{schema_id}");
        Roles(TenantRoles.ManagerAndUp);
        Description(b => b.ClearDefaultAccepts().Produces(204).ProducesProblemDetails(401).ProducesProblemDetails(403).ProducesProblemDetails(404)
            .ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Delete a schema";
            s.Description = "Managers and up. `422` while a dataset or constraint set uses it; links to projects are removed with it.";
        });
    }

    public override async Task HandleAsync(DeleteSchemaRequest req, CancellationToken ct)
    {
        await mediator.Send(req, ct);
        await Send.NoContentAsync(ct);
    }
}
