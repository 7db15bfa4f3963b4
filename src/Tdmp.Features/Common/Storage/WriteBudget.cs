namespace Tdmp.Features.Common.Storage;

/// <summary>Free space of the disk a path is on.</summary>
public static class DiskSpace
{
    public static long FreeBytes(string path) => new DriveInfo(Path.GetFullPath(path)).AvailableFreeSpace;

    public static string Describe(long bytes) => TenantLimits.Bytes(bytes);
}

/// <summary>A run that would pass a limit while writing: the dataset's size, its file count, or the disk's free-space floor.</summary>
public sealed class WriteBudgetException(string message) : Exception(message);

/// <summary>
/// What one generation may write, shared by all its files: bytes (the tenant's <c>max_dataset_bytes</c>, or what is left of
/// <c>max_stored_bytes</c>), files (<c>max_files_per_dataset</c>), and the free-space floor of the staging disk, checked
/// every <see cref="DiskCheckEvery"/> bytes. Thread-safe: the engine's writer appends from whichever worker drains.
/// </summary>
public sealed class WriteBudget(long maxBytes, int maxFiles, string bytesLimitName, string stagingPath, long minFreeBytes)
{
    public const long DiskCheckEvery = 16L << 20;

    private long written;
    private long nextDiskCheck;
    private int files;

    public long Written => Interlocked.Read(ref written);

    public void OpenFile()
    {
        if (Interlocked.Increment(ref files) > maxFiles)
            throw new WriteBudgetException(
                $"The dataset needed more than {maxFiles:N0} files (max_files_per_dataset); nothing was published. Put more records in each file.");
        CheckDisk();
    }

    public void Add(int bytes)
    {
        var total = Interlocked.Add(ref written, bytes);
        if (total > maxBytes)
            throw new WriteBudgetException(
                $"The dataset outgrew its limit of {TenantLimits.Bytes(maxBytes)} ({bytesLimitName}) while it was written; "
                + "nothing was published. Ask for fewer records or types, or for a higher limit.");
        if (total >= Interlocked.Read(ref nextDiskCheck))
        {
            Interlocked.Exchange(ref nextDiskCheck, total + DiskCheckEvery);
            CheckDisk();
        }
    }

    public void CheckDisk()
    {
        var free = DiskSpace.FreeBytes(stagingPath);
        if (free < minFreeBytes) throw DiskFull(free);
    }

    public WriteBudgetException DiskFull(long free) => new(
        $"The server's disk is full ({TenantLimits.Bytes(Math.Max(0, free))} free, it keeps {TenantLimits.Bytes(minFreeBytes)}); the run stopped, "
            + "its staged files "
        + "were removed and nothing was published. Start it again with GET /datasets/generate/{id} once space is freed.");
}

/// <summary>A staged file's stream that charges every byte to the run's <see cref="WriteBudget"/>.</summary>
public sealed class BudgetedStream(Stream inner, WriteBudget budget) : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        budget.Add(buffer.Length);
        try
        {
            inner.Write(buffer);
        }
        catch (IOException)
        {
            // The disk filled up under us (another process, or a floor of 0): say so rather than fail unexplained.
            throw budget.DiskFull(0);
        }
    }

    public override void Flush()
    {
        try
        {
            inner.Flush();
        }
        catch (IOException)
        {
            throw budget.DiskFull(0);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try { inner.Dispose(); }
            catch (IOException) { throw budget.DiskFull(0); }
        }
        base.Dispose(disposing);
    }
}
