using System.Text;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Schema;
using Tdmp.Generation.Values;

namespace Tdmp.Generation.Writers;

/// <summary>How a column's values are typed in SQL: <c>Timestamp</c> is a date-time without a zone, <c>TimestampZone</c> one with.</summary>
public enum ColumnType { Text, BigInt, Numeric, Boolean, Date, Timestamp, TimestampZone }

/// <summary>
/// A column's SQL type: for decimals the digits every value of the column fits in (<c>NUMERIC(Precision, Scale)</c>),
/// when the generators' bounds are known; <c>Precision</c> 0 means unknown.
/// </summary>
public readonly record struct ColumnShape(ColumnType Type, int Precision = 0, int Scale = 0)
{
    public static readonly ColumnShape Text = new(ColumnType.Text);

    /// <summary>The shape holding values of both (two decimals widen to the larger digits; other mixes become text).</summary>
    public ColumnShape Widen(ColumnShape other)
    {
        if (this == other) return this;
        if (Type != other.Type) return Text;
        if (Type != ColumnType.Numeric) return this;
        if (Precision == 0 || other.Precision == 0) return new(ColumnType.Numeric);
        var scale = Math.Max(Scale, other.Scale);
        var whole = Math.Max(Precision - Scale, other.Precision - other.Scale);
        return Numeric(whole, scale);
    }

    /// <summary>A decimal of <paramref name="wholeDigits"/> before the point and <paramref name="scale"/> after; beyond 38 digits (SQL Server's and
    /// MySQL's usual limit), of unknown digits.</summary>
    public static ColumnShape Numeric(int wholeDigits, int scale)
    {
        var precision = Math.Max(1, wholeDigits + scale);
        return precision > 38 || scale > 30 ? new(ColumnType.Numeric) : new(ColumnType.Numeric, precision, scale);
    }
}

/// <summary>One column of a table: a flattened path (<c>customer.email</c>) and the nodes whose values land in it.</summary>
public sealed class TableColumn(string name, string sqlName, ColumnShape shape)
{
    public string Name { get; } = name;
    public string SqlName { get; } = sqlName;
    public ColumnShape Shape { get; set; } = shape;
    public ColumnType Type => Shape.Type;
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
/// A recursion (<see cref="PlanNodeKind.Recursion"/>) is laid out level by level up to the plan's recursion bound: each
/// back-edge followed opens a context in which its target's nodes have columns and tables of their own
/// (<c>root_children_children</c>), so every level's rows find their parent in the level above, as a plain foreign key.
/// Shared content (<see cref="PlanNodeKind.Reuse"/>) is laid out the same way at each use, in a context of its own, without
/// counting as a level; what records leave out past the plan's depth limit gets no columns.
/// </summary>
public sealed class RecordTableLayout
{
    /// <summary>Tables a layout may have: a recursion that branches at every level multiplies them per level.</summary>
    public const int MaxTables = PlanRecursion.ExpansionBudget;

