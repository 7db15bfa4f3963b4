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
    public IEnumerable<PlanNode> FieldsRead =>
        Keyref is { Within: not null } k ? k.Targets : target is null || targetOncePerRecord ? [] : [target];

    /// <summary>An XSD keyref: where its values may come from, and whether they must differ (see <see cref="KeyrefScope"/>).</summary>
    public KeyrefScope? Keyref { get; init; }

    public PlanNode? Target => target;

    /// <summary>Takes the target's value of another record, remade from that record's first stream of the field.</summary>
    public bool ReadsOtherRecords => target is not null && targetOncePerRecord;
    public override ValueJsonType JsonType => target?.JsonType ?? fallback.JsonType;

    /// <summary>The first field of a multi-field keyref: which referenced value it took is kept in the scope, for the
    /// other fields (<see cref="TupleReferenceValueGenerator"/>) to take theirs from the same key element.</summary>
    public bool LeadsTuple { get; set; }

    public override void Generate(ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer)
    {
        if (Keyref is { } keyref)
        {
            if (keyref.Pick(ref rng, scope, buffer, out _, out var nthInRecord))
            {
                Remember(scope, ReferenceSource.Record, nthInRecord);
                return;
            }
            if (keyref.Within is null && scope.Envelope is { } around && keyref.PickInEnvelope(ref rng, scope, around, buffer, out var nthInEnvelope))
            {
                Remember(scope, ReferenceSource.Envelope, nthInEnvelope);
                return;
            }
            if (keyref.Within is null && keyref.PickInFileRecords(ref rng, scope, buffer, out var record))
            {
                Remember(scope, ReferenceSource.OtherRecord, record);
                return;
            }
            scope.ReferenceMissing = true;
            fallback.Generate(ref rng, scope, buffer);
            return;
        }
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
/// Where an XSD keyref's values come from. Identity constraints hold per instance of the element declaring them: a
/// keyref declared on an element inside the record (<paramref name="Within"/>) takes a value of one of its key's fields
/// (<paramref name="Targets"/>) made inside the same instance of that element; one declared on the record or the file's
/// root (<paramref name="Within"/> null) takes one from the record, the file's envelope or, from the envelope, a record of
/// the file (<paramref name="TargetInEveryRecord"/>: the key field is made in every record, index-derived). A keyref
/// field that a <c>unique</c> also covers takes a value no field of <paramref name="DistinctWith"/> has taken inside the
/// same instance of <paramref name="DistinctWithin"/>. When no value qualifies, the scope's
/// <see cref="GenerationScope.ReferenceMissing"/> is set: the engine leaves the field (or its element) out, or draws the
/// record again.
/// </summary>
public sealed record KeyrefScope(PlanNode[] Targets, PlanNode? Within, PlanNode? DistinctWithin, PlanNode[] DistinctWith, bool TargetInEveryRecord)
{
    /// <summary>The referencing field's own type, where it is narrower than a key field's (XLIFF's <c>NMTOKEN</c>
    /// <c>phase-name</c> referring to a <c>string</c> one): a key value it does not accept is never taken.</summary>
    public KeyValueCheck? FieldCheck { get; init; }

    /// <summary>For the first field of a multi-field keyref: the key fields the other fields copy from the same key element,
    /// with the check of each field whose type is narrower (SCL's <c>LN0</c>, whose <c>lnClass</c> is fixed to <c>LLN0</c>,
    /// referring to <c>LNodeType</c>'s of any class). A key element whose tuple one of them does not accept is never taken.</summary>
    public List<(PlanNode Target, KeyValueCheck Check)> Followers { get; } = [];

    /// <summary>How many records of the file a reference from the envelope tries before it gives up on distinct values.</summary>
    private const int FileRecordAttempts = 32;

    /// <summary>A qualifying value made in the current buffer (<paramref name="token"/>, and its rank among the first
    /// target's values of the buffer for a multi-field keyref's other fields), or from a record of the file.</summary>
    public bool Pick(ref RecordRandom rng, GenerationScope scope, RecordBuffer into, out int token, out int nthInRecord)
    {
        token = nthInRecord = -1;
        var buffer = scope.Buffer;
        var index = buffer.Index;
        var (start, end) = (0, buffer.TokenCount);
        if (Within is { } within && RecordLookup.Enclosing(buffer, within.Id, scope.CurrentToken) is { Start: >= 0 } range) (start, end) = range;
        var candidates = scope.Candidates;
        candidates.Clear();
        foreach (var target in Targets) // distinct nodes
        {
            var tokens = index.TokensOf(target.Id);
            for (var k = RecordBufferIndex.LowerBound(tokens, start); k < tokens.Length && tokens[k] < end; k++)
            {
                ref readonly var t = ref buffer.Token(tokens[k]);
                if (t.Kind != TokenKind.Value || t.Offset < 0 || !OnPathFrom(index, buffer, tokens[k], start) || Taken(scope, buffer.Text(t))
                    || FieldCheck is { } check && !check.Accepts(buffer.Text(t)) || !FollowersAccept(buffer, tokens[k], indexed: true)) continue;
                candidates.Add(tokens[k]);
            }
        }
        if (candidates.Count == 0) return false;
        if (Targets.Length > 1) candidates.Sort(); // in document order, whichever target holds them
        token = candidates[rng.NextInt(candidates.Count)];
        ref readonly var picked = ref buffer.Token(token);
        into.Append(buffer.Text(picked).ToArray());
        nthInRecord = 0;
        foreach (var before in index.TokensOf(picked.NodeId))
        {
            if (before >= token) break;
            if (buffer.Token(before) is { Kind: TokenKind.Value, Offset: >= 0 }) nthInRecord++;
        }
        return true;
    }

    /// <summary>Whether the other fields of the key element whose first field is <paramref name="token"/> fit the keyref's
    /// other fields (<see cref="Followers"/>). They are found as the other fields take them: the same rank among their
    /// node's values. <paramref name="indexed"/>: the buffer is this worker's own, whose index may be read (not the envelope).</summary>
    private bool FollowersAccept(RecordBuffer buffer, int token, bool indexed)
    {
        if (Followers.Count == 0) return true;
        var nth = 0;
        foreach (var i in TokensOf(buffer, buffer.Token(token).NodeId, indexed))
            if (i < token && IsMade(buffer, i)) nth++;
        foreach (var (target, check) in Followers)
        {
            var rank = 0;
            foreach (var i in TokensOf(buffer, target.Id, indexed))
                if (IsMade(buffer, i) && rank++ == nth)
                {
                    if (!check.Accepts(buffer.Text(buffer.Token(i)))) return false;
                    break;
                }
        }
        return true;
    }

    private static ReadOnlySpan<int> TokensOf(RecordBuffer buffer, int nodeId, bool indexed) =>
        indexed ? buffer.Index.TokensOf(nodeId) : Enumerable.Range(0, buffer.TokenCount).Where(i => buffer.Token(i).NodeId == nodeId).ToArray();

    private static bool IsMade(RecordBuffer buffer, int token) => buffer.Token(token) is { Kind: TokenKind.Value, Offset: >= 0 };

    /// <summary>Whether every element around <paramref name="token"/>, up to <paramref name="start"/>, is on the way down
    /// to the key fields (<see cref="OnPath"/>).</summary>
    private bool OnPathFrom(RecordBufferIndex index, RecordBuffer buffer, int token, int start)
    {
        for (var p = index.Parent(token); p >= start; p = index.Parent(p))
            if (!OnPath.Contains(buffer.Token(p).NodeId)) return false;
        return true;
    }

    /// <summary>From a record: a qualifying key value of the file's envelope, and its rank among the first target's values there.</summary>
    public bool PickInEnvelope(ref RecordRandom rng, GenerationScope scope, FileEnvelope envelope, RecordBuffer into, out int nth)
    {
        nth = -1;
        var tokens = envelope.Tokens;
        var candidates = 0;
        for (var pass = 0; pass < 2; pass++)
        {
            var pick = pass == 0 ? -1 : rng.NextInt(candidates);
            for (var i = 0; i < tokens.TokenCount; i++)
            {
                ref readonly var t = ref tokens.Token(i);
                if (t.Kind != TokenKind.Value || !IsTarget(t.NodeId) || Taken(scope, tokens.Text(t))
                    || FieldCheck is { } check && !check.Accepts(tokens.Text(t)) || !FollowersAccept(tokens, i, indexed: false)) continue;
                if (pass == 0) candidates++;
                else if (pick-- == 0)
                {
                    into.Append(tokens.Text(t));
                    nth = 0;
                    for (var j = 0; j < i; j++)
                        if (tokens.Token(j).NodeId == t.NodeId && tokens.Token(j).Kind == TokenKind.Value) nth++;
                    return true;
                }
            }
            if (candidates == 0) return false;
        }
        return false;
    }

    /// <summary>The index-derived key value of another record of the file (the key field is made in every record): from
    /// the envelope any record of the file, from a record an earlier one.</summary>
    public bool PickInFileRecords(ref RecordRandom rng, GenerationScope scope, RecordBuffer into, out long record)
    {
        record = -1;
        var count = scope.InEnvelope ? scope.FileRecordCount : scope.RecordIndex - scope.FileFirstRecord;
        if (!TargetInEveryRecord || count <= 0) return false;
        var target = Targets[0];
        var mark = into.Mark;
        for (var attempt = 0; attempt < FileRecordAttempts; attempt++)
        {
            record = scope.FileFirstRecord + rng.NextLong(0, count - 1);
            RecordEngine.WriteIndexDerived(target, scope, record, into);
            if (!Taken(scope, into.Since(mark)) && (FieldCheck is not { } check || check.Accepts(into.Since(mark)))) return true;
            into.ResetTo(mark);
        }
        return false;
    }

    /// <summary>The plan nodes on the way down to the key fields. A key field's value inside any other element is in a
    /// recursion's nested copy: of the key's element (XLIFF's <c>mrk</c> inside <c>mrk/it/sub</c>, which the selector
    /// <c>./seg-source/mrk</c> does not reach) or of the declaring element (GraphML's <c>graph</c> inside a
    /// <c>hyperedge</c>, whose nodes xmllint then finds twice). Such a value is never taken.</summary>
    private HashSet<int> OnPath { get; } = [.. Targets.SelectMany(t => Ancestors(t).Prepend(t)).Select(n => n.Id)];

    private static IEnumerable<PlanNode> Ancestors(PlanNode node)
    {
        for (var n = node.Parent; n is not null; n = n.Parent) yield return n;
    }

    private bool IsTarget(int nodeId)
    {
        foreach (var t in Targets) if (t.Id == nodeId) return true;
        return false;
    }

    /// <summary>Whether a field of <see cref="DistinctWith"/> has this value already inside the same instance of
    /// <see cref="DistinctWithin"/>.</summary>
    private bool Taken(GenerationScope scope, ReadOnlySpan<char> value)
    {
        if (DistinctWithin is not { } within) return false;
        var buffer = scope.Buffer;
        var (start, end) = RecordLookup.Enclosing(buffer, within.Id, scope.CurrentToken);
        if (start < 0) (start, end) = (0, buffer.TokenCount);
        foreach (var d in DistinctWith)
        {
            var tokens = buffer.Index.TokensOf(d.Id);
            for (var k = RecordBufferIndex.LowerBound(tokens, start); k < tokens.Length && tokens[k] < end; k++)
            {
                ref readonly var t = ref buffer.Token(tokens[k]);
                if (tokens[k] != scope.CurrentToken && t.Kind == TokenKind.Value && t.Offset >= 0 && buffer.Text(t).SequenceEqual(value)) return true;
            }
        }
        return false;
    }
}

/// <summary>Whether a value fits an XSD field's built-in type (its lexical space) and facets.</summary>
public sealed class KeyValueCheck
{
    private readonly Schema.SchemaNode _field;
    private readonly System.Xml.Schema.XmlSchemaDatatype? _datatype;

    private KeyValueCheck(Schema.SchemaNode field)
    {
        _field = field;
        // QName and NOTATION values need the namespaces in scope: their lexical form is not checked here.
        if (field.XsdType is { } type and not ("QName" or "NOTATION") && field.ListItem is null && field.UnionMembers is null)
            _datatype = System.Xml.Schema.XmlSchemaType.GetBuiltInSimpleType(
                new System.Xml.XmlQualifiedName(type, System.Xml.Schema.XmlSchema.Namespace))?.Datatype;
    }

    /// <summary>A check for <paramref name="field"/> when some key field's facts differ from its own; null when every
    /// key value fits it already.</summary>
    public static KeyValueCheck? For(Schema.SchemaNode field, IEnumerable<Schema.SchemaNode?> keys) =>
        keys.All(k => k is not null && Same(field, k)) ? null : new KeyValueCheck(field);

    /// <summary>A check for <paramref name="field"/>'s own type and facets.</summary>
    public static KeyValueCheck Of(Schema.SchemaNode field) => new(field);

    private static bool Same(Schema.SchemaNode a, Schema.SchemaNode b) =>
        a.XsdType == b.XsdType && a.MinLength == b.MinLength && a.MaxLength == b.MaxLength && a.Minimum == b.Minimum
        && a.Maximum == b.Maximum && a.ExclusiveMinimum == b.ExclusiveMinimum && a.ExclusiveMaximum == b.ExclusiveMaximum
        && (a.Patterns ?? []).SequenceEqual(b.Patterns ?? []) && (a.Enum ?? []).SequenceEqual(b.Enum ?? []) && a.Const == b.Const
        && a.Fixed == b.Fixed;

    /// <summary>Answers so far, by value: a record's references check the same few key values again and again, and a
    /// rejected value costs an exception. Bounded; a plan's runs share it.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _known = new(StringComparer.Ordinal);
    private const int MaxKnown = 4096;

    public bool Accepts(ReadOnlySpan<char> value)
    {
        var text = value.ToString();
        if (_known.TryGetValue(text, out var known)) return known;
        var accepted = Check(text);
        if (_known.Count < MaxKnown) _known.TryAdd(text, accepted);
        return accepted;
    }

    private bool Check(string value)
    {
        if (_field.Fixed is { } fixedValue && value != fixedValue) return false;
        if (_datatype is not null)
        {
            try
            {
                // The name types (NCName, ID, IDREF, ENTITY) atomise their value in the name table they are given.
                _datatype.ParseValue(value, new System.Xml.NameTable(), null);
            }
            catch (System.Xml.Schema.XmlSchemaException)
            {
                return false;
            }
            catch (FormatException)
            {
                return false;
            }
            catch (OverflowException)
            {
                return false;
            }
        }
        return ConditionTest.Matches(_field, value, Regexes.RegexDialect.Xsd);
    }
}

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

    /// <summary>The tokens [Start, End) of the innermost instance of <paramref name="nodeId"/> (an element) that encloses
    /// token <paramref name="inside"/>; (-1, -1) when none does.</summary>
    public static (int Start, int End) Enclosing(RecordBuffer buffer, int nodeId, int inside)
    {
        if (inside <= 0) return (-1, -1);
        var index = buffer.Index;
        for (var p = inside < buffer.TokenCount ? index.Parent(inside) : index.OpenAtEnd; p >= 0; p = index.Parent(p))
            if (buffer.Token(p).NodeId == nodeId) return (p, index.End(p));
        return (-1, -1);
    }

    public static int Count(GenerationScope scope, int nodeId)
    {
        var n = 0;
        foreach (var i in scope.Buffer.Index.TokensOf(nodeId))
            if (scope.Buffer.Token(i) is { Kind: TokenKind.Value, Offset: >= 0 }) n++;
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
        foreach (var i in scope.Buffer.Index.TokensOf(nodeId))
            if (scope.Buffer.Token(i) is { Kind: TokenKind.Value, Offset: >= 0 } && nth-- == 0) return i;
        return -1;
    }
}
