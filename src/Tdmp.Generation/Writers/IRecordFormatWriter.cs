using Tdmp.Generation.Engine;

namespace Tdmp.Generation.Writers;

/// <summary>
/// Turns records into the bytes of one output format. One instance per worker: it writes a chunk
/// of consecutive records of one file into per-part buffers, which are then appended to the files
/// in chunk order. Parts are the files one dataset file is made of (CSV: one per table).
/// </summary>
public interface IRecordFormatWriter
{
    /// <summary>The parts of each output file: "" for a single file; table names for CSV.</summary>
    IReadOnlyList<string> Parts { get; }

    /// <summary>Rows written into each part since the last <see cref="BeginChunk"/>.</summary>
    long[] RowCounts { get; }

    void BeginChunk();
    void BeginFile(FileEnvelope? envelope, Utf8Output[] parts);
    void WriteRecord(RecordBuffer record, long recordIndex, long indexInFile, Utf8Output[] parts);
    void EndChunk(Utf8Output[] parts);
    void EndFile(FileEnvelope? envelope, Utf8Output[] parts);
}
