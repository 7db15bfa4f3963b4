namespace Tdmp.Features.Datasets;

/// <summary>
/// Generating records of up to <c>max_record_bytes</c> (a tenant may allow 256 MiB) leaves buffers of hundreds of MB
/// behind, and the GC keeps that memory committed for the process. Work that grew the process by much (a run, live or
/// cancelled, or the sample records a dataset's size is estimated from) gives it back with a compacting collection,
/// large object heap included.
/// </summary>
public static class ProcessMemory
{
    /// <summary>The resident size, read before the work and passed to <see cref="GiveBackAfter"/>.</summary>
    public static long Resident => Environment.WorkingSet;

    /// <summary>Collects when the work since <paramref name="residentBefore"/> grew the process by 64 MiB or more and it holds
    /// 256 MiB or more now. The resident size is read, not <see cref="GC.GetGCMemoryInfo()"/> (it describes the last collection,
    /// which may come before the buffers grew) nor <see cref="GC.GetTotalAllocatedBytes"/> (it missed most of a run of
    /// huge records): with either, a deleted dataset of 70 MB records kept its 500 MB.</summary>
    public static void GiveBackAfter(long residentBefore)
    {
        var now = Environment.WorkingSet;
        if (now - residentBefore < 64L << 20 || now < 256L << 20) return;
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
