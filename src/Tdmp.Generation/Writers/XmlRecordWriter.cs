using System.Text;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Schema;
using Tdmp.Generation.Schema.Xsd;

namespace Tdmp.Generation.Writers;

/// <summary>
/// XML: for an XSD, documents valid against it with its namespaces (the root wraps the records of
/// a file when records repeat inside it); for a JSON Schema, <c>&lt;records&gt;&lt;record&gt;…</c>
/// with names made XML-safe.
/// </summary>
public sealed class XmlRecordWriter : IRecordFormatWriter
{
    private const string XsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";
    private const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";
    private readonly GenerationPlan _plan;
    private readonly byte[][] _names;
    /// <summary>By node id: <c> xsi:type="p:T"</c> for an element whose declared type is abstract, else null.</summary>
    private readonly byte[]?[] _xsiTypes;
    private readonly byte[] _declarations;
    /// <summary>By node id: the <c>@xsi:type</c> attribute node, which <see cref="_xsiTypes"/> writes with its prefix instead.</summary>
    private readonly bool[] _skipped;
    private readonly bool _xsd;
    private bool _tagOpen;
    private bool _declared;

    public XmlRecordWriter(GenerationPlan plan)
    {
        _plan = plan;
        _xsd = plan.Language == SchemaLanguage.Xsd;
        _names = new byte[plan.Nodes.Count][];

        var elementNamespaces = plan.Nodes.Where(n => !n.IsAttribute && !n.IsText && n.Kind != PlanNodeKind.Array && n.Kind != PlanNodeKind.Choice)
            .Select(n => n.Namespace).Distinct().ToList();
        var qnameBindings = _xsd ? plan.Nodes.SelectMany(n => QNameBindings(n.Source)).Distinct().ToList() : [];
        // The document element's namespace is the default one, as published instances have it (UBL's Invoice with cbc: and
        // cac: members), unless an element, an xsi:type or a QName value names something in no namespace: its unprefixed
        // name would be read in the default one.
        var defaultNamespace = _xsd && elementNamespaces.All(ns => ns is not null)
            && !plan.Nodes.Any(n => n.Source is { XsiType: not null, XsiTypeNamespace: null })
            && !qnameBindings.Any(b => b.Key.Length == 0) ? (plan.Envelope ?? plan.Record).Namespace : null;
        // The xml namespace (xml:lang, xml:space) is bound to its prefix by XML itself and must not be declared.
        var prefixes = new Dictionary<string, string> { [XmlNamespace] = "xml" };
        // The reader gave QName values prefixes of their own, one per namespace: no other namespace may take them.
        var qnamePrefixes = qnameBindings.Where(b => b.Key.Length > 0).ToDictionary(b => b.Key, b => b.Value);
        var decl = new StringBuilder();
        if (defaultNamespace is not null) decl.Append(" xmlns=\"").Append(Escape(defaultNamespace)).Append('"');
        void Declare(string ns)
        {
            bool Free(string p) => !prefixes.ContainsValue(p) && (!qnamePrefixes.TryGetValue(p, out var bound) || bound == ns);
            var prefix = plan.Repr.NamespacePrefixes?.GetValueOrDefault(ns) is { } own && Free(own) ? own
                : Enumerable.Range(0, int.MaxValue).Select(i => "ns" + i).First(Free);
            prefixes[ns] = prefix;
            decl.Append(" xmlns:").Append(prefix).Append("=\"").Append(Escape(ns)).Append('"');
        }
        _skipped = new bool[plan.Nodes.Count];
        foreach (var n in plan.Nodes) _skipped[n.Id] = _xsd && XsiTypeAttribute.Is(n.Source);
        foreach (var n in plan.Nodes)
            if (_xsd && !_skipped[n.Id] && n.Namespace is { } ns && !(ns == defaultNamespace && !n.IsAttribute) && !prefixes.ContainsKey(ns))
                Declare(ns);
        // The namespaces of xsi:type values always get a prefix: an unprefixed QName in an attribute value would be
        // read in the default namespace, which may not be the type's.
        foreach (var n in plan.Nodes)
            if (_xsd && n.Source?.XsiTypeNamespace is { } ns && !prefixes.ContainsKey(ns)) Declare(ns);
        foreach (var (prefix, ns) in qnamePrefixes)
            if (prefixes.GetValueOrDefault(ns) != prefix) decl.Append(" xmlns:").Append(prefix).Append("=\"").Append(Escape(ns)).Append('"');
        decl.Append(" xmlns:xsi=\"").Append(XsiNamespace).Append('"');
        _declarations = Encoding.UTF8.GetBytes(decl.ToString());

        _xsiTypes = new byte[]?[plan.Nodes.Count];
        foreach (var n in plan.Nodes)
        {
            if (!_xsd || n.Source?.XsiType is not { } type) continue;
            var qualified = n.Source.XsiTypeNamespace is { } ns ? prefixes[ns] + ":" + type : type;
            _xsiTypes[n.Id] = Encoding.UTF8.GetBytes(" xsi:type=\"" + qualified + "\"");
        }
        foreach (var n in plan.Nodes)
        {
            string name;
            if (!_xsd) name = ReferenceEquals(n, plan.Record) ? "record" : SafeName(n.Name);
            else if (_skipped[n.Id]) name = n.Name;
            else if (n.Namespace is { } ns && (n.IsAttribute || ns != defaultNamespace)) name = prefixes[ns] + ":" + n.Name;
            else name = n.Name;
            _names[n.Id] = Encoding.UTF8.GetBytes(name);
        }
    }

