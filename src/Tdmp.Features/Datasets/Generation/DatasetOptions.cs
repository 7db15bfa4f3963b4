namespace Tdmp.Features.Datasets.Generation;

/// <summary>The <c>Datasets</c> configuration section: how this node generates.</summary>
public sealed class DatasetOptions
{
    /// <summary>Datasets this node generates at the same time.</summary>
    public int Concurrency { get; set; } = 2;
    /// <summary>Cores one generation may use.</summary>
    public int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;
    /// <summary>How long a claim lasts without renewal; after that another node takes the dataset over.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>How often progress is written and the lease renewed.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>How often every node looks for work it was not woken for (other nodes' datasets, expired leases).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>How often the retention clean-up runs (once cluster-wide).</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);
    /// <summary>Longest time a node answers <c>GET /datasets/{id}</c> of a finished dataset from its own copy should the
    /// change message be lost (every change evicts the copy on every node at once); zero reads the database every time.</summary>
    public TimeSpan ReadCacheTtl { get; set; } = TimeSpan.FromSeconds(2);
}
