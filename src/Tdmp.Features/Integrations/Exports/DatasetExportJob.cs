using System.Diagnostics;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using EventNames = Tdmp.Features.Common.EventNames;
using Microsoft.Extensions.Logging;
using Quartz;
using Tdmp.Features.Common.Storage;
using Tdmp.Features.Integrations.Outbound;
using Tdmp.Features.Integrations.S3;

namespace Tdmp.Features.Integrations.Exports;

/// <summary>
/// Runs queued S3 exports (<c>dataset_exports</c>): claims one at a time with <c>FOR UPDATE SKIP LOCKED</c> and a lease (an export
/// whose node died is taken over when the lease lapses), uploads each file (multipart from
/// <see cref="IntegrationOptions.MultipartThresholdBytes"/>), reads every object back to compare its sha256, and records
/// the outcome and notifies the requester in one transaction.
/// </summary>
[DisallowConcurrentExecution]
public sealed class DatasetExportJob(NpgsqlDataSource db, IFileStorage storage, IntegrationSecrets secrets, OutboundHttp http,
    IntegrationOptions options, Notifier notifier, ILogger<DatasetExportJob> logger) : IJob
{
    public static readonly JobKey Key = new("dataset-export");

    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(30);

    private const string ClaimSql = """
        UPDATE dataset_exports x SET status = 'running', lease_expires_at = now() + @lease
        WHERE x.export_id = (
            SELECT export_id FROM dataset_exports
            WHERE status = 'queued' OR (status = 'running' AND lease_expires_at < now())
            ORDER BY created_at LIMIT 1
            FOR UPDATE SKIP LOCKED)
        RETURNING x.export_id AS ExportId, x.dataset_id AS DatasetId, x.integration_id AS IntegrationId, x.prefix AS Prefix,
                  x.types AS Types, x.requested_by AS RequestedBy
        """;

    private const string DatasetSql = "SELECT name, project_id FROM datasets WHERE dataset_id = @dataset_id";

    private const string FilesSql = """
        SELECT file_name, storage_key, sha256, size_bytes
        FROM dataset_files
        WHERE dataset_id = @dataset_id AND format = ANY(@types)
        ORDER BY format, file_index, part
        """;

    // Each uploaded file also renews the lease, so only an export stuck on one file for a whole lease is taken over.
    private const string ProgressSql = """
        UPDATE dataset_exports SET files_uploaded = @files_uploaded, lease_expires_at = now() + @lease
        WHERE export_id = @export_id AND status = 'running'
        """;

    private const string FinishSql = """
        UPDATE dataset_exports SET status = @status, error = @error, files_uploaded = @files_uploaded, completed_at = now(), lease_expires_at = NULL
        WHERE export_id = @export_id AND status = 'running'
        RETURNING export_id
        """;

    private const string ReleaseSql = "UPDATE dataset_exports SET status = 'queued', lease_expires_at = NULL "
        + "WHERE export_id = @export_id AND status = 'running'";

    private sealed class Claim
    {
        public long ExportId { get; init; }
        public long DatasetId { get; init; }
        public long? IntegrationId { get; init; }
        public string Prefix { get; init; } = "";
        public string[] Types { get; init; } = [];
        public long? RequestedBy { get; init; }
    }

    private sealed record FileRow(string file_name, string storage_key, string sha256, long size_bytes);

    /// <summary>A failure the user can act on; its message becomes the export's <c>error</c>.</summary>
    private sealed class ExportFailure(string message) : Exception(message);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Claim? claim;
            await using (var connection = await db.OpenConnectionAsync(ct))
                claim = await connection.QuerySingleOrDefaultAsync<Claim>(
                    new CommandDefinition(ClaimSql, new { lease = Lease }, cancellationToken: ct));
            if (claim is null) return;
            await RunAsync(claim, ct);
        }
    }

    private async Task RunAsync(Claim claim, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var dataset = await connection.QuerySingleOrDefaultAsync<(string name, long project_id)?>(
            new CommandDefinition(DatasetSql, new { dataset_id = claim.DatasetId }, cancellationToken: ct));
        if (dataset is null) return; // deleted meanwhile: its exports went with it
        var uploaded = 0;
        try
        {
            var integration = claim.IntegrationId is { } id ? await IntegrationRecord.FindAsync(connection, id, ct) : null;
            if (integration is null) throw new ExportFailure("The S3 integration was deleted before the export ran.");
            var target = S3Target.From(integration, secrets);
            var files = (await connection.QueryAsync<FileRow>(new CommandDefinition(FilesSql,
                new { dataset_id = claim.DatasetId, types = claim.Types }, cancellationToken: ct))).ToList();
            if (files.Count == 0) throw new ExportFailure("The dataset has no files of the requested types.");

            using var client = target.CreateClient(http, TimeSpan.FromMinutes(5), retries: 3);
            foreach (var file in files)
            {
                await UploadAsync(client, target, claim, file, ct);
                uploaded++;
                await connection.ExecuteAsync(new CommandDefinition(ProgressSql,
                    new { export_id = claim.ExportId, files_uploaded = uploaded, lease = Lease }, cancellationToken: ct));
            }
            await FinishAsync(connection, claim, dataset.Value, "completed", null, uploaded, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The node is stopping: hand the export back; the next run overwrites the same keys.
            await connection.ExecuteAsync(new CommandDefinition(ReleaseSql, new { export_id = claim.ExportId }));
        }
        catch (Exception e)
        {
            var error = e switch
            {
                ExportFailure failure => failure.Message,
                AmazonServiceException or HttpRequestException or TargetRefusedException or TaskCanceledException or TimeoutException
                    => $"Uploading to S3 failed: {S3Target.Describe(e)}.",
                _ => null,
            };
            if (error is null)
            {
                var trace = Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");
                logger.LogError(e, "Export {ExportId} of dataset {DatasetId} failed, trace_id {TraceId}", claim.ExportId, claim.DatasetId, trace);
                error = $"The export failed unexpectedly (trace_id {trace}); export again, and report the trace_id if it fails again.";
            }
            await FinishAsync(connection, claim, dataset.Value, "failed", error, uploaded, CancellationToken.None);
        }
    }

    private async Task UploadAsync(AmazonS3Client client, S3Target target, Claim claim, FileRow file, CancellationToken ct)
    {
        var key = ExportPrefixes.Key(claim.Prefix, claim.DatasetId, file.file_name);
        var stored = await storage.OpenAsync(file.storage_key, ct)
            ?? throw new ExportFailure($"The file {file.file_name} is missing from the dataset storage; generate the dataset again.");
        await using (stored.Content)
        {
            await S3Uploads.UploadAsync(client, target.Bucket, key, stored.Content, options.MultipartThresholdBytes,
                new Dictionary<string, string> { ["sha256"] = file.sha256 }, ct);
        }
        // Read back what S3 stored and hash it: the only check that works the same on AWS and S3-compatible stores.
        using var stream = await client.GetObjectAsync(target.Bucket, key, ct);
        var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream.ResponseStream, ct));
        if (!string.Equals(actual, file.sha256, StringComparison.OrdinalIgnoreCase))
            throw new ExportFailure(
                $"The uploaded {key} does not match the dataset's file (sha256 {actual} instead of {file.sha256}); export again.");
    }

    private async Task FinishAsync(NpgsqlConnection connection, Claim claim, (string name, long project_id) dataset, string status, string? error,
        int uploaded, CancellationToken ct)
    {
        // A Quartz job, not a command: the export's end is written once its uploads are done, in a transaction of its own.
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var finished = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(FinishSql, new
        {
            export_id = claim.ExportId, status, error, files_uploaded = uploaded,
        }, transaction, cancellationToken: ct));
        if (finished is not null && claim.RequestedBy is { } requester)
            await notifier.NotifyAsync(connection, transaction, status == "completed"
                ? new Notification(requester, EventNames.ExportCompleted, $"Dataset '{dataset.name}' was exported to S3",
                    $"{uploaded} file(s) under {ExportPrefixes.Key(claim.Prefix, claim.DatasetId, "")}", dataset.project_id)
                : new Notification(requester, EventNames.ExportFailed, $"Export of dataset '{dataset.name}' to S3 failed", error, dataset.project_id),
                    ct);
        await transaction.CommitAsync(ct);
    }
}
