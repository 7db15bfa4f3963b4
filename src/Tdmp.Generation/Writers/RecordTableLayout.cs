using System.Text;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Schema;
using Tdmp.Generation.Values;

namespace Tdmp.Generation.Writers;

/// <summary>How a column's values are typed in SQL.</summary>
public enum ColumnType { Text, BigInt, Numeric, Boolean, Date, Timestamp }

/// <summary>One column of a table: a flattened path (<c>customer.email</c>) and the nodes whose values land in it.</summary>
public sealed class TableColumn(string name, string sqlName, ColumnType type)
{
    public string Name { get; } = name;
    public string SqlName { get; } = sqlName;
    public ColumnType Type { get; set; } = type;
}

/// <summary>The record's table or the table of one array: its rows are the array's items, keyed to the parent row.</summary>
public sealed class RecordTable(int index, string name, PlanNode node, RecordTable? parent)
{
    public int Index { get; } = index;
    /// <summary>The table (and CSV part) name.</summary>
    public string Name { get; } = name;
    public PlanNode Node { get; } = node;
    public RecordTable? Parent { get; } = parent;
    public List<TableColumn> Columns { get; } = [];
}

/// <summary>
/// Flattens a plan into tables for CSV and SQL: nested objects become <c>a.b</c> columns, each array
/// becomes its own table whose rows carry <c>_parent_row_id</c> and <c>_position</c>. Row ids are
/// derived from the record index (root: index + 1; item: parent id + "." + position), so files made
/// in any order agree.
/// </summary>
public sealed class RecordTableLayout
{
    private readonly int[] _columnOfNode;
    private readonly int[] _tableOfNode;
    private readonly int[] _tableOfArray;

    private RecordTableLayout(GenerationPlan plan, string baseName)
    {
        Plan = plan;
        _columnOfNode = new int[plan.Nodes.Count];
        _tableOfNode = new int[plan.Nodes.Count];
        _tableOfArray = new int[plan.Nodes.Count];
        Array.Fill(_columnOfNode, -1);
        Array.Fill(_tableOfNode, -1);
        Array.Fill(_tableOfArray, -1);
        var root = AddTable(SafeName(baseName), plan.Record, null);
        if (plan.Record.Kind == PlanNodeKind.Scalar) AddColumn(root, plan.Record, "value");
        else Flatten(plan.Record, "", root, isTableRoot: true);
    }

    public GenerationPlan Plan { get; }
    public List<RecordTable> Tables { get; } = [];

    public static RecordTableLayout For(GenerationPlan plan, string? tableName) => new(plan, tableName ?? plan.RecordName);

    public int ColumnOf(int nodeId) => _columnOfNode[nodeId];
    public int TableOf(int nodeId) => _tableOfNode[nodeId];
    /// <summary>The table an array node's items go to.</summary>
    public int TableOfArray(int nodeId) => _tableOfArray[nodeId];

    private RecordTable AddTable(string name, PlanNode node, RecordTable? parent)
    {
        var unique = Shorten(name);
        for (var i = 2; Tables.Any(t => t.Name == unique); i++) unique = Shorten(name + "_" + i);
        var table = new RecordTable(Tables.Count, unique, node, parent);
        Tables.Add(table);
        return table;
    }

    private void Flatten(PlanNode node, string prefix, RecordTable table, bool isTableRoot)
    {
        switch (node.Kind)
        {
            case PlanNodeKind.Object:
                {
                    var inner = isTableRoot ? prefix : prefix + ColumnPart(node) + ".";
                    foreach (var c in node.Children) Flatten(c, inner, table, false);
                    if (node.Conditionals is { } conditionals)
                        foreach (var cond in conditionals)
                            foreach (var replacement in cond.Then.Concat(cond.Else))
                                if (replacement is not null) Flatten(replacement, inner, table, false);
                    break;
                }
            case PlanNodeKind.Group:
            case PlanNodeKind.Choice:
                foreach (var b in node.Children) Flatten(b, prefix, table, false);
                break;
            case PlanNodeKind.Array:
                {
                    var child = AddTable(table.Name + "_" + SafeName(node.Name), node, table);
                    _tableOfArray[node.Id] = child.Index;
                    foreach (var item in node.PrefixItems is { } prefixItems ? [.. prefixItems, node.Item] : new[] { node.Item })
                    {
                        if (item.Kind == PlanNodeKind.Scalar) AddColumn(child, item, "value");
                        else Flatten(item, "", child, isTableRoot: true);
                    }
                    break;
                }
            default:
                AddColumn(table, node, isTableRoot ? "value" : prefix + ColumnPart(node));
                break;
        }
    }

    private static string ColumnPart(PlanNode node) => node.IsAttribute ? "@" + node.Name : node.Name;

