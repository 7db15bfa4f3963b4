namespace Tdmp.Features.Common.Storage;

/// <summary>Where dataset files live: a directory by default, S3 when configured, so several nodes can share them.</summary>
public interface IFileStorage
{
    /// <summary>Starts a file under <paramref name="key"/>; it becomes visible only when committed, and disposing it
    /// uncommitted leaves nothing behind. The caller may dispose <see cref="IStagedFile.Stream"/> itself before committing.</summary>
    IStagedFile Stage(string key);

    /// <summary>The stored file, or null when there is none.</summary>
    Task<StoredFile?> OpenAsync(string key, CancellationToken ct);

    /// <summary>Deletes every file whose key starts with <paramref name="prefix"/>.</summary>
    Task DeleteAsync(string prefix, CancellationToken ct);

    /// <summary>The local folder this node writes files into before committing them: where free disk space matters.</summary>
    string LocalStagingPath { get; }

    /// <summary>Removes staged files nobody has written for <paramref name="idle"/>: the leftovers of a node that died mid-run.</summary>
    void DeleteAbandonedStaging(TimeSpan idle);
}

/// <summary>The local folder where files are staged before they are committed.</summary>
public static class StagingFolder
{
    public static void DeleteIdleFiles(string folder, TimeSpan idle)
    {
        if (!Directory.Exists(folder)) return;
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles())
            if (file.LastWriteTimeUtc < DateTime.UtcNow - idle)
                file.Delete();
    }
}

/// <summary>A file being written; see <see cref="IFileStorage.Stage"/>.</summary>
public interface IStagedFile : IAsyncDisposable
{
    Stream Stream { get; }
    Task CommitAsync(CancellationToken ct);
}

/// <summary>A readable stored file. <see cref="PhysicalPath"/> is set for disk storage, so it can be sent without copying.</summary>
public sealed record StoredFile(Stream Content, long Length, string? PhysicalPath);

/// <summary>The <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    /// <summary>Directory for dataset files (default <c>data/</c>).</summary>
    public string Root { get; set; } = "data";

    /// <summary><c>Storage__S3__*</c>: when its bucket is set, dataset files live in S3 instead of <see cref="Root"/>.</summary>
    public S3StorageOptions S3 { get; set; } = new();

    /// <summary>Free bytes a node keeps on the disk it stages files on: it claims no dataset below this and stops a run
    /// that would go below it (default 1 GiB).</summary>
    public long MinFreeBytes { get; set; } = 1L << 30;
}

/// <summary>Files in a directory tree: staged in <c>.staging/</c> and moved into place on commit, so a reader never sees half a file.</summary>
public sealed class DiskFileStorage(StorageOptions options) : IFileStorage
{
    private string Root => Path.GetFullPath(options.Root);

    private string Staging => Path.Combine(Root, ".staging");

    public string LocalStagingPath
    {
        get
        {
            Directory.CreateDirectory(Staging);
            return Staging;
        }
    }

    public IStagedFile Stage(string key)
    {
        Directory.CreateDirectory(Staging);
        return new StagedDiskFile(Path.Combine(Staging, Guid.NewGuid().ToString("N")), PathOf(key));
    }

    public void DeleteAbandonedStaging(TimeSpan idle) => StagingFolder.DeleteIdleFiles(Staging, idle);

    public Task<StoredFile?> OpenAsync(string key, CancellationToken ct)
    {
        var path = PathOf(key);
        if (!File.Exists(path)) return Task.FromResult<StoredFile?>(null);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, useAsync: true);
        return Task.FromResult<StoredFile?>(new StoredFile(stream, stream.Length, path));
    }

    public Task DeleteAsync(string prefix, CancellationToken ct)
    {
        var path = PathOf(prefix.TrimEnd('/'));
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        else if (File.Exists(path)) File.Delete(path);
        return Task.CompletedTask;
    }

    /// <summary>Keys are made by the service (<c>datasets/12/data-0.json</c>); anything escaping the root is a bug, not input.</summary>
    private string PathOf(string key)
    {
        var path = Path.GetFullPath(Path.Combine(Root, key));
        return path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new InvalidOperationException($"Storage key '{key}' leaves the storage root.");
    }

    private sealed class StagedDiskFile(string temporary, string final) : IStagedFile
    {
        private bool committed;

        public Stream Stream { get; } = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 256 * 1024, useAsync: true);

        public async Task CommitAsync(CancellationToken ct)
        {
            await Stream.DisposeAsync(); // flushes, unless the writer disposed it already
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            File.Move(temporary, final, overwrite: true);
            committed = true;
        }

        public async ValueTask DisposeAsync()
        {
            await Stream.DisposeAsync();
            if (!committed && File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
