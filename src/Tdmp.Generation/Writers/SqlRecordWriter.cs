using System.Text;
using Tdmp.Generation.Engine;

namespace Tdmp.Generation.Writers;

/// <summary>
/// SQL: <c>CREATE TABLE</c> for the record table and one child table per array (a table-level
/// <c>FOREIGN KEY</c> to the parent row, which every dialect enforces: MySQL ignores inline
/// <c>REFERENCES</c>), parents first, then batched multi-row <c>INSERT</c>s, parents before children in
/// every chunk; an XSD root's own content around the records is one row per file in tables of its own. A table wider
/// than <see cref="MaxColumnsPerTable"/> is split into parts that share its <c>_row_id</c>. Columns get the dialect's native types: dates,
/// date-times with or without a zone,
/// decimals with the digits their bounds need, booleans.
/// </summary>
public sealed class SqlRecordWriter : IRecordFormatWriter
{
    private const int RowsPerInsert = 500;
    /// <summary>
    /// Columns of one SQL table at most. Wider record tables (an XSD whose big type graph flattens into thousands of
    /// columns, like Visual Studio's test results) are split into parts of this many columns: PostgreSQL takes at most
    /// 1,600 columns and 8 kB of inline row, SQL Server 1,024 columns.
    /// </summary>
    public const int MaxColumnsPerTable = 400;
    private readonly RecordTableLayout _layout;
    private readonly SqlDialect _dialect;
    private readonly TableRowAssembler _assembler;
    private readonly TableRowAssembler.RowHandler _onRow;
    /// <summary>Per layout table, its SQL tables: the first holds the row and parent ids and the first columns; the
    /// others (<c>NAME_part2</c>...) the next columns, one row each for the first's row, keyed by the same <c>_row_id</c>.</summary>
    private readonly Slice[][] _slices;

    private sealed class Slice(string name, int start, int count)
    {
        public string Name { get; } = name;
        public int Start { get; } = start;
        public int Count { get; } = count;
        public Utf8Output Buffer { get; } = new();
        public int RowsInStatement;
        public byte[] InsertHead = [];
    }

    public SqlRecordWriter(RecordTableLayout layout, SqlDialect dialect)
    {
        _layout = layout;
        _dialect = dialect;
        _assembler = new TableRowAssembler(layout);
        _onRow = WriteRow;
        var names = layout.Tables.Select(t => t.Name).ToHashSet();
        _slices = [.. layout.Tables.Select(t => Slices(t, names))];
        foreach (var table in layout.Tables)
            foreach (var (slice, i) in _slices[table.Index].Select((slice, i) => (slice, i))) slice.InsertHead = InsertHead(table, slice, i == 0);
    }

    private static Slice[] Slices(RecordTable table, HashSet<string> names)
    {
        if (table.Columns.Count <= MaxColumnsPerTable) return [new Slice(table.Name, 0, table.Columns.Count)];
        var slices = new List<Slice>();
        for (var start = 0; start < table.Columns.Count; start += MaxColumnsPerTable)
        {
            var name = table.Name;
            if (start > 0)
            {
                var wanted = table.Name + "_part" + (slices.Count + 1);
                name = RecordTableLayout.Shorten(wanted);
                for (var i = 2; !names.Add(name); i++) name = RecordTableLayout.Shorten(wanted + "_" + i);
            }
            slices.Add(new Slice(name, start, Math.Min(MaxColumnsPerTable, table.Columns.Count - start)));
        }
        return [.. slices];
    }

    public IReadOnlyList<string> Parts { get; } = [""];
    public long[] RowCounts { get; } = new long[1];

    public void BeginChunk()
    {
        RowCounts[0] = 0;
        foreach (var slice in _slices.SelectMany(s => s))
        {
            slice.Buffer.Clear();
            slice.RowsInStatement = 0;
        }
    }

    public void BeginFile(FileEnvelope? envelope, Utf8Output[] parts)
    {
        var sb = new StringBuilder();
        foreach (var table in _layout.Tables)
            for (var s = 0; s < _slices[table.Index].Length; s++) sb.Append(CreateTable(table, s));
        parts[0].Text(sb.ToString());
        // The file's own content (an XSD root's header, a library's authors): its rows go out with the chunk's, parents first.
        if (envelope is not null && _layout.EnvelopeTable is not null) _assembler.AssembleEnvelope(envelope.Content, envelope.FileIndex, _onRow);
    }