    private readonly int[] _columnOfNode;
    private readonly int[] _tableOfNode;
    private readonly int[] _tableOfArray;
    // Context 0 is the plan as compiled; each other context is a back-edge followed from its parent context. Node mappings
    // in those contexts are kept by (context, node).
    private readonly List<(int Parent, int Depth, int Offset)> _contexts = [(-1, 0, 0)];
    private readonly Dictionary<(int Context, int Recursion), int> _contextOf = [];
    private readonly Dictionary<(int Context, int Node), int> _columnIn = [];
    private readonly Dictionary<(int Context, int Node), int> _tableIn = [];
    private readonly Dictionary<(int Context, int Node), int> _arrayTableIn = [];
    // Names taken so far, so that naming the next table or column does not search all of them (UBL-sized layouts have
    // thousands of tables).
    private readonly HashSet<string> _tableNames = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Table, string Name), int> _columnNamed = [];
    private readonly HashSet<(int Table, string SqlName)> _sqlNames = [];

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
        if (plan.Record.Kind == PlanNodeKind.Scalar) AddColumn(root, plan.Record, "value", 0);
        else Flatten(plan.Record, plan.Record, "", root, isTableRoot: true, 0);
        // The file's own content around the records (an XSD root's header, the authors a library's books point to):
        // one row per file in tables of its own, after the record's tables, so every reference resolves in CSV and SQL.
        if (plan.Envelope is { } envelope)
        {
            var fileTable = AddTable(SafeName(envelope.Name), envelope, null);
            EnvelopeTable = fileTable;
            Flatten(envelope, envelope, "", fileTable, isTableRoot: true, 0);
        }
    }

    public GenerationPlan Plan { get; }
    public List<RecordTable> Tables { get; } = [];

    /// <summary>The table of the file's own content (one row per file), followed by its arrays' tables; null without an envelope.</summary>
    public RecordTable? EnvelopeTable { get; }

    public static RecordTableLayout For(GenerationPlan plan, string? tableName) => new(plan, tableName ?? plan.RecordName);

    public int ColumnOf(int nodeId, int context = 0) => context == 0 ? _columnOfNode[nodeId] : _columnIn.GetValueOrDefault((context, nodeId), -1);
    public int TableOf(int nodeId, int context = 0) => context == 0 ? _tableOfNode[nodeId] : _tableIn.GetValueOrDefault((context, nodeId), -1);
    /// <summary>The table an array node's items go to.</summary>
    public int TableOfArray(int nodeId, int context = 0) =>
        context == 0 ? _tableOfArray[nodeId] : _arrayTableIn.GetValueOrDefault((context, nodeId), -1);

    /// <summary>The context a token made by <paramref name="nodeId"/> and named by <paramref name="nameId"/> opens inside
    /// <paramref name="context"/>: the one of the back-edge when that node is a recursion, else the same. A token may enter
    /// several back-edges at once (a recursive choice whose chosen alternative is itself a back-edge): the token names only
    /// the outermost, and the inner ones are found from the node that made it.</summary>
    public int Enter(int context, int nameId, int nodeId)
    {
        var named = Plan.Nodes[nameId];
        if (named.Kind is not (PlanNodeKind.Recursion or PlanNodeKind.Reuse) || !_contextOf.TryGetValue((context, nameId), out var inner))
            return context;
        for (var hops = 0; hops < 16 && named.Target!.Kind == PlanNodeKind.Choice; hops++)
        {
            var branches = named.Target.Children;
            if (branches.Any(b => b.Id == nodeId)) break;
            var next = branches.FirstOrDefault(b => b.Kind == PlanNodeKind.Recursion && Opens(b.Target!, nodeId, 16));
            if (next is null || !_contextOf.TryGetValue((inner, next.Id), out var deeper)) break;
            (named, inner) = (next, deeper);
        }
        return inner;
    }

    /// <summary>Whether the first token of <paramref name="node"/>'s content can be made by node <paramref name="nodeId"/>.</summary>
    private static bool Opens(PlanNode node, int nodeId, int hops) =>
        node.Id == nodeId || hops > 0 && node.Kind == PlanNodeKind.Choice
            && node.Children.Any(b => b.Id == nodeId || b.Kind == PlanNodeKind.Recursion && Opens(b.Target!, nodeId, hops - 1));

    private RecordTable AddTable(string name, PlanNode node, RecordTable? parent)
    {
        if (Tables.Count >= MaxTables)
            throw new UnsatisfiableSchemaException(node.Path,
                $"csv and sql of this schema would need more than {MaxTables} tables (its recursion repeats {Plan.RecursionBound} levels deep); " +
                "lower params.max_depth or choose json or xml");
        var unique = Shorten(name);
        for (var i = 2; _tableNames.Contains(unique); i++) unique = Shorten(name + "_" + i);
        var table = new RecordTable(Tables.Count, unique, node, parent);
        Tables.Add(table);
        _tableNames.Add(unique);
        return table;
    }

    /// <param name="named">The node whose name the content is written under: <paramref name="node"/>, or the recursion node
    /// whose target it is.</param>
    private void Flatten(PlanNode node, PlanNode named, string prefix, RecordTable table, bool isTableRoot, int context)
    {
        // Past the depth limit records leave optional content out (RecordEngine): it needs no columns.
        if (Plan.DepthLimit is { } limit && PlanRecursion.CutAt(node, _contexts[context].Offset, limit)) return;
        switch (node.Kind)
        {
            case PlanNodeKind.Object:
                {
                    var inner = isTableRoot ? prefix : prefix + ColumnPart(named) + ".";
                    foreach (var c in node.Children) Flatten(c, c, inner, table, false, context);
                    if (node.Conditionals is { } conditionals)
                        foreach (var cond in conditionals)
                            foreach (var replacement in cond.Then.Concat(cond.Else))
                                if (replacement is not null && !ObjectConditional.LeavesOut(replacement))
                                    Flatten(replacement, replacement, inner, table, false, context);
                    break;
                }
            case PlanNodeKind.Group:
                foreach (var b in node.Children) Flatten(b, b, prefix, table, false, context);
                break;
            case PlanNodeKind.Choice:
                foreach (var b in node.Children) Flatten(b, ReferenceEquals(named, node) ? b : named, prefix, table, false, context);
                break;
            case PlanNodeKind.Recursion:
                {
                    // Records never follow more back-edges on one chain than the bound: no level beyond it is laid out.
                    var (_, depth, offset) = _contexts[context];
                    if (depth >= Plan.RecursionBound) break;
                    var inner = _contexts.Count;
                    _contexts.Add((context, depth + 1, offset + node.DepthShift));
                    _contextOf[(context, node.Id)] = inner;
                    // A back-edge that is an alternative of a recursive choice is written under the name of the one that
                    // entered the choice.
                    Flatten(node.Target!, ReferenceEquals(named, node) || named.Kind != PlanNodeKind.Recursion ? node : named, prefix, table,
                        isTableRoot, inner);
                    break;
                }
            case PlanNodeKind.Reuse:
                {
                    var (_, depth, offset) = _contexts[context];
                    var inner = _contexts.Count;
                    _contexts.Add((context, depth, offset + node.DepthShift));
                    _contextOf[(context, node.Id)] = inner;
                    Flatten(node.Target!, node, prefix, table, isTableRoot, inner);
                    break;
                }
            case PlanNodeKind.Array when ReferenceEquals(node, Plan.RecordArray):
                // The records themselves: their own tables above.
                break;
            case PlanNodeKind.Array when node.PrefixItems is null && node.Item.Kind == PlanNodeKind.Recursion
                && _contexts[context].Depth >= Plan.RecursionBound:
                // Its items would follow one back-edge more than the bound: records leave it out, or empty.
                break;
            case PlanNodeKind.Array:
                {
                    var child = AddTable(table.Name + "_" + SafeName(named.Name), node, table);
                    if (context == 0) _tableOfArray[node.Id] = child.Index;
                    else _arrayTableIn[(context, node.Id)] = child.Index;
                    foreach (var item in node.PrefixItems is { } prefixItems ? [.. prefixItems, node.Item] : new[] { node.Item })
                    {
                        if (item.Kind == PlanNodeKind.Scalar) AddColumn(child, item, "value", context);
                        else Flatten(item, item, "", child, isTableRoot: true, context);
                    }
                    break;
                }
            default:
                AddColumn(table, node, isTableRoot ? "value" : prefix + ColumnPart(named), context);
                break;
        }
    }

    private static string ColumnPart(PlanNode node) => node.IsAttribute ? "@" + node.Name : node.Name;

    private void AddColumn(RecordTable table, PlanNode node, string name, int context)
    {
        var type = ShapeOf(node);
        if (_columnNamed.TryGetValue((table.Index, name), out var existing))
        {
            table.Columns[existing].Shape = table.Columns[existing].Shape.Widen(type);
        }
        else
        {
            var sql = SafeName(name.Replace("#", "").Replace("@", ""));
            var unique = Shorten(sql);
            for (var i = 2; _sqlNames.Contains((table.Index, unique))
                || unique is "_row_id" or "_parent_row_id" or "_position"; i++) unique = Shorten(sql + "_" + i);
            table.Columns.Add(new TableColumn(name, unique, type));
            existing = table.Columns.Count - 1;
            _columnNamed[(table.Index, name)] = existing;
            _sqlNames.Add((table.Index, unique));
        }
        if (context == 0)
        {
            _columnOfNode[node.Id] = existing;
            _tableOfNode[node.Id] = table.Index;
        }
        else
        {
            _columnIn[(context, node.Id)] = existing;
            _tableIn[(context, node.Id)] = table.Index;
        }
    }

    private static ColumnShape ShapeOf(PlanNode node)
    {
        var generators = new List<ValueGenerator?> { node.Behavior.Generator };
        if (node.Variants is { } vs) generators.AddRange(vs.Select(v => v.Behavior.Generator));
        ColumnShape? shape = null;
        foreach (var g in generators)
        {
            var t = g switch
            {
                NumberValueGenerator { Scale: 0 } or PositionValueGenerator => new ColumnShape(ColumnType.BigInt),
                NumberValueGenerator n => ColumnShape.Numeric(
                    Math.Max(WholeDigits(Math.Max(Math.Abs((decimal)n.Lo), Math.Abs((decimal)n.Hi)) / Pow10(n.Scale)),
                    SchemaWholeDigits(node.Source, n.Scale)), n.Scale),
                // A formula's value stays within its computed range, give or take the rounding to its step: one digit of room.
                FormulaValueGenerator f => ColumnShape.Numeric(WholeDigits(Math.Max(Math.Abs(f.Range.Lo), Math.Abs(f.Range.Hi))) + 1, f.Scale),
                BooleanValueGenerator => new ColumnShape(ColumnType.Boolean),
                TemporalValueGenerator { Kind: TemporalKind.Date } => new ColumnShape(ColumnType.Date),
                TemporalValueGenerator { Kind: TemporalKind.DateTime, HasZone: true } => new ColumnShape(ColumnType.TimestampZone),
                TemporalValueGenerator { Kind: TemporalKind.DateTime } => new ColumnShape(ColumnType.Timestamp),
                SequenceValueGenerator when node.Source?.Kind is NodeKind.Integer => new ColumnShape(ColumnType.BigInt),
                _ => ColumnShape.Text,
            };
            shape = shape is { } s ? s.Widen(t) : t;
        }
        return shape ?? ColumnShape.Text;
    }

    /// <summary>
    /// The digits before the point the schema itself allows, when it says (both bounds, or totalDigits): the table then
    /// holds every valid value, not only the generated ones, so testers can add their own rows.
    /// </summary>
    private static int SchemaWholeDigits(SchemaNode? source, int scale)
    {
        if (source is null) return 0;
        if (source.TotalDigits is { } total) return Math.Max(0, total - scale);
        if (source.Minimum is { } min && source.Maximum is { } max) return WholeDigits(Math.Max(Math.Abs(min), Math.Abs(max)));
        return 0;
    }

    private static decimal Pow10(int scale)
    {
        var p = 1m;
        for (var i = 0; i < scale; i++) p *= 10;
        return p;
    }

    /// <summary>Digits before the decimal point of the largest magnitude (at least 1).</summary>
    private static int WholeDigits(decimal magnitude)
    {
        var whole = decimal.Truncate(magnitude);
        var digits = 1;
        while (whole >= 10) { whole = decimal.Truncate(whole / 10); digits++; }
        return digits;
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
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsAsciiLetterOrDigit(c))
            {
                // CamelCase → snake_case, an acronym one word: "JSON Patch" → json_patch (not j_s_o_n), JSONPatch too,
                // ISO20022Message → iso20022_message.
                if (char.IsAsciiLetterUpper(c) && sb.Length > 0 && !lastUnderscore && (char.IsAsciiLetterLower(name[i - 1]) || char.IsAsciiDigit(name[i - 1])
                    || char.IsAsciiLetterUpper(name[i - 1]) && i + 1 < name.Length && char.IsAsciiLetterLower(name[i + 1])))
                    sb.Append('_');
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
    /// <summary>With back-edges in the plan: the layout context (<see cref="RecordTableLayout.Enter"/>) of each open
    /// object or array, innermost last.</summary>
    private readonly List<int> _contexts = [];
    private readonly bool _recursive;
    /// <summary>Per table, the last array that filled it in this record (<see cref="_assembly"/> stamps which record):
    /// its parent row id and last position. An array inside a repeating XSD group or choice (<c>xs:choice
    /// maxOccurs="unbounded"</c>) starts again for every repetition under the same parent row; its items then go on
    /// numbering where the previous repetition stopped, so row ids stay unique.</summary>
    private readonly (long Assembly, int ParentOffset, int ParentLength, int Position)[] _lastArray;
    private long _assembly;
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
        _recursive = layout.Plan.HasRecursion;
        _lastArray = new (long, int, int, int)[layout.Tables.Count];
    }

    public RecordTableLayout Layout => _layout;

    /// <summary>Called for each complete row: table, its cells, row id, parent row id (empty for the record), position (1-based).</summary>
    public delegate void RowHandler(RecordTable table, Cell[] cells, ReadOnlySpan<char> rowId, ReadOnlySpan<char> parentId, int position,
        RecordBuffer record);

    public void Assemble(RecordBuffer record, long recordIndex, RowHandler onRow) => Assemble(record, recordIndex, 0, onRow);

    /// <summary>The rows of a file's envelope (tokens without the records' marker), row id file index + 1, into the layout's
    /// <see cref="RecordTableLayout.EnvelopeTable"/>.</summary>
    public void AssembleEnvelope(RecordBuffer envelope, int fileIndex, RowHandler onRow) =>
        Assemble(envelope, fileIndex, _layout.EnvelopeTable!.Index, onRow);

    private void Assemble(RecordBuffer record, long recordIndex, int rootTable, RowHandler onRow)
    {
        _frames.Clear();
        _idLength = 0;
        _assembly++;
        var rootId = AppendId(recordIndex + 1);
        var tokens = record.Tokens;
        if (tokens.Length == 0) return;
        if (rootTable == 0 && _layout.Plan.Record.Kind == PlanNodeKind.Scalar)
        {
            var cells = Clear(0);
            if (tokens[0].Kind == TokenKind.Value) Set(cells, 0, tokens[0]);
            onRow(_layout.Tables[0], cells, Id(rootId), default, 0, record);
            return;
        }
        _frames.Add(new Frame { Table = rootTable, Depth = 0, IdOffset = rootId.Offset, IdLength = rootId.Length });
        Clear(rootTable);
        _contexts.Clear();
        _contexts.Add(0);
        var context = 0;
        var rootWritten = false;
        for (var i = 0; i < tokens.Length; i++)
        {
            ref readonly var t = ref tokens[i];
            var top = _frames.Count - 1;
            var frame = _frames[top];
            if (_recursive)
            {
                // A back-edge's outermost token opens its level's context; its end closes it.
                context = _contexts[^1];
                if (t.NameId != t.NodeId && t.NameId >= 0) context = _layout.Enter(context, t.NameId, t.NodeId);
                // An array with no table at this level (two back-edges entered at one token, which names only the outer
                // one): its rows are not written rather than put in another level's table.
                if (t.Kind == TokenKind.StartArray && _layout.TableOfArray(t.NodeId, context) < 0)
                {
                    i = SkipValue(tokens, i);
                    continue;
                }
                if (t.Kind is TokenKind.StartObject or TokenKind.StartArray) _contexts.Add(context);
                else if (t.Kind is TokenKind.EndObject or TokenKind.EndArray && _contexts.Count > 1) _contexts.RemoveAt(_contexts.Count - 1);
            }
            switch (t.Kind)
            {
                case TokenKind.StartArray when frame.IsArray:
                    {
                        // An item that is itself an array (GeoJSON coordinates): a row of the outer table holding only
                        // its ids and position, which the inner array's rows point to as their parent.
                        frame.Position++;
                        _frames[top] = frame;
                        var id = ChildId(frame, frame.Position);
                        onRow(_layout.Tables[frame.Table], Clear(frame.Table), Id(id), Id((frame.ParentIdOffset, frame.ParentIdLength)),
                            frame.Position, record);
                        var inner = _layout.TableOfArray(t.NodeId, context);
                        _frames.Add(new Frame { Table = inner, IsArray = true, ParentIdOffset = id.Offset, ParentIdLength = id.Length,
                            Position = PositionSoFar(inner, id) });
                        break;
                    }
                case TokenKind.StartArray:
                    {
                        var table = _layout.TableOfArray(t.NodeId, context);
                        _frames.Add(new Frame { Table = table, IsArray = true, ParentIdOffset = frame.IdOffset, ParentIdLength = frame.IdLength,
                            Position = PositionSoFar(table, (frame.IdOffset, frame.IdLength)) });
                        break;
                    }
                case TokenKind.EndArray:
                    if (frame.IsArray) _lastArray[frame.Table] = (_assembly, frame.ParentIdOffset, frame.ParentIdLength, frame.Position);
                    _frames.RemoveAt(top);
                    break;
                case TokenKind.StartObject when frame.IsArray:
                    {
                        frame.Position++;
                        _frames[top] = frame;
                        var id = ChildId(frame, frame.Position);
                        Clear(frame.Table);
                        _frames.Add(new Frame { Table = frame.Table, Depth = 1, IdOffset = id.Offset, IdLength = id.Length,
                            ParentIdOffset = frame.ParentIdOffset, ParentIdLength = frame.ParentIdLength, Position = frame.Position });
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
                        else rootWritten = true;
                    }
                    break;
                case TokenKind.Value or TokenKind.Null when frame.IsArray:
                    {
                        // An array of scalars (or a null item): one row per item, its value in "value".
                        frame.Position++;
                        _frames[top] = frame;
                        var id = ChildId(frame, frame.Position);
                        var cells = Clear(frame.Table);
                        // The item's own column ("value", or a scalar alternative's beside an object alternative's columns); none
                        // for an item the layout leaves out past the depth limit (a reuse's target), whose row keeps its ids only.
                        var column = _layout.TableOf(t.NodeId, context) == frame.Table ? _layout.ColumnOf(t.NodeId, context) : -1;
                        if (t.Kind == TokenKind.Value && column >= 0) Set(cells, column, t);
                        onRow(_layout.Tables[frame.Table], cells, Id(id), Id((frame.ParentIdOffset, frame.ParentIdLength)), frame.Position, record);
                        break;
                    }
                case TokenKind.Value:
                    {
                        var column = _layout.ColumnOf(t.NodeId, context);
                        if (column >= 0 && _layout.TableOf(t.NodeId, context) == frame.Table) Set(_cells[frame.Table], column, t);
                        break;
                    }
            }
        }
        // A record that is no object (an array at the top, as compilerconfig.json's list of configurations) never closes its
        // root object: its row, which its items' rows name as their parent, is written after them.
        if (!rootWritten) onRow(_layout.Tables[rootTable], _cells[rootTable], Id(rootId), default, 0, record);
    }

    /// <summary>The last token of the object or array that starts at <paramref name="i"/>.</summary>
    private static int SkipValue(ReadOnlySpan<RecordToken> tokens, int i)
    {
        var depth = 0;
        for (; i < tokens.Length; i++)
        {
            var kind = tokens[i].Kind;
            if (kind is TokenKind.StartObject or TokenKind.StartArray) depth++;
            else if (kind is TokenKind.EndObject or TokenKind.EndArray && --depth == 0) return i;
        }
        return tokens.Length - 1;
    }

    /// <summary>Where an array's item positions start: after the items an earlier array put in the same table under the
    /// same parent row in this record (a repeating group), else at 0.</summary>
    private int PositionSoFar(int table, (int Offset, int Length) parentId)
    {
        var last = _lastArray[table];
        return last.Assembly == _assembly && Id((last.ParentOffset, last.ParentLength)).SequenceEqual(Id(parentId)) ? last.Position : 0;
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
