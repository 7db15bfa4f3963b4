using FastEndpoints;

namespace Tdmp.Features.Schemas.GetSchema;

public sealed class GetSchemaEndpoint(IMediator mediator) : Endpoint<GetSchemaRequest, SchemaResponse>
{
    public override void Configure()
    {
        Get("/schemas/{schema_id}");
        Roles(TenantRoles.Everyone);
        Description(b => b.ProducesProblemDetails(401).ProducesProblemDetails(404).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Get a schema";
            s.Description = "Every user of the tenant sees its schemas. `?include=content` adds the uploaded text (`content_encoding` `utf-8`, "
                + "or `base64` for a zip).";
            s.ResponseExamples[200] = SchemaResponse.Example;
        });
    }

    public override async Task HandleAsync(GetSchemaRequest req, CancellationToken ct)
        => await Send.OkAsync(await mediator.Send(new GetSchemaQuery(req.SchemaId, req.Include == "content"), ct), ct);
}
