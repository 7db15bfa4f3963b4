using System.Globalization;
using Tdmp.Generation.Values;

namespace Tdmp.Generation.Engine;

/// <summary>
/// A rule's <c>formula</c>: arithmetic (<c>+ - * /</c>, parentheses, numbers) over numeric fields of the same
/// record, and aggregates over an array's items: <c>sum</c>, <c>avg</c>, <c>min</c>, <c>max</c>, <c>count</c>, e.g.
/// <c>sum(items[].quantity * items[].unit_price) + shipping</c>. Inside an aggregate, <c>items[].x</c> is the
/// value of the item being added up; outside, a field is the record's value (an absent one counts 0).
/// </summary>
public abstract class FormulaExpr
{
    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> naming the problem.</summary>
    public static FormulaExpr Parse(string text)
    {
        var p = new Parser(text);
        var e = p.Expression();
        p.SkipSpace();
        if (!p.AtEnd) throw new FormatException($"unexpected '{text[p.Position]}' at position {p.Position + 1}");
        return e;
    }

    /// <summary>Every field path the formula reads.</summary>
    public abstract IEnumerable<string> Fields { get; }

    private sealed class Parser(string text)
    {
        public int Position;
        public bool AtEnd => Position >= text.Length;

        public void SkipSpace()
        {
            while (Position < text.Length && char.IsWhiteSpace(text[Position])) Position++;
        }

        private bool Take(char c)
        {
            SkipSpace();
            if (Position < text.Length && text[Position] == c)
            {
                Position++;
                return true;
            }
            return false;
        }

        public FormulaExpr Expression()
        {
            var left = Term();
            while (true)
            {
                if (Take('+')) left = new Binary('+', left, Term());
                else if (Take('-')) left = new Binary('-', left, Term());
                else return left;
            }
        }

        private FormulaExpr Term()
        {
            var left = Factor();
            while (true)
            {
                if (Take('*')) left = new Binary('*', left, Factor());
                else if (Take('/')) left = new Binary('/', left, Factor());
                else return left;
            }
        }