    public void WriteRecord(RecordBuffer record, long recordIndex, long indexInFile, Utf8Output[] parts)
    {
        _assembler.Assemble(record, recordIndex, _onRow);
        RowCounts[0]++;
    }

    private void WriteRow(RecordTable table, TableRowAssembler.Cell[] cells, ReadOnlySpan<char> rowId, ReadOnlySpan<char> parentId, int position,
        RecordBuffer record)
    {
        var slices = _slices[table.Index];
        for (var s = 0; s < slices.Length; s++)
        {
            var slice = slices[s];
            var o = slice.Buffer;
            if (slice.RowsInStatement == RowsPerInsert)
            {
                o.Bytes(";\n"u8);
                slice.RowsInStatement = 0;
            }
            o.Bytes(slice.RowsInStatement == 0 ? slice.InsertHead : ",\n"u8);
            slice.RowsInStatement++;
            o.Byte((byte)'(');
            if (table.Parent is null) o.Text(rowId);
            else o.SqlString(rowId, false, false);
            if (table.Parent is not null && s == 0)
            {
                o.Byte((byte)',');
                if (table.Parent.Parent is null) o.Text(parentId);
                else o.SqlString(parentId, false, false);
                o.Byte((byte)',');
                o.Integer(position);
            }
            WriteCells(o, table, cells, slice.Start, slice.Count, record);
            o.Byte((byte)')');
        }
    }

    private void WriteCells(Utf8Output o, RecordTable table, TableRowAssembler.Cell[] cells, int start, int count, RecordBuffer record)
    {
        for (var i = start; i < start + count; i++)
        {
            o.Byte((byte)',');
            ref readonly var cell = ref cells[i];
            if (!cell.HasValue)
            {
                o.Bytes("NULL"u8);
                continue;
            }
            var text = record.Text(cell.Offset, cell.Length);
            switch (table.Columns[i].Type)
            {
                case ColumnType.BigInt or ColumnType.Numeric:
                    o.Text(text);
                    break;
                case ColumnType.Boolean:
                    var truth = text is "true" or "1";
                    if (_dialect is SqlDialect.Postgres or SqlDialect.MySql) o.Bytes(truth ? "TRUE"u8 : "FALSE"u8);
                    else o.Byte(truth ? (byte)'1' : (byte)'0');
                    break;
                case ColumnType.Timestamp or ColumnType.TimestampZone when _dialect == SqlDialect.MySql:
                    // MySQL's DATETIME has no zone and reads no "Z": the UTC wall time, "yyyy-MM-dd hh:mm:ss".
                    var t = text.IndexOf('T');
                    var wall = text.EndsWith('Z') ? text[..^1] : text;
                    o.Byte((byte)'\'');
                    if (t < 0) o.Text(wall);
                    else
                    {
                        o.Text(wall[..t]);
                        o.Byte((byte)' ');
                        o.Text(wall[(t + 1)..]);
                    }
                    o.Byte((byte)'\'');
                    break;
                default:
                    o.SqlString(text, _dialect == SqlDialect.MySql, _dialect == SqlDialect.SqlServer);
                    break;
            }
        }
    }

    public void EndChunk(Utf8Output[] parts)
    {
        // Parents first: a child row's foreign key needs its parent inserted already.
        foreach (var slice in _layout.Tables.SelectMany(t => _slices[t.Index]))
        {
            if (slice.Buffer.Length == 0) continue;
            parts[0].CopyFrom(slice.Buffer);
            parts[0].Bytes(";\n"u8);
        }
    }

    public void EndFile(FileEnvelope? envelope, Utf8Output[] parts) { }

    private string Quote(string identifier) => _dialect switch
    {
        SqlDialect.MySql => "`" + identifier + "`",
        SqlDialect.SqlServer => "[" + identifier + "]",
        _ => "\"" + identifier + "\"",
    };

