using System.Text;
using Tdmp.Generation.Engine;

namespace Tdmp.Generation.Writers;

/// <summary>
/// SQL: <c>CREATE TABLE</c> for the record table and one child table per array (a table-level
/// <c>FOREIGN KEY</c> to the parent row, which every dialect enforces: MySQL ignores inline
/// <c>REFERENCES</c>), parents first, then batched multi-row <c>INSERT</c>s, parents before children in
/// every chunk; an XSD root's own content around the records is one row per file in tables of its own. Columns get the dialect's native types: dates,
/// date-times with or without a zone,
/// decimals with the digits their bounds need, booleans.
/// </summary>
public sealed class SqlRecordWriter : IRecordFormatWriter
{
    private const int RowsPerInsert = 500;
    private readonly RecordTableLayout _layout;
    private readonly SqlDialect _dialect;
    private readonly TableRowAssembler _assembler;
    private readonly TableRowAssembler.RowHandler _onRow;
    private readonly Utf8Output[] _tableBuffers;
    private readonly int[] _rowsInStatement;
    private readonly byte[][] _insertHeads;

    public SqlRecordWriter(RecordTableLayout layout, SqlDialect dialect)
    {
        _layout = layout;
        _dialect = dialect;
        _assembler = new TableRowAssembler(layout);
        _onRow = WriteRow;
        _tableBuffers = [.. layout.Tables.Select(_ => new Utf8Output())];
        _rowsInStatement = new int[layout.Tables.Count];
        _insertHeads = [.. layout.Tables.Select(InsertHead)];
    }

    public IReadOnlyList<string> Parts { get; } = [""];
    public long[] RowCounts { get; } = new long[1];

    public void BeginChunk()
    {
        RowCounts[0] = 0;
        foreach (var b in _tableBuffers) b.Clear();
        Array.Clear(_rowsInStatement);
    }

    public void BeginFile(FileEnvelope? envelope, Utf8Output[] parts)
    {
        var sb = new StringBuilder();
        foreach (var table in _layout.Tables) sb.Append(CreateTable(table));
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
        var o = _tableBuffers[table.Index];
        ref var inStatement = ref _rowsInStatement[table.Index];
        if (inStatement == RowsPerInsert)
        {
            o.Bytes(";\n"u8);
            inStatement = 0;
        }
        o.Bytes(inStatement == 0 ? _insertHeads[table.Index] : ",\n"u8);
        inStatement++;
        o.Byte((byte)'(');
        if (table.Parent is null) o.Text(rowId);
        else
        {
            o.SqlString(rowId, false, false);
            o.Byte((byte)',');
            if (table.Parent.Parent is null) o.Text(parentId);
            else o.SqlString(parentId, false, false);
            o.Byte((byte)',');
            o.Integer(position);
        }
        for (var i = 0; i < cells.Length; i++)
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
        o.Byte((byte)')');
    }

    public void EndChunk(Utf8Output[] parts)
    {
        // Parents first: a child row's foreign key needs its parent inserted already.
        foreach (var table in _layout.Tables)
        {
            var b = _tableBuffers[table.Index];
            if (b.Length == 0) continue;
            parts[0].CopyFrom(b);
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

    private byte[] InsertHead(RecordTable table)
    {
        var sb = new StringBuilder("INSERT INTO ").Append(Quote(table.Name)).Append(" (").Append(Quote("_row_id"));
        if (table.Parent is not null) sb.Append(", ").Append(Quote("_parent_row_id")).Append(", ").Append(Quote("_position"));
        foreach (var c in table.Columns) sb.Append(", ").Append(Quote(c.SqlName));
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

    private string CreateTable(RecordTable table)
    {
        var sb = new StringBuilder();
        var head = _dialect == SqlDialect.SqlServer
            ? $"IF OBJECT_ID(N'{table.Name}', N'U') IS NULL CREATE TABLE {Quote(table.Name)} (\n"
            : $"CREATE TABLE IF NOT EXISTS {Quote(table.Name)} (\n";
        sb.Append(head);
        sb.Append("  ").Append(Quote("_row_id")).Append(' ').Append(RowIdType(table)).Append(" NOT NULL PRIMARY KEY");
        if (table.Parent is { } parent)
        {
            sb.Append(",\n  ").Append(Quote("_parent_row_id")).Append(' ').Append(RowIdType(parent)).Append(" NOT NULL");
            sb.Append(",\n  ").Append(Quote("_position")).Append(" INTEGER NOT NULL");
        }
        foreach (var c in table.Columns) sb.Append(",\n  ").Append(Quote(c.SqlName)).Append(' ').Append(TypeName(c.Shape));
        if (table.Parent is { } p)
            sb.Append(",\n  FOREIGN KEY (").Append(Quote("_parent_row_id")).Append(") REFERENCES ")
              .Append(Quote(p.Name)).Append(" (").Append(Quote("_row_id")).Append(')');
        sb.Append("\n);\n");
        return sb.ToString();
    }
}
