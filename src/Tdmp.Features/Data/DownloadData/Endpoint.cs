using FastEndpoints;
using Microsoft.Net.Http.Headers;

namespace Tdmp.Features.Data.DownloadData;

public sealed class DownloadDataEndpoint(IMediator mediator) : Endpoint<DownloadDataRequest>
{
    public override void Configure()
    {
        Get("/data/{dataset_id}");
        Roles(TenantRoles.Everyone);
        Description(b => b.Produces<byte[]>(200, "application/json", "application/x-ndjson", "text/csv", "application/xml", "application/sql",
            "application/gzip", "application/zip")
            .Produces(206).Produces(304).ProducesProblemDetails(401).ProducesProblemDetails(404).ProducesProblemDetails(416)
                .ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Download a dataset's file";
            s.Description = """
                Streams the file with its `Content-Type`, `Content-Disposition`, `Content-Length` and `ETag` (its sha256);
                supports `Range` (`206`) and `If-None-Match` (`304`). `format` defaults to the dataset's first type;
                `file_index` picks one file of a split dataset, and `part` one table of csv or sql output (a `part` named
                in the dataset's `files`: the main table or a child table). Without them, a format with several files
                (split output, or csv/sql child tables) comes as one zip. `Content-Type` is `application/json`,
                `application/x-ndjson`, `text/csv`, `application/xml`, `application/sql`, `application/gzip` or `application/zip`. `404` for a format
                the dataset was not
                generated in; `422` while the dataset is not completed (its status is in `detail`).
                """;
            s.ResponseExamples[200] = "[{\"order_id\": 1, \"status\": \"paid\"}]";
        });
    }

    public override async Task HandleAsync(DownloadDataRequest req, CancellationToken ct)
    {
        var download = await mediator.Send(new DownloadDataQuery(req.DatasetId, req.Format, req.FileIndex, req.Part), ct);
        var etag = new EntityTagHeaderValue($"\"{download.Sha256}\"");
        IResult result = download.File.PhysicalPath is { } path
            ? TypedResults.PhysicalFile(path, download.ContentType, download.FileName, download.LastModified, etag, enableRangeProcessing: true)
            : TypedResults.Stream(download.File.Content, download.ContentType, download.FileName, download.LastModified, etag,
                enableRangeProcessing: true);
        if (download.File.PhysicalPath is not null) await download.File.Content.DisposeAsync();
        await Send.ResultAsync(result);
    }
}
