using Tdmp.Generation.Values;

namespace Tdmp.Generation.Engine;

/// <summary>A rule's <c>template</c>: literal text with <c>{field}</c> slots filled from the same record.</summary>
public sealed class TemplateValueGenerator(string[] literals, PlanNode?[] fields, int maxLength, bool asciiFields)
    : ValueGenerator, IRecordFieldReader
{
    public IEnumerable<PlanNode> FieldsRead => fields.OfType<PlanNode>();

    public IReadOnlyList<PlanNode?> Fields => fields;

    /// <summary>The one text a template without slots always makes; null when it reads fields.</summary>
    public string? ConstantText =>
        fields.Length > 0 ? null : string.Concat(literals) is var text && text.Length > maxLength ? text[..maxLength] : text;

    public override void Generate(ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer)
    {
        var start = buffer.Mark;
        Span<char> scratch = stackalloc char[256];
        for (var i = 0; i < literals.Length; i++)
        {
            buffer.Append(literals[i]);
            if (i >= fields.Length || fields[i] is not { } field) continue;
            var token = RecordLookup.Find(scope, field.Id, scope.CurrentToken);
            if (token < 0) continue;
            var t = buffer.Token(token);
            // Copy through a stack span: the source lives in the same buffer that grows.
            var length = t.Length;
            var copy = length <= scratch.Length ? scratch[..length] : new char[length];
            buffer.Text(t.Offset, length).CopyTo(copy);
            if (asciiFields) EmailLocalPart.Append(buffer, copy);
            else buffer.Append(copy);
        }
        if (buffer.CharCount - start > maxLength) buffer.ResetTo(start + maxLength);
    }

    /// <summary>Splits <c>"{a}.{b}@x"</c> into literals and field names: literal[i] comes before field[i].</summary>
    public static (string[] Literals, string[] FieldNames) Parse(string template)
    {
        var literals = new List<string>();
        var names = new List<string>();
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '{')
            {
                var close = template.IndexOf('}', i);
                if (close > i)
                {
                    literals.Add(sb.ToString());
                    sb.Clear();
                    names.Add(template[(i + 1)..close].Trim());
                    i = close;
                    continue;
                }
            }
            sb.Append(c);
        }
        literals.Add(sb.ToString());
        return ([.. literals], [.. names]);
    }
}

/// <summary>
/// A rule's <c>reference</c> or an XSD IDREF/keyref: a value that exists elsewhere in the dataset —
/// from the file's envelope (the authors of a library), from another record (a manager's
/// <c>employee_id</c>), or from an array of this record when the target repeats inside it.
/// </summary>
public sealed class ReferenceValueGenerator(PlanNode? target, ValueGenerator fallback, bool targetOncePerRecord = false)
    : ValueGenerator, IRecordFieldReader
{
    public IEnumerable<PlanNode> FieldsRead => target is null || targetOncePerRecord ? [] : [target];

    public PlanNode? Target => target;

    /// <summary>Takes the target's value of another record, remade from that record's first stream of the field.</summary>
    public bool ReadsOtherRecords => target is not null && targetOncePerRecord;
    public override ValueJsonType JsonType => target?.JsonType ?? fallback.JsonType;

    /// <summary>The first field of a multi-field keyref: which referenced value it took is kept in the scope, for the
    /// other fields (<see cref="TupleReferenceValueGenerator"/>) to take theirs from the same key element.</summary>
    public bool LeadsTuple { get; set; }

    public override void Generate(ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer)
    {
        if (scope.Envelope is { } envelope && envelope.PickValue(target, ref rng, buffer, out var nth))
        {
            Remember(scope, ReferenceSource.Envelope, nth);
            return;
        }
        if (target is not null && !scope.InEnvelope)
        {
            if (targetOncePerRecord && scope.RecordCount > 1)
            {
                if (!WriteOtherRecordsValue(target, ref rng, scope, buffer)) fallback.Generate(ref rng, scope, buffer);
                return;
            }
            var count = RecordLookup.Count(scope, target.Id);
            if (count > 0)
            {
                var pick = rng.NextInt(count);
                RecordLookup.AppendNth(scope, target.Id, pick, buffer);
                Remember(scope, ReferenceSource.Record, pick);
                return;
            }
            if (target.Behavior.Unique || target.Behavior.Generator is SequenceValueGenerator)
            {
                // The value another record of this file has: a pure function of that record's index.
                var other = rng.NextLong(scope.FileFirstRecord, scope.RecordIndex);
                RecordEngine.WriteIndexDerived(target, scope, other, buffer);
                Remember(scope, ReferenceSource.OtherRecord, other);
                return;
            }
        }
        fallback.Generate(ref rng, scope, buffer);
    }

    /// <summary>
    /// The target's value in another record of the dataset (never this one): index-derived values
    /// (unique, sequence) are computed from that record's index, plain ones remade from that record's
    /// stream of the field, which depends only on (seed, field, record index).
    /// </summary>
    private static bool WriteOtherRecordsValue(PlanNode target, ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer)
    {
        var other = rng.NextLong(0, scope.RecordCount - 2);
        if (other >= scope.RecordIndex) other++;
        if (target.Behavior.Unique || target.Behavior.Generator is SequenceValueGenerator)
        {
            RecordEngine.WriteIndexDerived(target, scope, other, buffer);
            return true;
        }
        if (!RecordEngine.CanRemake(target, scope.Plan.Record)) return false;
        RecordEngine.Remake(target, scope, other, buffer);
        return true;
    }

    private void Remember(GenerationScope scope, ReferenceSource source, long index)
    {
        if (LeadsTuple) scope.ReferenceChoices[scope.CurrentToken] = new ReferenceChoice(scope.RecordIndex, source, index);
    }
}

