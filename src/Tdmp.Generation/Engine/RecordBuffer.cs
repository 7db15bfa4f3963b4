using System.Runtime.CompilerServices;

namespace Tdmp.Generation.Engine;

/// <summary>What a <see cref="RecordToken"/> stands for.</summary>
public enum TokenKind : byte { StartObject, EndObject, StartArray, EndArray, Value, Null }

/// <summary>How a value is written in JSON: quoted or as it is.</summary>
public enum ValueJsonType : byte { String, Raw }

/// <summary>One event of a generated record; values point into the record's character area.</summary>
public struct RecordToken
{
    public TokenKind Kind;
    public ValueJsonType JsonType;
    public int NodeId;
    /// <summary>The node whose name the token is written under: <see cref="NodeId"/>, except on the outermost token(s) of
    /// a recursion's content, where it is the recursion node (<see cref="PlanNodeKind.Recursion"/>) that repeats its target
    /// under its own name, namespace and occurrences.</summary>
    public int NameId;
    public int Offset;
    public int Length;
}

/// <summary>
/// One generated record as a flat token stream plus the characters of its values. Every writer
/// walks the same stream, so a record is made once whatever formats are asked for; the buffer is
/// reused from record to record, so making a record allocates nothing once it has grown.
/// </summary>
public sealed class RecordBuffer
{
    private RecordToken[] _tokens = new RecordToken[256];
    private char[] _chars = new char[4096];

    public int TokenCount { get; private set; }

    /// <summary>Characters plus tokens one record may hold: the run's max_record_bytes (UTF-8 takes at least one byte per
    /// character, and every token writes at least one). Checked only when the buffer grows, so a record that would need
    /// gigabytes stops at about twice this instead of exhausting memory.</summary>
    public int MaxSize { get; set; } = int.MaxValue;
    public int CharCount { get; private set; }

    public ReadOnlySpan<RecordToken> Tokens => _tokens.AsSpan(0, TokenCount);
    public ref RecordToken Token(int index) => ref _tokens[index];

    public ReadOnlySpan<char> Text(in RecordToken token) => _chars.AsSpan(token.Offset, token.Length);
    public ReadOnlySpan<char> Text(int offset, int length) => _chars.AsSpan(offset, length);

    public void Clear()
    {
        TokenCount = 0;
        CharCount = 0;
        _structure++;
    }

    /// <summary>Counts the changes that replace tokens (clear, truncate, remove); with <see cref="TokenCount"/> it says
    /// whether <see cref="Index"/> is still the buffer's.</summary>
    private int _structure;
    private (int Structure, int Count) _indexed = (-1, -1);
    private RecordBufferIndex? _index;

