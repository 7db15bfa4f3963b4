using FastEndpoints;
using Tdmp.Generation.Engine;

namespace Tdmp.Features.Datasets.CreateDataset;

public sealed class CreateDatasetEndpoint(IMediator mediator) : Endpoint<CreateDatasetRequest, DatasetResponse>
{
    public override void Configure()
    {
        Post("/datasets/create");
        Roles(TenantRoles.Everyone);
        Description(b => b.AcceptsIdempotencyKey().Produces<DatasetResponse>(201).ProducesProblemDetails(400).ProducesProblemDetails(401)
            .ProducesProblemDetails(403)
            .ProducesProblemDetails(404).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Create a dataset (queued for generation)";
            s.Description = """
                Queues a dataset and starts generating it at once (a worker picks it up within a second). Everything knowable up
                front is checked here and refused with `422` and field errors: the schema must be linked to the project, the
                caller must be allowed to create in the project (testers: `edit` members; managers: members or creator), the
                constraint set must belong to the schema, `record_count` within the tenant's limit (default 10,000,000),
                `unique` fields need a large enough domain, and the schema with its rules must be satisfiable.
                `params.seed` is drawn and stored when absent: the same seed, schema, constraint set version, record count and
                engine version give byte-identical files. `params.reference_date` (`YYYY-MM-DD`, default the creation day, stored)
                is the day default date windows end at. Poll with `GET /datasets/{dataset_id}?wait=30`.
                """;
            s.ExampleRequest = new CreateDatasetRequest
            {
                Name = "orders for checkout tests", ProjectId = 3, SchemaId = 12, RecordCount = 1000, ConstraintSetId = 5,
                Types = ["json", "csv"], Params = new DatasetParams { Seed = 1234 },
            };
            s.ResponseExamples[201] = DatasetResponse.Example with
            {
                Status = DatasetStatus.Queued, Progress = 0, RecordsGenerated = 0, Files = [], StartedAt = null, CompletedAt = null,
            };
        });
    }

    public override async Task HandleAsync(CreateDatasetRequest req, CancellationToken ct)
    {
        var dataset = await mediator.Send(new CreateDatasetCommand(req.Name, req.ProjectId, req.SchemaId, req.RecordCount,
            req.ConstraintSetId, req.Types ?? ["json"], req.Params ?? new DatasetParams()), ct);
        await Send.CreatedAtAsync<GetDataset.GetDatasetEndpoint>(new { dataset_id = dataset.DatasetId }, dataset, cancellation: ct);
    }
}
