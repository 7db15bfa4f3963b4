using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Unicode;

namespace Tdmp.Generation.Writers;

/// <summary>
/// A growable UTF-8 byte buffer with the escaping every writer needs (JSON, XML, CSV, SQL), so
/// values go from the record's characters to output bytes in one pass with no strings in between.
/// </summary>
public sealed class Utf8Output
{
    // Grown from nothing as it is written: a csv/sql layout may have thousands of tables (FHIR's resources), most of which
    // get a header or no row at all in a chunk, and 64 KiB each up front took 800 MB for FHIR's sql.
    private byte[] _bytes = [];

    public int Length { get; private set; }
    public ReadOnlySpan<byte> Span => _bytes.AsSpan(0, Length);

    public void Clear() => Length = 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Byte(byte b)
    {
        if (Length == _bytes.Length) Grow(1);
        _bytes[Length++] = b;
    }

    public void Bytes(ReadOnlySpan<byte> bytes)
    {
        if (Length + bytes.Length > _bytes.Length) Grow(bytes.Length);
        bytes.CopyTo(_bytes.AsSpan(Length));
        Length += bytes.Length;
    }

    /// <summary>Characters as UTF-8, unescaped (vectorised for ASCII).</summary>
    public void Text(ReadOnlySpan<char> text)
    {
        if (Length + text.Length * 3 > _bytes.Length) Grow(text.Length * 3);
        Utf8.FromUtf16(text, _bytes.AsSpan(Length), out _, out var written);
        Length += written;
    }

    private static readonly SearchValues<char> JsonEscapes = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f"
            + "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f");
    private static readonly SearchValues<char> XmlEscapes = SearchValues.Create(
        "&<>\"\r\n\t\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\u000b\f\u000e\u000f"
            + "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f");

    public void Integer(long value)
    {
        if (Length + 20 > _bytes.Length) Grow(20);
        value.TryFormat(_bytes.AsSpan(Length), out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        Length += written;
    }

    /// <summary>A JSON string with its quotes.</summary>
    public void JsonString(ReadOnlySpan<char> text)
    {
        Byte((byte)'"');
        if (!text.ContainsAny(JsonEscapes))
        {
            Text(text);
            Byte((byte)'"');
            return;
        }
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            Text(text[start..i]);
            switch (c)
            {
                case '"': Bytes("\\\""u8); break;
                case '\\': Bytes("\\\\"u8); break;
                case '\n': Bytes("\\n"u8); break;
                case '\r': Bytes("\\r"u8); break;
                case '\t': Bytes("\\t"u8); break;
                default:
                    Bytes("\\u00"u8);
                    Byte((byte)"0123456789abcdef"[c >> 4]);
                    Byte((byte)"0123456789abcdef"[c & 0xF]);
                    break;
            }
            start = i + 1;
        }
        Text(text[start..]);
        Byte((byte)'"');
    }

    /// <summary>XML character data or an attribute value (then quotes and line breaks are escaped too).</summary>
    public void XmlText(ReadOnlySpan<char> text, bool attribute)
    {
        if (!text.ContainsAny(XmlEscapes))
        {
            Text(text);
            return;
        }
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            ReadOnlySpan<byte> escape;
            switch (c)
            {
                case '&': escape = "&amp;"u8; break;
                case '<': escape = "&lt;"u8; break;
                case '>': escape = "&gt;"u8; break;
                case '"' when attribute: escape = "&quot;"u8; break;
                case '\n' when attribute: escape = "&#10;"u8; break;
                case '\r': escape = "&#13;"u8; break;
                case '\t' when attribute: escape = "&#9;"u8; break;
                case < ' ' and not '\n' and not '\t': escape = ""u8; break; // not allowed in XML 1.0
                default: continue;
            }
            Text(text[start..i]);
            Bytes(escape);
            start = i + 1;
        }
        Text(text[start..]);
    }

    /// <summary>An RFC 4180 field: quoted when it holds the delimiter, a quote or a line break.</summary>
    public void CsvField(ReadOnlySpan<char> text, char delimiter)
    {
        if (text.IndexOfAny(delimiter, '"', '\n') < 0 && !text.Contains('\r'))
        {
            Text(text);
            return;
        }
        Byte((byte)'"');
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '"') continue;
            Text(text[start..(i + 1)]);
            Byte((byte)'"');
            start = i + 1;
        }
        Text(text[start..]);
        Byte((byte)'"');
    }

    /// <summary>A SQL string literal; MySQL also treats backslashes as escapes.</summary>
    public void SqlString(ReadOnlySpan<char> text, bool escapeBackslash, bool national)
    {
        if (national) Byte((byte)'N');
        Byte((byte)'\'');
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\'' && !(escapeBackslash && c == '\\') && c != '\0') continue;
            Text(text[start..i]);
            if (c == '\'') Bytes("''"u8);
            else if (c == '\\') Bytes("\\\\"u8);
            start = i + 1;
        }
        Text(text[start..]);
        Byte((byte)'\'');
    }

    public void CopyFrom(Utf8Output other) => Bytes(other.Span);

    private void Grow(int extra) => Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + extra + 1024));
}
