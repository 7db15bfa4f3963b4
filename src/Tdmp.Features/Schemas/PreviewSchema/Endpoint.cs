using FastEndpoints;

namespace Tdmp.Features.Schemas.PreviewSchema;

public sealed class PreviewSchemaEndpoint(IMediator mediator) : Endpoint<PreviewSchemaRequest>
{
    public const string SeedHeader = "X-Tdmp-Seed";

    public override void Configure()
    {
        Post("/schemas/{schema_id}/preview");
        Roles(TenantRoles.Everyone);
        Description(b => b.Produces<byte[]>(200, "application/json", "application/xml").ProducesProblemDetails(400)
            .ProducesProblemDetails(401).ProducesProblemDetails(404).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Preview a few records";
            s.Description = """
                Generates `count` (1 to 100) records at once, without a dataset: exactly the first `count` records that a
                dataset of this schema (and constraint set, `root_path`, `max_depth`) with this `seed` would contain, as the dataset's `json`
                file (a JSON array) or its `xml` file. Without `seed` one is drawn; the seed used is in the `X-Tdmp-Seed`
                header, so that a preview you like can become a dataset with `params.seed`. Rules that cannot be satisfied are
                `422`, as for a dataset. Any role that sees the schema may preview it.
                """;
            s.ExampleRequest = new PreviewSchemaRequest { SchemaId = 12, ConstraintSetId = 5, Count = 3, Seed = 1234, Format = "json" };
        });
    }

    public override async Task HandleAsync(PreviewSchemaRequest req, CancellationToken ct)
    {
        var preview = await mediator.Send(new PreviewSchemaQuery(req.SchemaId, req.ConstraintSetId, req.Count, req.Seed, req.RootPath, req.MaxDepth,
            req.ReferenceDate, req.Format ?? "json"), ct);
        HttpContext.Response.Headers[SeedHeader] = preview.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Send.BytesAsync(preview.Content, contentType: preview.ContentType, cancellation: ct);
    }
}