    private byte[] InsertHead(RecordTable table, Slice slice, bool first)
    {
        var sb = new StringBuilder("INSERT INTO ").Append(Quote(slice.Name)).Append(" (").Append(Quote("_row_id"));
        if (table.Parent is not null && first) sb.Append(", ").Append(Quote("_parent_row_id")).Append(", ").Append(Quote("_position"));
        foreach (var c in table.Columns.Skip(slice.Start).Take(slice.Count)) sb.Append(", ").Append(Quote(c.SqlName));
        sb.Append(") VALUES\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>
    /// The dialect's native type. SQLite has no date type: dates stay ISO 8601 text, which sorts and compares
    /// in time order and is what its date functions read.
    /// </summary>
    public string TypeName(ColumnShape shape) => (_dialect, shape.Type) switch
    {
        (_, ColumnType.BigInt) => "BIGINT",
        (SqlDialect.Sqlite, ColumnType.Numeric) => "NUMERIC",
        (SqlDialect.Postgres, ColumnType.Numeric) when shape.Precision == 0 => "NUMERIC",
        (SqlDialect.Postgres, ColumnType.Numeric) => $"NUMERIC({shape.Precision},{shape.Scale})",
        (_, ColumnType.Numeric) when shape.Precision == 0 => "DECIMAL(38,10)",
        (_, ColumnType.Numeric) => $"DECIMAL({shape.Precision},{shape.Scale})",
        (SqlDialect.SqlServer, ColumnType.Boolean) => "BIT",
        (SqlDialect.MySql, ColumnType.Boolean) => "TINYINT(1)",
        (SqlDialect.Sqlite, ColumnType.Boolean) => "INTEGER",
        (_, ColumnType.Boolean) => "BOOLEAN",
        (SqlDialect.Sqlite, _) => "TEXT",
        (_, ColumnType.Date) => "DATE",
        (SqlDialect.Postgres, ColumnType.Timestamp) => "TIMESTAMP",
        (SqlDialect.Postgres, ColumnType.TimestampZone) => "TIMESTAMPTZ",
        (SqlDialect.MySql, ColumnType.Timestamp or ColumnType.TimestampZone) => "DATETIME",
        (SqlDialect.SqlServer, ColumnType.Timestamp) => "DATETIME2(0)",
        (SqlDialect.SqlServer, ColumnType.TimestampZone) => "DATETIMEOFFSET(0)",
        (SqlDialect.SqlServer, _) => "NVARCHAR(MAX)",
        _ => "TEXT",
    };

    private string RowIdType(RecordTable table) => table.Parent is null ? "BIGINT" : _dialect switch
    {
        SqlDialect.SqlServer => "NVARCHAR(64)",
        SqlDialect.MySql => "VARCHAR(64)",
        _ => "VARCHAR(64)",
    };

    private string CreateTable(RecordTable table, int part)
    {
        var slice = _slices[table.Index][part];
        var sb = new StringBuilder();
        var head = _dialect == SqlDialect.SqlServer
            ? $"IF OBJECT_ID(N'{slice.Name}', N'U') IS NULL CREATE TABLE {Quote(slice.Name)} (\n"
            : $"CREATE TABLE IF NOT EXISTS {Quote(slice.Name)} (\n";
        sb.Append(head);
        sb.Append("  ").Append(Quote("_row_id")).Append(' ').Append(RowIdType(table)).Append(" NOT NULL PRIMARY KEY");
        if (table.Parent is { } parent && part == 0)
        {
            sb.Append(",\n  ").Append(Quote("_parent_row_id")).Append(' ').Append(RowIdType(parent)).Append(" NOT NULL");
            sb.Append(",\n  ").Append(Quote("_position")).Append(" INTEGER NOT NULL");
        }
        foreach (var c in table.Columns.Skip(slice.Start).Take(slice.Count))
            sb.Append(",\n  ").Append(Quote(c.SqlName)).Append(' ').Append(TypeName(c.Shape));
        // A part's row belongs to the first part's row of the same id; the first part's to its parent table's row.
        var (references, column) = part > 0 ? (table.Name, "_row_id") : table.Parent is { } p ? (p.Name, "_parent_row_id") : (null, null);
        if (references is not null)
            sb.Append(",\n  FOREIGN KEY (").Append(Quote(column!)).Append(") REFERENCES ")
              .Append(Quote(references)).Append(" (").Append(Quote("_row_id")).Append(')');
        sb.Append("\n);\n");
        return sb.ToString();
    }
}