    private void AddColumn(RecordTable table, PlanNode node, string name)
    {
        var type = TypeOf(node);
        var existing = table.Columns.FindIndex(c => c.Name == name);
        if (existing >= 0)
        {
            if (table.Columns[existing].Type != type) table.Columns[existing].Type = ColumnType.Text;
        }
        else
        {
            var sql = SafeName(name.Replace("#", "").Replace("@", ""));
            var unique = Shorten(sql);
            for (var i = 2; table.Columns.Any(c => c.SqlName == unique) || unique is "_row_id" or "_parent_row_id" or "_position"; i++) unique = Shorten(sql + "_" + i);
            table.Columns.Add(new TableColumn(name, unique, type));
            existing = table.Columns.Count - 1;
        }
        _columnOfNode[node.Id] = existing;
        _tableOfNode[node.Id] = table.Index;
    }

    private static ColumnType TypeOf(PlanNode node)
    {
        var generators = new List<ValueGenerator?> { node.Behavior.Generator };
        if (node.Variants is { } vs) generators.AddRange(vs.Select(v => v.Behavior.Generator));
        ColumnType? type = null;
        foreach (var g in generators)
        {
            var t = g switch
            {
                NumberValueGenerator { Scale: 0 } or PositionValueGenerator => ColumnType.BigInt,
                NumberValueGenerator => ColumnType.Numeric,
                BooleanValueGenerator => ColumnType.Boolean,
                TemporalValueGenerator { Kind: TemporalKind.Date } => ColumnType.Date,
                TemporalValueGenerator { Kind: TemporalKind.DateTime } => ColumnType.Timestamp,
                SequenceValueGenerator when node.Source?.Kind is NodeKind.Integer => ColumnType.BigInt,
                _ => ColumnType.Text,
            };
            type = type is null || type == t ? t : ColumnType.Text;
        }
        return type ?? ColumnType.Text;
    }

    /// <summary>
    /// Keeps an identifier within PostgreSQL's 63 bytes (longer ones are cut silently there, and two cut
    /// names could clash): a long name keeps its start and ends in a stable FNV-1a hash of the whole.
    /// </summary>
    public static string Shorten(string name)
    {
        if (name.Length <= 60) return name;
        var hash = 2166136261u;
        foreach (var c in name) hash = (hash ^ c) * 16777619u;
        return name[..51] + "_" + hash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A lower-case identifier of letters, digits and underscores, for tables, columns and file names.</summary>
    public static string SafeName(string name)
    {
        var sb = new StringBuilder(name.Length);
        var lastUnderscore = false;
        foreach (var c in name)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                // CamelCase → snake_case.
                if (char.IsAsciiLetterUpper(c) && sb.Length > 0 && !lastUnderscore && char.IsAsciiLetterLower(sb[^1])) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
                lastUnderscore = false;
            }
            else if (!lastUnderscore && sb.Length > 0)
            {
                sb.Append('_');
                lastUnderscore = true;
            }
        }
        while (sb.Length > 0 && sb[^1] == '_') sb.Length--;
        if (sb.Length == 0) sb.Append("data");
        if (char.IsAsciiDigit(sb[0])) sb.Insert(0, "t_");
        return sb.ToString();
    }
}

/// <summary>
/// Walks a record's tokens and hands out complete rows of the layout's tables (child rows before
/// the parent's row ends), with their row ids; CSV and SQL writers format the rows.
/// </summary>
public sealed class TableRowAssembler
{
    /// <summary>A value of one cell: characters in the record buffer, or none (empty/NULL).</summary>
    public struct Cell
    {
        public int Offset;
        public int Length;
        public bool HasValue;
    }

    private readonly RecordTableLayout _layout;
    private readonly Cell[][] _cells;
    private readonly List<Frame> _frames = [];
    private char[] _ids = new char[256];
    private int _idLength;

    private struct Frame
    {
        public int Table;
        public bool IsArray;
        public int Depth;
        public int IdOffset, IdLength;
        public int ParentIdOffset, ParentIdLength;
        public int Position;
    }

    public TableRowAssembler(RecordTableLayout layout)
    {
        _layout = layout;
        _cells = [.. layout.Tables.Select(t => new Cell[t.Columns.Count])];
    }

    public RecordTableLayout Layout => _layout;

    /// <summary>Called for each complete row: table, its cells, row id, parent row id (empty for the record), position (1-based).</summary>
    public delegate void RowHandler(RecordTable table, Cell[] cells, ReadOnlySpan<char> rowId, ReadOnlySpan<char> parentId, int position, RecordBuffer record);

