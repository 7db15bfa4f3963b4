namespace Tdmp.Generation.Engine;

/// <summary>What a dataset will take, judged before it is accepted: bytes and files of all its formats.</summary>
public sealed record DatasetEstimate(long Bytes, long Files, int SampleRecords);

/// <summary>
/// Estimates a dataset's size by making its own first records (same plan, seed and options) into a counting sink and
/// scaling their bytes to the record count. A record past <see cref="GenerationOptions.MaxRecordBytes"/> throws here, so a
/// schema whose records are too large is refused when the dataset is created, not after hours of generation.
/// </summary>
public static class DatasetEstimator
{
    /// <summary>Records measured: enough to even out optional fields and array lengths, few enough (at most 32 records of
    /// max_record_bytes per format) to run inside a request.</summary>
    public const int SampleRecords = 32;

    /// <summary>Bytes the sample may make: huge records are measured on fewer of them (at least one).</summary>
    public const long SampleBytes = 16L << 20;

    public static DatasetEstimate Estimate(GenerationPlan plan, GenerationOptions options, CancellationToken ct)
    {
        var sample = (int)Math.Min(options.RecordCount, SampleRecords);
        if (sample == 0) return new DatasetEstimate(0, options.Types.Distinct().Count(), 0);
        var result = Sample(1);
        var first = result.Files.Sum(f => f.SizeBytes);
        sample = (int)Math.Clamp(SampleBytes / Math.Max(1, first), 1, sample);
        if (sample > 1) result = Sample(sample);
        var bytes = 0.0;
        var files = 0L;
        foreach (var format in options.Types.Distinct())
        {
            var written = result.Files.Where(f => f.Format == format).ToList();
            bytes += (double)written.Sum(f => f.SizeBytes) / sample * options.RecordCount;
            // The same split as the run: records_per_file, or one XML document per record for a document-rooted XSD.
            var perFile = format == OutputFormat.Xml && plan.Language == Schema.SchemaLanguage.Xsd && plan.Envelope is null
                ? 1
                : options.RecordsPerFile is { } r && r > 0 ? r : Math.Max(1, options.RecordCount);
            var parts = Math.Max(1, written.Where(f => f.FileIndex == 0).Select(f => f.Part).Distinct().Count());
            files += parts * ((options.RecordCount + perFile - 1) / perFile);
        }
        return new DatasetEstimate((long)Math.Ceiling(bytes), files, sample);

        GenerationResult Sample(int count) => DatasetGenerator.Generate(plan,
            options with { RecordCount = count, RecordsPerFile = null, MaxDegreeOfParallelism = 1, ResumeFromFile = 0 },
            new NullOutputSink(), null, ct);
    }
}