    private static IEnumerable<KeyValuePair<string, string>> QNameBindings(SchemaNode? source) => source is null ? []
        : new[] { source, source.ListItem }.Concat(source.UnionMembers ?? []).SelectMany(s => s?.QNamePrefixes ?? []);

    public IReadOnlyList<string> Parts { get; } = [""];
    public long[] RowCounts { get; } = new long[1];

    public void BeginChunk()
    {
        RowCounts[0] = 0;
        // Declarations go on a document's first element, which only BeginFile starts: a chunk in the
        // middle of a file (made by whichever worker) must not write them again.
        _declared = true;
        _tagOpen = false;
    }

    public void BeginFile(FileEnvelope? envelope, Utf8Output[] parts)
    {
        var o = parts[0];
        o.Bytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"u8);
        _declared = false;
        _tagOpen = false;
        if (!_xsd)
        {
            o.Bytes("<records"u8);
            o.Bytes(_declarations);
            o.Bytes(">\n"u8);
            _declared = true;
            return;
        }
        if (envelope is null) return;
        Walk(envelope.Tokens, 0, envelope.MarkerToken, o);
        CloseTag(o);
        o.Byte((byte)'\n');
    }

    public void WriteRecord(RecordBuffer record, long recordIndex, long indexInFile, Utf8Output[] parts)
    {
        Walk(record, 0, record.TokenCount, parts[0]);
        CloseTag(parts[0]);
        parts[0].Byte((byte)'\n');
        RowCounts[0]++;
    }

    public void EndChunk(Utf8Output[] parts) { }

    public void EndFile(FileEnvelope? envelope, Utf8Output[] parts)
    {
        var o = parts[0];
        if (!_xsd)
        {
            o.Bytes("</records>\n"u8);
            return;
        }
        if (envelope is null) return;
        Walk(envelope.Tokens, envelope.MarkerToken + 1, envelope.Tokens.TokenCount, o);
        CloseTag(o);
        o.Byte((byte)'\n');
    }

    private void CloseTag(Utf8Output o)
    {
        if (!_tagOpen) return;
        o.Byte((byte)'>');
        _tagOpen = false;
    }

    private void Walk(RecordBuffer buffer, int from, int to, Utf8Output o)
    {
        var nodes = _plan.Nodes;
        for (var i = from; i < to; i++)
        {
            ref readonly var t = ref buffer.Token(i);
            if (t.NodeId < 0 || t.Kind is TokenKind.StartArray or TokenKind.EndArray) continue;
            var node = nodes[t.NodeId];
            // A recursion's outermost element is written under the recursion node's name and namespace.
            var name = _names[t.NameId];
            if (node.IsAttribute)
            {
                if (t.Kind != TokenKind.Value || _skipped[t.NodeId]) continue;
                o.Byte((byte)' ');
                o.Bytes(name);
                o.Bytes("=\""u8);
                o.XmlText(buffer.Text(t), attribute: true);
                o.Byte((byte)'"');
                continue;
            }
            if (t.Kind == TokenKind.EndObject)
            {
                if (_tagOpen)
                {
                    o.Bytes("/>"u8);
                    _tagOpen = false;
                }
                else
                {
                    o.Bytes("</"u8);
                    o.Bytes(name);
                    o.Byte((byte)'>');
                }
                continue;
            }
            CloseTag(o);
            switch (t.Kind)
            {
                case TokenKind.StartObject:
                    o.Byte((byte)'<');
                    o.Bytes(name);
                    Declare(o);
                    XsiType(o, t);
                    _tagOpen = true;
                    break;
                case TokenKind.Value when node.IsText:
                    o.XmlText(buffer.Text(t), attribute: false);
                    break;
                case TokenKind.Value:
                    o.Byte((byte)'<');
                    o.Bytes(name);
                    Declare(o);
                    XsiType(o, t);
                    o.Byte((byte)'>');
                    o.XmlText(buffer.Text(t), attribute: false);
                    o.Bytes("</"u8);
                    o.Bytes(name);
                    o.Byte((byte)'>');
                    break;
                case TokenKind.Null when node.IsText:
                    break;
                case TokenKind.Null:
                    o.Byte((byte)'<');
                    o.Bytes(name);
                    Declare(o);
                    XsiType(o, t);
                    o.Bytes(" xsi:nil=\"true\"/>"u8);
                    break;
            }
        }
    }

    /// <summary>The first element of a document carries the namespace declarations.</summary>
    private void Declare(Utf8Output o)
    {
        if (_declared) return;
        o.Bytes(_declarations);
        _declared = true;
    }

    /// <summary>The element's own xsi:type, else (a recursion's element) that of the content it repeats.</summary>
    private void XsiType(Utf8Output o, in RecordToken t)
    {
        if ((_xsiTypes[t.NameId] ?? _xsiTypes[t.NodeId]) is { } type) o.Bytes(type);
    }

    /// <summary>An XML name from a JSON property name: invalid characters become '_', and it never starts with a digit or "xml".</summary>
    public static string SafeName(string name)
    {
        var sb = new StringBuilder(name.Length + 1);
        foreach (var c in name)
            sb.Append(char.IsLetterOrDigit(c) || c is '_' or '-' or '.' ? c : '_');
        if (sb.Length == 0 || !(char.IsLetter(sb[0]) || sb[0] == '_')
            || sb.ToString().StartsWith("xml", StringComparison.OrdinalIgnoreCase)) sb.Insert(0, '_');
        return sb.ToString();
    }

    private static string Escape(string s) => s.Replace("&", "&amp;").Replace("\"", "&quot;").Replace("<", "&lt;");
}
