using Tdmp.Generation.Engine;

namespace Tdmp.Generation.Writers;

/// <summary>
/// JSON (an array of records) and JSON Lines (one record per line). XSD-derived records write
/// elements as objects, attributes as <c>@name</c> and text content as <c>#text</c>; an XSD root's own content around
/// the records is a second part holding one object per file.
/// </summary>
public sealed class JsonRecordWriter : IRecordFormatWriter
{
    private readonly bool _lines;
    private readonly byte[][] _names;
    private bool[] _needsComma = new bool[64];

    /// <param name="tableName">The dataset's <c>table_name</c>, which names the records' part (as in CSV) when there are two.</param>
    public JsonRecordWriter(GenerationPlan plan, bool lines, string? tableName = null)
    {
        _lines = lines;
        // An XSD root's own content around the records (a batch header, a library's authors): a second part, one object
        // per file, named after the root, so references from the records to it resolve in JSON too. Both parts are
        // named then (book.json and library.json), so a download can pick either with part=.
        if (plan.Envelope is { } envelope)
        {
            var records = RecordTableLayout.SafeName(tableName ?? plan.RecordName);
            var name = RecordTableLayout.SafeName(envelope.Name);
            Parts = [records, name == records ? name + "_file" : name];
            RowCounts = new long[2];
        }
        _names = new byte[plan.Nodes.Count][];
        var scratch = new Utf8Output();
        foreach (var node in plan.Nodes)
        {
            scratch.Clear();
            var name = node.IsAttribute ? "@" + node.Name : node.Name;
            scratch.JsonString(name);
            scratch.Byte((byte)':');
            _names[node.Id] = scratch.Span.ToArray();
        }
    }

    public IReadOnlyList<string> Parts { get; } = [""];
    public long[] RowCounts { get; } = new long[1];

    public void BeginChunk() => Array.Clear(RowCounts);

    public void BeginFile(FileEnvelope? envelope, Utf8Output[] parts)
    {
        if (!_lines) parts[0].Bytes("[\n"u8);
        if (envelope is null || parts.Length < 2) return;
        Write(envelope.Content, parts[1]);
        parts[1].Byte((byte)'\n');
        RowCounts[1] = 1;
    }

    public void WriteRecord(RecordBuffer record, long recordIndex, long indexInFile, Utf8Output[] parts)
    {
        var o = parts[0];
        if (!_lines && indexInFile > 0) o.Bytes(",\n"u8);
        Write(record, o);
        if (_lines) o.Byte((byte)'\n');
        RowCounts[0]++;
    }

    private void Write(RecordBuffer record, Utf8Output o)
    {
        var depth = 0;
        var tokens = record.Tokens;
        for (var i = 0; i < tokens.Length; i++)
        {
            ref readonly var t = ref tokens[i];
            if (t.Kind is TokenKind.EndObject or TokenKind.EndArray)
            {
                depth--;
                o.Byte(t.Kind == TokenKind.EndObject ? (byte)'}' : (byte)']');
                continue;
            }
            // A member of an object gets its name; an array item or the record itself does not.
            if (depth > 0)
            {
                if (_needsComma[depth]) o.Byte((byte)',');
                _needsComma[depth] = true;
                if (!_inArray[depth]) o.Bytes(_names[t.NameId]);
            }
            switch (t.Kind)
            {
                case TokenKind.StartObject:
                case TokenKind.StartArray:
                    o.Byte(t.Kind == TokenKind.StartObject ? (byte)'{' : (byte)'[');
                    depth++;
                    if (depth >= _needsComma.Length)
                    {
                        Array.Resize(ref _needsComma, depth * 2);
                        Array.Resize(ref _inArray, depth * 2);
                    }
                    _needsComma[depth] = false;
                    _inArray[depth] = t.Kind == TokenKind.StartArray;
                    break;
                case TokenKind.Value:
                    if (t.JsonType == ValueJsonType.Raw) o.Text(record.Text(t));
                    else o.JsonString(record.Text(t));
                    break;
                case TokenKind.Null:
                    o.Bytes("null"u8);
                    break;
            }
        }
    }

    private bool[] _inArray = new bool[64];

    public void EndChunk(Utf8Output[] parts) { }

    public void EndFile(FileEnvelope? envelope, Utf8Output[] parts)
    {
        if (!_lines) parts[0].Bytes("\n]\n"u8);
    }
}
