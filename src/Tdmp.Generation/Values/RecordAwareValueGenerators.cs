using Tdmp.Generation.Engine;

namespace Tdmp.Generation.Values;

/// <summary>A generator that reads other fields of the record, so its node is made after them.</summary>
public interface IRecordFieldReader
{
    IEnumerable<PlanNode> FieldsRead { get; }
}

/// <summary>
/// An email that belongs to the person of the record: <c>first.last@domain</c> from the record's
/// first/last (or full) name fields, spelt in lower-case ASCII; a random realistic one when the
/// record has none of them.
/// </summary>
public sealed class NameEmailValueGenerator(PlanNode? first, PlanNode? last, PlanNode? full) : ValueGenerator, IRecordFieldReader
{
    private static readonly SemanticValueGenerator Fallback = new(SemanticKind.Email);

    public IEnumerable<PlanNode> FieldsRead => new[] { first, last, full }.OfType<PlanNode>();

    public override void Generate(ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer)
    {
        var start = buffer.Mark;
        var wrote = false;
        if (first is not null && last is not null)
            wrote = AppendField(scope, buffer, first) && Dot(buffer) && AppendField(scope, buffer, last);
        else if (full is not null)
            wrote = AppendField(scope, buffer, full);
        if (!wrote || buffer.CharCount - start < 3)
        {
            buffer.ResetTo(start);
            Fallback.Generate(ref rng, scope, buffer);
            return;
        }
        if (rng.Chance(0.3)) buffer.AppendInteger(rng.NextInt(1, 99));
        buffer.Append('@');
        buffer.Append(WordLists.EmailDomains[rng.NextInt(WordLists.EmailDomains.Length)]);
    }

    /// <summary>Unique e-mails still spell the person's name: a natural variation (spelling, domain, number) tells them apart.</summary>
    public override UInt128 UniqueDomain => UInt128.MaxValue;

    public override void GenerateUnique(UInt128 key, ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer)
    {
        Span<char> firstText = stackalloc char[128];
        Span<char> lastText = stackalloc char[128];
        var firstLength = first is not null && last is not null ? Copy(scope, buffer, first, firstText) : -1;
        var lastLength = first is not null && last is not null ? Copy(scope, buffer, last, lastText) : -1;
        if (firstLength <= 0 && full is not null)
        {
            // A full name: its first word and the rest.
            var n = Copy(scope, buffer, full, firstText);
            var cut = n > 0 ? firstText[..n].IndexOf(' ') : -1;
            if (cut > 0)
            {
                firstText[(cut + 1)..n].CopyTo(lastText);
                lastLength = n - cut - 1;
                firstLength = cut;
            }
        }
        if (firstLength <= 0 || lastLength <= 0)
        {
            Fallback.GenerateUnique(key, ref rng, scope, buffer);
            return;
        }
        EmailLocalPart.AppendUnique(buffer, firstText[..firstLength], lastText[..lastLength], key);
    }

    private static int Copy(GenerationScope scope, RecordBuffer buffer, PlanNode field, Span<char> into)
    {
        var token = RecordLookup.Find(scope, field.Id, scope.CurrentToken);
        if (token < 0) return -1;
        var t = buffer.Token(token);
        var n = Math.Min(t.Length, into.Length);
        buffer.Text(t.Offset, n).CopyTo(into);
        return n;
    }

    private static bool Dot(RecordBuffer buffer)
    {
        buffer.Append('.');
        return true;
    }

    private static bool AppendField(GenerationScope scope, RecordBuffer buffer, PlanNode field)
    {
        var token = RecordLookup.Find(scope, field.Id, scope.CurrentToken);
        if (token < 0) return false;
        var t = buffer.Token(token);
        // Copied first: the source lives in the buffer being appended to.
        Span<char> copy = stackalloc char[Math.Min(t.Length, 128)];
        buffer.Text(t.Offset, copy.Length).CopyTo(copy);
        return EmailLocalPart.Append(buffer, copy) > 0;
    }
}

/// <summary>A line number or position: the item's 1-based place in its array, when the bounds allow it.</summary>
public sealed class PositionValueGenerator(NumberValueGenerator bounds) : ValueGenerator
{
    public override ValueJsonType JsonType => bounds.JsonType;

    public override void Generate(ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer)
    {
        var p = scope.ItemPosition;
        if (p >= bounds.Lo && p <= bounds.Hi && bounds.Scale == 0) buffer.AppendInteger(p);
        else bounds.Generate(ref rng, scope, buffer);
    }

    public override UInt128 UniqueDomain => bounds.UniqueDomain;
    public override void GenerateUnique(UInt128 key, ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer) =>
        bounds.GenerateUnique(key, ref rng, scope, buffer);
}

/// <summary>
/// A key field that keyref fields fixed to one value refer to (SCL's <c>LNodeType/@lnClass</c>, which an <c>LN0</c>
/// refers to as <c>LLN0</c>): the first key elements of a record (or of the file's envelope) hold those values, one each,
/// so each such reference finds a key; later ones hold them half the time, for keys declared on elements that repeat.
/// </summary>
public sealed class OfferedValuesGenerator(PlanNode field, string[] offered, ValueGenerator own) : ValueGenerator
{
    public override ValueJsonType JsonType => own.JsonType;
    public override (int Min, int Max) LengthRange => own.LengthRange;

    public override void Generate(ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer)
    {
        // The field is made in document order, so its values so far are the buffer's, before the token being made (the last).
        var made = 0;
        var tokens = scope.Buffer.Tokens;
        for (var i = tokens.Length - 2; i >= 0 && made < offered.Length; i--)
            if (tokens[i] is { Kind: TokenKind.Value, Offset: >= 0 } t && t.NodeId == field.Id) made++;
        if (made < offered.Length) buffer.Append(offered[made]);
        else if (rng.NextInt(2) == 0) buffer.Append(offered[rng.NextInt(offered.Length)]);
        else own.Generate(ref rng, scope, buffer);
    }
}