/// <summary>Where the first field of a multi-field keyref took its value from.</summary>
public enum ReferenceSource { Envelope, Record, OtherRecord }

/// <summary>The choice of a keyref's first field, made while generating record <paramref name="RecordIndex"/>: the
/// nth value in the envelope or the record, or the record index whose index-derived key it copied.</summary>
public readonly record struct ReferenceChoice(long RecordIndex, ReferenceSource Source, long Index);

/// <summary>
/// A field of a multi-field XSD keyref after the first: it takes its value from the same key element the first field
/// (<paramref name="lead"/>, the nearest one in the record) took its value from, so the tuple matches one key's tuple.
/// Without a recorded choice it behaves like a plain reference (<paramref name="alone"/>).
/// </summary>
public sealed class TupleReferenceValueGenerator(PlanNode lead, PlanNode target, ValueGenerator alone) : ValueGenerator, IRecordFieldReader
{
    public IEnumerable<PlanNode> FieldsRead => [lead, target];

    public override ValueJsonType JsonType => target.JsonType;

    public override void Generate(ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer)
    {
        var leadToken = RecordLookup.Find(scope, lead.Id, scope.CurrentToken);
        if (leadToken >= 0 && scope.ReferenceChoices.TryGetValue(leadToken, out var choice) && choice.RecordIndex == scope.RecordIndex)
        {
            switch (choice.Source)
            {
                case ReferenceSource.Envelope when scope.Envelope is { } envelope && envelope.AppendNth(target, (int)choice.Index, buffer):
                    return;
                case ReferenceSource.Record when RecordLookup.AppendNth(scope, target.Id, (int)choice.Index, buffer):
                    return;
                case ReferenceSource.OtherRecord when target.Behavior.Unique || target.Behavior.Generator is SequenceValueGenerator:
                    RecordEngine.WriteIndexDerived(target, scope, choice.Index, buffer);
                    return;
            }
        }
        alone.Generate(ref rng, scope, buffer);
    }
}

/// <summary>Finds values already made in the current record's token stream.</summary>
public static class RecordLookup
{
    /// <summary>The nearest made value of <paramref name="nodeId"/>: before <paramref name="near"/> first, then after it; -1 if none.</summary>
    public static int Find(GenerationScope scope, int nodeId, int near)
    {
        var tokens = scope.Buffer.Tokens;
        if (near > tokens.Length) near = tokens.Length;
        for (var i = near - 1; i >= 0; i--)
            if (tokens[i].NodeId == nodeId && tokens[i].Kind == TokenKind.Value && tokens[i].Offset >= 0) return i;
        for (var i = near; i < tokens.Length; i++)
            if (tokens[i].NodeId == nodeId && tokens[i].Kind == TokenKind.Value && tokens[i].Offset >= 0) return i;
        return -1;
    }

    public static int Count(GenerationScope scope, int nodeId)
    {
        var n = 0;
        foreach (ref readonly var t in scope.Buffer.Tokens)
            if (t.NodeId == nodeId && t.Kind == TokenKind.Value && t.Offset >= 0) n++;
        return n;
    }

    /// <summary>Appends the <paramref name="nth"/> made value of <paramref name="nodeId"/> in the record; false when there is none.</summary>
    public static bool AppendNth(GenerationScope scope, int nodeId, int nth, RecordBuffer into)
    {
        var token = Nth(scope, nodeId, nth);
        if (token < 0) return false;
        var t = scope.Buffer.Token(token);
        Span<char> copy = t.Length <= 512 ? stackalloc char[t.Length] : new char[t.Length];
        scope.Buffer.Text(t.Offset, t.Length).CopyTo(copy);
        into.Append(copy);
        return true;
    }

    public static int Nth(GenerationScope scope, int nodeId, int nth)
    {
        var tokens = scope.Buffer.Tokens;
        for (var i = 0; i < tokens.Length; i++)
            if (tokens[i].NodeId == nodeId && tokens[i].Kind == TokenKind.Value && tokens[i].Offset >= 0 && nth-- == 0) return i;
        return -1;
    }
}