    /// <summary>Where each node's tokens are and which element encloses each token, rebuilt when the tokens changed. For
    /// the buffer of one worker's record only: built on first read, it must not be read from a buffer several workers
    /// share (a file's envelope, which <see cref="KeyrefScope.PickInEnvelope"/> scans instead).</summary>
    public RecordBufferIndex Index
    {
        get
        {
            _index ??= new RecordBufferIndex();
            if (_indexed != (_structure, TokenCount))
            {
                _index.Build(this);
                _indexed = (_structure, TokenCount);
            }
            return _index;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Add(TokenKind kind, int nodeId)
    {
        if (TokenCount == _tokens.Length) GrowTokens();
        ref var t = ref _tokens[TokenCount];
        t.Kind = kind;
        t.NodeId = nodeId;
        t.NameId = nodeId;
        t.Offset = 0;
        t.Length = 0;
        t.JsonType = ValueJsonType.String;
        return TokenCount++;
    }

    /// <summary>Starts a value: characters appended until <see cref="EndValue"/> belong to it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int BeginValue(int nodeId, ValueJsonType type)
    {
        var index = Add(TokenKind.Value, nodeId);
        _tokens[index].JsonType = type;
        _tokens[index].Offset = CharCount;
        return index;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EndValue(int tokenIndex) => _tokens[tokenIndex].Length = CharCount - _tokens[tokenIndex].Offset;

    /// <summary>Where the next appended character goes (values are made by appending).</summary>
    public int Mark => CharCount;

    public ReadOnlySpan<char> Since(int mark) => _chars.AsSpan(mark, CharCount - mark);

    /// <summary>Drops characters appended after <paramref name="mark"/> (a rejected attempt).</summary>
    public void ResetTo(int mark) => CharCount = mark;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(char c)
    {
        if (CharCount == _chars.Length) Grow(1);
        _chars[CharCount++] = c;
    }

    public void Append(ReadOnlySpan<char> text)
    {
        if (CharCount + text.Length > _chars.Length) Grow(text.Length);
        text.CopyTo(_chars.AsSpan(CharCount));
        CharCount += text.Length;
    }

    public void Append(string text) => Append(text.AsSpan());

    /// <summary>Appends a non-negative or negative integer in invariant form.</summary>
    public void AppendInteger(long value)
    {
        if (CharCount + 20 > _chars.Length) Grow(20);
        value.TryFormat(_chars.AsSpan(CharCount), out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        CharCount += written;
    }

    /// <summary>Appends a non-negative <paramref name="value"/> with at least <paramref name="width"/> digits, zero padded.</summary>
    public void AppendPadded(long value, int width)
    {
        if (value < 0)
        {
            AppendInteger(value);
            return;
        }
        var digits = 1;
        for (var v = value / 10; v > 0; v /= 10) digits++;
        var length = Math.Max(digits, width);
        if (CharCount + length > _chars.Length) Grow(length);
        var end = CharCount + length;
        for (var i = end - 1; i >= CharCount; i--)
        {
            _chars[i] = (char)('0' + (int)(value % 10));
            value /= 10;
        }
        CharCount = end;
    }

    /// <summary>Appends a number in base 36 (digits and lower-case letters): short index-derived suffixes.</summary>
    public void AppendBase36(UInt128 value)
    {
        Span<char> digits = stackalloc char[32];
        var n = 0;
        do { digits[n++] = "0123456789abcdefghijklmnopqrstuvwxyz"[(int)(value % 36)]; value /= 36; } while (value > 0);
        for (var i = n - 1; i >= 0; i--) Append(digits[i]);
    }

    /// <summary>A writable span of at least <paramref name="size"/> characters at the end; commit with <see cref="Commit"/>.</summary>
    public Span<char> Reserve(int size)
    {
        if (CharCount + size > _chars.Length) Grow(size);
        return _chars.AsSpan(CharCount);
    }

    public void Commit(int count) => CharCount += count;

    /// <summary>Overwrites one character already appended (capitalising a sentence).</summary>
    public void Set(int offset, char c) => _chars[offset] = c;

    /// <summary>Sets a value token to characters already in the buffer (a deferred value filled later).</summary>
    public void SetValue(int tokenIndex, int offset, int length, ValueJsonType type)
    {
        ref var t = ref _tokens[tokenIndex];
        t.Kind = TokenKind.Value;
        t.Offset = offset;
        t.Length = length;
        t.JsonType = type;
    }

    /// <summary>Writes the token under another node's name (the recursion node that repeats it).</summary>
    public void SetName(int tokenIndex, int nameId) => _tokens[tokenIndex].NameId = nameId;

    /// <summary>Copies a token of another buffer (value text included), keeping its name.</summary>
    public int CopyToken(RecordBuffer from, in RecordToken t)
    {
        int index;
        if (t.Kind != TokenKind.Value) index = Add(t.Kind, t.NodeId);
        else
        {
            index = BeginValue(t.NodeId, t.JsonType);
            Append(from.Text(t));
            EndValue(index);
        }
        _tokens[index].NameId = t.NameId;
        return index;
    }

    /// <summary>Drops tokens from <paramref name="count"/> on (a rejected item).</summary>
    public void TruncateTokens(int count)
    {
        TokenCount = Math.Min(TokenCount, count);
        _structure++;
    }

    /// <summary>Drops the tokens of <paramref name="ranges"/> ([start, end), sorted by start; a range inside an earlier one
    /// is skipped): content left out once the record is made. Their characters stay, unused.</summary>
    public void RemoveTokens(List<(int Start, int End)> ranges)
    {
        var write = 0;
        var read = 0;
        foreach (var (start, end) in ranges)
        {
            if (end <= read) continue;
            var from = Math.Max(start, read);
            if (from > read) Array.Copy(_tokens, read, _tokens, write, from - read);
            write += from - read;
            read = end;
        }
        if (TokenCount > read) Array.Copy(_tokens, read, _tokens, write, TokenCount - read);
        TokenCount = write + Math.Max(0, TokenCount - read);
        _structure++;
    }

    public void SetNull(int tokenIndex)
    {
        ref var t = ref _tokens[tokenIndex];
        t.Kind = TokenKind.Null;
        t.Length = 0;
    }

    private void Grow(int extra)
    {
        if ((long)CharCount + extra + TokenCount > MaxSize) throw new RecordTooLargeException(MaxSize);
        Array.Resize(ref _chars, (int)Math.Min(Array.MaxLength, Math.Max(_chars.Length * 2L, CharCount + extra + 64L)));
    }

    private void GrowTokens()
    {
        if ((long)CharCount + TokenCount > MaxSize) throw new RecordTooLargeException(MaxSize);
        Array.Resize(ref _tokens, _tokens.Length * 2);
    }
}
