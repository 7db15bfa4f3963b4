using System.IO.Compression;

namespace Tdmp.Generation.Writers;

/// <summary>
/// The one zip layout of a dataset's several files of one format (split output, csv/sql child tables): entries in file
/// order, Fastest compression, and a fixed entry time, so that the same files always give the same zip bytes, whether
/// the service serves them or <c>tdmp generate</c> writes them.
/// </summary>
public static class DatasetZip
{
    /// <summary>1 January 2000, UTC: any fixed time would do; the zip's identity is that of its files.</summary>
    public static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task WriteAsync(Stream target, IEnumerable<(string Name, Func<CancellationToken, Task<Stream>> Open)> files,
        CancellationToken ct)
    {
        await using var zip = new ZipArchive(target, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (name, open) in files)
        {
            await using var source = await open(ct);
            var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
            entry.LastWriteTime = EntryTime;
            await using var entryStream = await entry.OpenAsync(ct);
            await source.CopyToAsync(entryStream, ct);
        }
    }
}
