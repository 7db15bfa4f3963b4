using Tdmp.Generation.Engine;

namespace Tdmp.Generation.Writers;

/// <summary>
/// RFC 4180 CSV with a header row: one file for the records (nested objects as <c>a.b</c> columns)
/// and one per array, whose rows point to their parent row by <c>_parent_row_id</c>; an XSD root's own content
/// around the records (a batch header, a library's authors) is one row per file in tables of its own.
/// </summary>
public sealed class CsvRecordWriter : IRecordFormatWriter
{
    private readonly TableRowAssembler _assembler;
    private readonly char _delimiter;
    private readonly TableRowAssembler.RowHandler _onRow;
    private Utf8Output[] _parts = [];

    public CsvRecordWriter(RecordTableLayout layout, char delimiter)
    {
        _assembler = new TableRowAssembler(layout);
        _delimiter = delimiter;
        Parts = [.. layout.Tables.Select(t => t.Name)];
        RowCounts = new long[Parts.Count];
        _onRow = WriteRow;
    }

    public IReadOnlyList<string> Parts { get; }
    public long[] RowCounts { get; }

    public void BeginChunk() => Array.Clear(RowCounts);

    public void BeginFile(FileEnvelope? envelope, Utf8Output[] parts)
    {
        foreach (var table in _assembler.Layout.Tables)
        {
            var o = parts[table.Index];
            o.CsvField("_row_id", _delimiter);
            if (table.Parent is not null)
            {
                o.Byte((byte)_delimiter);
                o.CsvField("_parent_row_id", _delimiter);
                o.Byte((byte)_delimiter);
                o.CsvField("_position", _delimiter);
            }
            foreach (var c in table.Columns)
            {
                o.Byte((byte)_delimiter);
                o.CsvField(c.Name, _delimiter);
            }
            o.Bytes("\r\n"u8);
        }
        if (envelope is not null && _assembler.Layout.EnvelopeTable is not null)
        {
            _parts = parts;
            _assembler.AssembleEnvelope(envelope.Content, envelope.FileIndex, _onRow);
        }
    }

    public void WriteRecord(RecordBuffer record, long recordIndex, long indexInFile, Utf8Output[] parts)
    {
        _parts = parts;
        _assembler.Assemble(record, recordIndex, _onRow);
    }

    private void WriteRow(RecordTable table, TableRowAssembler.Cell[] cells, ReadOnlySpan<char> rowId, ReadOnlySpan<char> parentId, int position,
        RecordBuffer record)
    {
        var o = _parts[table.Index];
        o.Text(rowId);
        if (table.Parent is not null)
        {
            o.Byte((byte)_delimiter);
            o.Text(parentId);
            o.Byte((byte)_delimiter);
            o.Integer(position);
        }
        foreach (ref readonly var cell in cells.AsSpan())
        {
            o.Byte((byte)_delimiter);
            if (cell.HasValue) o.CsvField(record.Text(cell.Offset, cell.Length), _delimiter);
        }
        o.Bytes("\r\n"u8);
        RowCounts[table.Index]++;
    }

    public void EndChunk(Utf8Output[] parts) { }
    public void EndFile(FileEnvelope? envelope, Utf8Output[] parts) { }
}
