using FastEndpoints;

namespace Tdmp.Features.Datasets.ExportToS3;

public sealed class ExportToS3Endpoint(IMediator mediator) : Endpoint<ExportToS3Request, DatasetExport>
{
    public override void Configure()
    {
        Post("/datasets/{dataset_id}/export-s3");
        Roles(TenantRoles.Everyone);
        Description(b => b.AcceptsIdempotencyKey().Produces<DatasetExport>(202).ProducesProblemDetails(400).ProducesProblemDetails(401)
            .ProducesProblemDetails(403)
            .ProducesProblemDetails(404).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Export a dataset's files to S3";
            s.Description = """
                Queues an export of a `completed` dataset to an `s3` integration of the dataset's tenant and answers `202` with the
                export (`status: queued`); its progress is listed in the dataset's `exports` (GET /datasets/{dataset_id}).
                A background job uploads every file of the chosen `types` (default: all) to
                `<prefix>/dataset-<dataset_id>/<file name>` (large files in parts), reads each object back and compares its
                sha256 with the dataset's; the export is `completed` when all match, else `failed` with the reason in `error`.
                `prefix` defaults to the integration's `prefix`. Exporting again overwrites the same keys, so a re-run is
                idempotent. The requester is notified (`export.completed` / `export.failed`).

                Who: whoever may create datasets in the dataset's project (`edit` members, the project's managers, admins,
                superusers); integrations themselves are managed by admins. `404` when the caller may not see the dataset,
                `403` when it sees it but may not edit in its project; `422` when the dataset is not completed, the integration is
                not an s3 integration of the dataset's tenant, or a type was not generated. Audited as `dataset.exported`.
                """;
            s.ExampleRequest = new ExportToS3Request { DatasetId = 42, IntegrationId = 4, Prefix = "ci/nightly", Types = ["json"] };
            s.ResponseExamples[202] = DatasetExport.Example;
            s.Responses[202] = "The export was queued.";
            s.Responses[403] = "The caller may see the dataset but not create in its project.";
            s.Responses[404] = "No such dataset, or the caller may not see it.";
            s.Responses[422] = "The dataset is not completed, the integration is not usable, or a type was not generated.";
        });
    }

    public override async Task HandleAsync(ExportToS3Request req, CancellationToken ct)
        => await Send.ResponseAsync(await mediator.Send(req, ct), 202, ct);
}