    public void Assemble(RecordBuffer record, long recordIndex, RowHandler onRow)
    {
        _frames.Clear();
        _idLength = 0;
        var rootId = AppendId(recordIndex + 1);
        var tokens = record.Tokens;
        if (tokens.Length == 0) return;
        if (_layout.Plan.Record.Kind == PlanNodeKind.Scalar)
        {
            var cells = Clear(0);
            if (tokens[0].Kind == TokenKind.Value) Set(cells, 0, tokens[0]);
            onRow(_layout.Tables[0], cells, Id(rootId), default, 0, record);
            return;
        }
        _frames.Add(new Frame { Table = 0, Depth = 0, IdOffset = rootId.Offset, IdLength = rootId.Length });
        Clear(0);
        for (var i = 0; i < tokens.Length; i++)
        {
            ref readonly var t = ref tokens[i];
            var top = _frames.Count - 1;
            var frame = _frames[top];
            switch (t.Kind)
            {
                case TokenKind.StartArray when frame.IsArray:
                    {
                        // An item that is itself an array (GeoJSON coordinates): a row of the outer table holding only
                        // its ids and position, which the inner array's rows point to as their parent.
                        frame.Position++;
                        _frames[top] = frame;
                        var id = ChildId(frame, frame.Position);
                        onRow(_layout.Tables[frame.Table], Clear(frame.Table), Id(id), Id((frame.ParentIdOffset, frame.ParentIdLength)), frame.Position, record);
                        _frames.Add(new Frame { Table = _layout.TableOfArray(t.NodeId), IsArray = true, ParentIdOffset = id.Offset, ParentIdLength = id.Length });
                        break;
                    }
                case TokenKind.StartArray:
                    {
                        var table = _layout.TableOfArray(t.NodeId);
                        _frames.Add(new Frame { Table = table, IsArray = true, ParentIdOffset = frame.IdOffset, ParentIdLength = frame.IdLength });
                        break;
                    }
                case TokenKind.EndArray:
                    _frames.RemoveAt(top);
                    break;
                case TokenKind.StartObject when frame.IsArray:
                    {
                        frame.Position++;
                        _frames[top] = frame;
                        var id = ChildId(frame, frame.Position);
                        Clear(frame.Table);
                        _frames.Add(new Frame { Table = frame.Table, Depth = 1, IdOffset = id.Offset, IdLength = id.Length, ParentIdOffset = frame.ParentIdOffset, ParentIdLength = frame.ParentIdLength, Position = frame.Position });
                        break;
                    }
                case TokenKind.StartObject:
                    frame.Depth++;
                    _frames[top] = frame;
                    break;
                case TokenKind.EndObject:
                    frame.Depth--;
                    _frames[top] = frame;
                    if (frame.Depth == 0)
                    {
                        var table = _layout.Tables[frame.Table];
                        onRow(table, _cells[frame.Table], Id((frame.IdOffset, frame.IdLength)),
                            table.Parent is null ? default : Id((frame.ParentIdOffset, frame.ParentIdLength)), frame.Position, record);
                        if (top > 0) _frames.RemoveAt(top);
                    }
                    break;
                case TokenKind.Value or TokenKind.Null when frame.IsArray:
                    {
                        // An array of scalars (or a null item): one row per item, its value in "value".
                        frame.Position++;
                        _frames[top] = frame;
                        var id = ChildId(frame, frame.Position);
                        var cells = Clear(frame.Table);
                        if (t.Kind == TokenKind.Value) Set(cells, 0, t);
                        onRow(_layout.Tables[frame.Table], cells, Id(id), Id((frame.ParentIdOffset, frame.ParentIdLength)), frame.Position, record);
                        break;
                    }
                case TokenKind.Value:
                    {
                        var column = _layout.ColumnOf(t.NodeId);
                        if (column >= 0 && _layout.TableOf(t.NodeId) == frame.Table) Set(_cells[frame.Table], column, t);
                        break;
                    }
            }
        }
    }

    private Cell[] Clear(int table)
    {
        var cells = _cells[table];
        Array.Clear(cells);
        return cells;
    }

    private static void Set(Cell[] cells, int column, in RecordToken t)
    {
        cells[column].Offset = t.Offset;
        cells[column].Length = t.Length;
        cells[column].HasValue = true;
    }

    private ReadOnlySpan<char> Id((int Offset, int Length) id) => _ids.AsSpan(id.Offset, id.Length);

    private (int Offset, int Length) AppendId(long value)
    {
        var start = _idLength;
        Ensure(24);
        value.TryFormat(_ids.AsSpan(_idLength), out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        _idLength += written;
        return (start, written);
    }

    private (int Offset, int Length) ChildId(in Frame arrayFrame, int position)
    {
        Ensure(arrayFrame.ParentIdLength + 12);
        var start = _idLength;
        _ids.AsSpan(arrayFrame.ParentIdOffset, arrayFrame.ParentIdLength).CopyTo(_ids.AsSpan(_idLength));
        _idLength += arrayFrame.ParentIdLength;
        _ids[_idLength++] = '.';
        position.TryFormat(_ids.AsSpan(_idLength), out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        _idLength += written;
        return (start, _idLength - start);
    }

    private void Ensure(int extra)
    {
        if (_idLength + extra > _ids.Length) Array.Resize(ref _ids, Math.Max(_ids.Length * 2, _idLength + extra));
    }
}