        private FormulaExpr Factor()
        {
            SkipSpace();
            if (Take('-')) return new Binary('-', new Constant(0), Factor());
            if (Take('('))
            {
                var inner = Expression();
                if (!Take(')')) throw new FormatException($"missing ')' at position {Position + 1}");
                return inner;
            }
            if (AtEnd) throw new FormatException("the formula ends where a value is expected");
            var start = Position;
            if (char.IsAsciiDigit(text[Position]) || text[Position] == '.')
            {
                while (Position < text.Length && (char.IsAsciiDigit(text[Position]) || text[Position] == '.')) Position++;
                if (!decimal.TryParse(text.AsSpan(start, Position - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
                    throw new FormatException($"'{text[start..Position]}' is not a number");
                return new Constant(n);
            }
            while (Position < text.Length && (char.IsLetterOrDigit(text[Position]) || text[Position] is '_' or '.' or '[' or ']' or '@' or '#'))
                Position++;
            var name = text[start..Position];
            if (name.Length == 0) throw new FormatException($"unexpected '{text[start]}' at position {start + 1}");
            if (Take('('))
            {
                if (name is not ("sum" or "avg" or "min" or "max" or "count"))
                    throw new FormatException($"unknown function '{name}'; use sum, avg, min, max or count");
                var inner = Expression();
                if (!Take(')')) throw new FormatException($"missing ')' after {name}(");
                var arrays = inner.Fields.Where(f => f.Contains("[]", StringComparison.Ordinal))
                    .Select(f => f[..f.LastIndexOf("[]", StringComparison.Ordinal)]).Distinct().ToList();
                if (arrays.Count != 1)
                    throw new FormatException($"{name}(...) needs fields of one array, written like items[].quantity");
                return new Aggregate(name, arrays[0], inner);
            }
            return new Field(name);
        }
    }

    internal sealed class Constant(decimal value) : FormulaExpr
    {
        public decimal Value => value;
        public override IEnumerable<string> Fields => [];
    }

    internal sealed class Field(string path) : FormulaExpr
    {
        public string Path => path;
        public override IEnumerable<string> Fields => [path];
    }

    internal sealed class Binary(char op, FormulaExpr left, FormulaExpr right) : FormulaExpr
    {
        public char Op => op;
        public FormulaExpr Left => left;
        public FormulaExpr Right => right;
        public override IEnumerable<string> Fields => left.Fields.Concat(right.Fields);
    }

    internal sealed class Aggregate(string function, string array, FormulaExpr inner) : FormulaExpr
    {
        public string Function => function;
        public string Array => array;
        public FormulaExpr Inner => inner;
        public override IEnumerable<string> Fields => inner.Fields;
    }
}

/// <summary>A closed interval of possible values, for the plan-time check that a formula stays inside its field's bounds.</summary>
public readonly record struct ValueRange(decimal Lo, decimal Hi)
{
    public static ValueRange operator +(ValueRange a, ValueRange b) => new(a.Lo + b.Lo, a.Hi + b.Hi);
    public static ValueRange operator -(ValueRange a, ValueRange b) => new(a.Lo - b.Hi, a.Hi - b.Lo);

    public static ValueRange operator *(ValueRange a, ValueRange b)
    {
        decimal[] p = [a.Lo * b.Lo, a.Lo * b.Hi, a.Hi * b.Lo, a.Hi * b.Hi];
        return new(p.Min(), p.Max());
    }

    public override string ToString() => $"{Lo.ToString(CultureInfo.InvariantCulture)} to {Hi.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>Computes a formula's value in the record being made, rounded to the field's step and written as a number.</summary>
public sealed class FormulaValueGenerator : ValueGenerator, IRecordFieldReader
{
    private readonly FormulaExpr _formula;
    private readonly Dictionary<string, PlanNode> _fields;
    private readonly Dictionary<string, PlanNode> _arrays;
    private readonly decimal _step;
    private readonly int _scale;
    private readonly double? _floatMultipleOf;

    internal FormulaValueGenerator(FormulaExpr formula, Dictionary<string, PlanNode> fields, Dictionary<string, PlanNode> arrays, decimal step,
        int scale, double? floatMultipleOf, ValueRange range)
    {
        _formula = formula;
        _fields = fields;
        _arrays = arrays;
        _step = step;
        _scale = scale;
        _floatMultipleOf = floatMultipleOf;
        Range = range;
    }

    /// <summary>The values the formula can give (checked against the field's bounds when the plan is made).</summary>
    public ValueRange Range { get; }

    /// <summary>Digits after the decimal point the value is rounded to.</summary>
    public int Scale => _scale;

    public IEnumerable<PlanNode> FieldsRead => _fields.Values;
    public override ValueJsonType JsonType => ValueJsonType.Raw;

    /// <summary>Set when the field is an amount of a record that names its currency: the result has that currency's decimals at most.</summary>
    public RecordCurrency? Currency { get; set; }

    public override void Generate(ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer)
    {
        var step = StepIn(scope);
        var value = Compute(scope, step);
        if (_floatMultipleOf is { } m && !WholeMultiple(value, m))
        {
            // JSON validators check multipleOf in binary floating point, and the exact result fails that check (about
            // one in seven two-decimal values do): a line moves by a cent (a step of its own), so that the total, still
            // exactly its lines' result, is a whole double multiple.
            if (AdjustLine(scope, step, m) is { } adjusted) value = adjusted;
            else
            {
                // No line can move (none is a plain number field of its own): the nearest value that passes is written.
                for (var k = 1; k < 8 && !WholeMultiple(value, m); k++)
                {
                    var up = value + k * step;
                    if (WholeMultiple(up, m)) { value = up; break; }
                    var down = value - k * step;
                    if (WholeMultiple(down, m)) { value = down; break; }
                }
            }
        }
        buffer.Append(value.ToString(_scale == 0 ? "0" : "0." + new string('#', _scale), CultureInfo.InvariantCulture));
    }

    /// <summary>The field's step, or the currency's smallest unit where that is coarser (whole yen) and a multiple of it.</summary>
    private decimal StepIn(GenerationScope scope)
    {
        if (Currency is not { } currency) return _step;
        var minor = currency.MinorUnitsOf(scope);
        if (minor >= _scale) return _step;
        var currencyStep = 1m / NumberValueGenerator.Pow10(minor);
        return currencyStep % _step == 0 ? Math.Max(currencyStep, _step) : _step;
    }

    private decimal Compute(GenerationScope scope, decimal step)
    {
        decimal value;
        try
        {
            value = Evaluate(_formula, scope, -1, -1);
        }
        catch (Exception e) when (e is OverflowException or DivideByZeroException)
        {
            value = 0;
        }
        value = Math.Round(value / step, MidpointRounding.AwayFromZero) * step;
        return Math.Round(value, _scale, MidpointRounding.AwayFromZero);
    }

    // Plain number fields the formula reads that nothing else reads: moving one of them changes no other value.
    private PlanNode[]? _movable;

    private PlanNode[] Movable(GenerationPlan plan)
    {
        if (_movable is { } known) return known;
        var readElsewhere = new HashSet<PlanNode>();
        foreach (var node in plan.Nodes)
        {
            foreach (var g in node.Variants is { } vs ? vs.Select(v => v.Behavior.Generator).Prepend(node.Behavior.Generator)
                : [node.Behavior.Generator])
                if (g is IRecordFieldReader reader && !ReferenceEquals(g, this))
                    foreach (var f in reader.FieldsRead) readElsewhere.Add(f);
            if (node.Behavior.After is { } a) readElsewhere.Add(a);
            if (node.Behavior.Before is { } b) readElsewhere.Add(b);
        }
        return _movable = [.. _fields.Values.Distinct().Where(f => f.Variants is null && !f.Behavior.Unique
            && f.Behavior.Generator is NumberValueGenerator && !readElsewhere.Contains(f))];
    }

    /// <summary>
    /// Moves one value the formula reads by a step or a few (in place: only to a text no longer than before) until the
    /// exact result passes the floating-point check; the new result, or null (everything put back) when none does.
    /// </summary>
    private decimal? AdjustLine(GenerationScope scope, decimal step, double m)
    {
        var movable = Movable(scope.Plan);
        if (movable.Length == 0) return null;
        var buffer = scope.Buffer;
        Span<char> saved = stackalloc char[64];
        for (var t = 0; t < buffer.TokenCount; t++)
        {
            ref var token = ref buffer.Token(t);
            if (token.Kind != TokenKind.Value || token.Offset < 0 || token.Length > saved.Length) continue;
            var nodeId = token.NodeId;
            var field = Array.Find(movable, f => f.Id == nodeId);
            if (field?.Behavior.Generator is not NumberValueGenerator numbers) continue;
            var length = token.Length;
            buffer.Text(token).CopyTo(saved);
            for (var k = 1; k <= 6; k++)
            {
                foreach (var steps in (ReadOnlySpan<int>)[k, -k])
                {
                    if (numbers.Neighbour(saved[..length], steps, scope) is not { } text || text.Length > length) continue;
                    for (var c = 0; c < text.Length; c++) buffer.Set(token.Offset + c, text[c]);
                    token.Length = text.Length;
                    var value = Compute(scope, step);
                    if (WholeMultiple(value, m)) return value;
                    for (var c = 0; c < length; c++) buffer.Set(token.Offset + c, saved[c]);
                    token.Length = length;
                }
            }
        }
        return null;
    }

    private static bool WholeMultiple(decimal value, double m)
    {
        var q = (double)value / m;
        return q == Math.Truncate(q);
    }

    /// <summary>The formula's value; inside an aggregate, field lookups stay within tokens [itemStart, itemEnd).</summary>
    private decimal Evaluate(FormulaExpr e, GenerationScope scope, int itemStart, int itemEnd)
    {
        switch (e)
        {
            case FormulaExpr.Constant c: return c.Value;
            case FormulaExpr.Field f: return Read(_fields[f.Path], scope, itemStart, itemEnd);
            case FormulaExpr.Binary b:
                {
                    var l = Evaluate(b.Left, scope, itemStart, itemEnd);
                    var r = Evaluate(b.Right, scope, itemStart, itemEnd);
                    return b.Op switch { '+' => l + r, '-' => l - r, '*' => l * r, _ => r == 0 ? 0 : l / r };
                }
            case FormulaExpr.Aggregate a:
                {
                    var array = _arrays[a.Array];
                    var tokens = scope.Buffer.Tokens;
                    decimal sum = 0, min = decimal.MaxValue, max = decimal.MinValue;
                    var count = 0;
                    var itemId = array.Item.Id;
                    for (var i = 0; i < tokens.Length; i++)
                    {
                        if (tokens[i].NodeId != itemId) continue;
                        var end = i + 1;
                        if (tokens[i].Kind is TokenKind.StartObject or TokenKind.StartArray)
                        {
                            var depth = 1;
                            while (end < tokens.Length && depth > 0)
                            {
                                if (tokens[end].Kind is TokenKind.StartObject or TokenKind.StartArray) depth++;
                                else if (tokens[end].Kind is TokenKind.EndObject or TokenKind.EndArray) depth--;
                                end++;
                            }
                        }
                        var v = Evaluate(a.Inner, scope, i, end);
                        sum += v;
                        min = Math.Min(min, v);
                        max = Math.Max(max, v);
                        count++;
                        i = end - 1;
                    }
                    return a.Function switch
                    {
                        "sum" => sum,
                        "count" => count,
                        "avg" => count == 0 ? 0 : sum / count,
                        "min" => count == 0 ? 0 : min,
                        _ => count == 0 ? 0 : max,
                    };
                }
            default: return 0;
        }
    }

    private static decimal Read(PlanNode field, GenerationScope scope, int itemStart, int itemEnd)
    {
        var tokens = scope.Buffer.Tokens;
        var token = -1;
        if (itemStart >= 0)
        {
            for (var i = itemStart; i < itemEnd; i++)
                if (tokens[i].NodeId == field.Id && tokens[i].Kind == TokenKind.Value && tokens[i].Offset >= 0) { token = i; break; }
        }
        else token = RecordLookup.Find(scope, field.Id, scope.CurrentToken);
        if (token < 0) return 0;
        return decimal.TryParse(scope.Buffer.Text(tokens[token]), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0;
    }
}
