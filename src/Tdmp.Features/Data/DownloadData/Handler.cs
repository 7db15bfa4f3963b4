using System.Security.Cryptography;
using System.Text;
using Tdmp.Features.Common.Storage;
using Tdmp.Features.Datasets;
using Tdmp.Generation.Writers;

namespace Tdmp.Features.Data.DownloadData;

/// <summary>A stored file to send, with what its response headers need.</summary>
public sealed record Download(StoredFile File, string FileName, string ContentType, string Sha256, DateTimeOffset LastModified);

public sealed record DownloadDataQuery(long DatasetId, string? Format, int? FileIndex, string? Part = null) : IQuery<Download>;

public sealed class DownloadDataHandler(NpgsqlDataSource db, ICurrentUser caller, IFileStorage storage) : IQueryHandler<DownloadDataQuery, Download>
{
    private const string DatasetSql = """
        SELECT d.status, d.types, d.name, d.completed_at
        FROM datasets d
        JOIN projects p ON p.project_id = d.project_id
        WHERE d.dataset_id = @dataset_id AND
        """ + ProjectAccess.VisibleToCallerSql;

    private const string FilesSql = """
        SELECT f.file_name, f.storage_key, f.sha256, f.file_index
        FROM dataset_files f
        WHERE f.dataset_id = @dataset_id AND f.format = @format AND (@file_index::int IS NULL OR f.file_index = @file_index)
          AND (@part::text IS NULL OR f.part = @part)
        ORDER BY f.file_index, f.part
        """;

    private sealed record FileRow(string file_name, string storage_key, string sha256, int file_index);

    public async ValueTask<Download> Handle(DownloadDataQuery query, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var parameters = CallerScope.Parameters(caller);
        parameters.Add("dataset_id", query.DatasetId);
        var dataset = await connection.QuerySingleOrDefaultAsync<(string status, string[] types, string name, DateTime? completed_at)?>(
            new CommandDefinition(DatasetSql, parameters, cancellationToken: ct)) ?? throw new NotFoundException("Dataset not found");
        var format = query.Format ?? dataset.types[0];
        if (!dataset.types.Contains(format))
            throw new NotFoundException($"The dataset was not generated as {format}; it has {string.Join(", ", dataset.types)}.");
        if (dataset.status != DatasetStatus.Completed)
            throw new RuleViolationException("dataset_id", $"The dataset is {dataset.status}, not completed; its files are not ready.");

        var files = (await connection.QueryAsync<FileRow>(new CommandDefinition(FilesSql,
            new { dataset_id = query.DatasetId, format, file_index = query.FileIndex, part = query.Part }, cancellationToken: ct))).ToList();
        if (files.Count == 0)
            throw new NotFoundException(query.Part is null
                ? $"The dataset has no {format} file {query.FileIndex}."
                : $"The dataset has no {format} part '{query.Part}'{(query.FileIndex is { } i ? $" in file {i}" : "")}; "
                + "the dataset's files name its parts.");
        var lastModified = new DateTimeOffset(dataset.completed_at ?? DateTime.UtcNow, TimeSpan.Zero);

        if (files.Count == 1)
        {
            var file = files[0];
            var stored = await OpenAsync(file, ct);
            return new Download(stored, file.file_name, OutputFormats.ContentTypeOfFile(file.file_name), file.sha256, lastModified);
        }
        return await ZipAsync(query.DatasetId, format, query.FileIndex, query.Part, files, lastModified, ct);
    }

    /// <summary>Several files (split output, or csv/sql child tables) go out as one zip. It is made once, kept in the
    /// storage beside the files (and deleted with them), and served like any other file: with a length, in ranges.</summary>
    private async Task<Download> ZipAsync(long datasetId, string format, int? fileIndex, string? part, List<FileRow> files,
        DateTimeOffset lastModified, CancellationToken ct)
    {
        var name = $"dataset-{datasetId}-{format}{(fileIndex is { } i ? "-" + i : "")}{(part is null ? "" : "-" + part)}.zip";
        var key = DatasetStorageKeys.File(datasetId, "zip/" + name);
        // The zip's identity is that of the files in it.
        var etag = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(string.Join(",", files.Select(f => f.sha256)))));
        if (await storage.OpenAsync(key, ct) is not { } zipFile)
        {
            await using (var staged = storage.Stage(key))
            {
                await DatasetZip.WriteAsync(staged.Stream,
                    files.Select(f => (f.file_name, (Func<CancellationToken, Task<Stream>>)(async c => (await OpenAsync(f, c)).Content))), ct);
                await staged.CommitAsync(ct);
            }
            zipFile = await storage.OpenAsync(key, ct) ?? throw new NotFoundException("The dataset's files are gone; it was deleted.");
        }
        return new Download(zipFile, name, "application/zip", etag, lastModified);
    }

    /// <summary>The stored file; a dataset deleted while it is being downloaded is simply not found.</summary>
    private async Task<StoredFile> OpenAsync(FileRow file, CancellationToken ct)
        => await storage.OpenAsync(file.storage_key, ct) ?? throw new NotFoundException("The dataset's files are gone; it was deleted.");
}
