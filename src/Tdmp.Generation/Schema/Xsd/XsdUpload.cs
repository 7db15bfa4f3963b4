using System.IO.Compression;
using System.Xml;
using System.Xml.Schema;

namespace Tdmp.Generation.Schema.Xsd;

/// <summary>One .xsd file of an upload, parsed but not compiled.</summary>
internal sealed record XsdFile(string Name, XmlSchema Schema);

/// <summary>
/// Turns uploaded bytes (one .xsd or a zip of them) into parsed <see cref="XmlSchema"/> objects, with DTDs prohibited,
/// no resolver, and the element count and depth checked before the schema parser sees the file.
/// </summary>
internal static class XsdUpload
{
    /// <summary>Published schemas declare legacy encodings (ELSTER's and other German government schemas:
    /// <c>ISO-8859-15</c>, Windows code pages) that .NET reads only with the code-page encodings registered.</summary>
    static XsdUpload() => System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);

    public static List<XsdFile> Single(byte[] content, SchemaReadLimits limits) => [Parse("upload.xsd", content, limits, single: true)];

    public static List<XsdFile> Zip(byte[] content, SchemaReadLimits limits)
    {
        var files = new List<XsdFile>();
        long total = 0;
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
            foreach (var entry in zip.Entries)
            {
                if (entry.FullName.EndsWith('/') || !entry.FullName.EndsWith(".xsd", StringComparison.OrdinalIgnoreCase)) continue;
                if (files.Count >= limits.MaxFiles)
                    throw new SchemaReadException($"The zip holds more than {limits.MaxFiles} .xsd files; that is above the upload limit.");
                total += entry.Length;
                if (total > limits.MaxBytes)
                    throw new SchemaReadException(
                        $"The files in the zip add up to more than {limits.MaxBytes} bytes; that is above the upload limit.");
                files.Add(Parse(entry.FullName, ReadBounded(entry, limits.MaxBytes), limits, single: false));
            }
        }
        catch (InvalidDataException e)
        {
            throw new SchemaReadException($"The zip cannot be read: {e.Message}", inner: e);
        }
        return files.Count > 0 ? files : throw new SchemaReadException("The zip holds no .xsd file.");
    }

    /// <summary>Reads an entry without trusting the size its header claims.</summary>
    internal static byte[] ReadBounded(ZipArchiveEntry entry, long max)
    {
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + read > max)
                throw new SchemaReadException($"'{entry.FullName}' unpacks to more than {max} bytes; that is above the upload limit.");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>A <c>&lt;!DOCTYPE&gt;</c> (published schemas such as UBL's xmldsig module carry one) is skipped unread:
    /// no entity is declared or expanded and no external subset is fetched, so any entity reference is an error.</summary>
    public static XmlReaderSettings SafeSettings(SchemaReadLimits limits) => new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        MaxCharactersInDocument = limits.MaxBytes,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    private static XsdFile Parse(string name, byte[] content, SchemaReadLimits limits, bool single)
    {
        var where = single ? "" : $" in '{name}'";
        try
        {
            CountElements(content, limits, where);
            content = XsdOverride.Rewrite(content, SafeSettings(limits)) ?? content;
            using var reader = XmlReader.Create(new MemoryStream(content), SafeSettings(limits), name);
            SchemaReadException? error = null;
            var schema = XmlSchema.Read(reader, (_, e) =>
            {
                if (e.Severity == XmlSeverityType.Error)
                    error ??= new SchemaReadException($"The XSD does not parse{where}: {e.Message}", e.Exception?.LineNumber,
                        e.Exception?.LinePosition);
            });
            if (error is not null) throw error;
            if (schema is null) throw new SchemaReadException($"The file{where} is not an XML Schema.");
            WithoutBuiltInTypes(schema);
            return new XsdFile(name, schema);
        }
        catch (XmlException e)
        {
            var (line, column) = e.LineNumber > 0 ? (e.LineNumber, e.LinePosition) : DoctypePosition(content);
            throw new SchemaReadException(Explain(e, where), line > 0 ? line : null, column > 0 ? column : null, e);
        }
        catch (XmlSchemaException e)
        {
            throw new SchemaReadException($"The XSD does not parse{where}: {e.Message}", e.LineNumber, e.LinePosition, e);
        }
    }

    /// <summary>
    /// The W3C's schema for schemas (<c>XMLSchema.xsd</c>, which XSLT's and WPS's schemas import for an embedded
    /// <c>xs:schema</c>) defines the built-in datatypes again, as restrictions of <c>anySimpleType</c> that the schema
    /// compiler refuses. Those definitions are left to the compiler's own built-ins; the rest of the file (its elements,
    /// its other types) is read as any schema's.
    /// </summary>
    private static void WithoutBuiltInTypes(XmlSchema schema)
    {
        if (schema.TargetNamespace != XsdBuiltInTypes.Namespace) return;
        var builtIn = schema.Items.OfType<XmlSchemaType>()
            .Where(t => t.Name is { } n && (XmlSchemaType.GetBuiltInSimpleType(new XmlQualifiedName(n, XsdBuiltInTypes.Namespace)) is not null
                || XmlSchemaType.GetBuiltInComplexType(new XmlQualifiedName(n, XsdBuiltInTypes.Namespace)) is not null))
            .ToList();
        foreach (var type in builtIn) schema.Items.Remove(type);
    }

    /// <summary>The parser reports a prohibited DTD without a position; point at the declaration ourselves.</summary>
    private static (int Line, int Column) DoctypePosition(byte[] content)
    {
        var text = System.Text.Encoding.UTF8.GetString(content);
        var at = text.IndexOf("<!DOCTYPE", StringComparison.Ordinal);
        if (at < 0) return (0, 0);
        var lineStart = text.LastIndexOf('\n', Math.Max(at - 1, 0));
        return (text.AsSpan(0, at).Count('\n') + 1, at - lineStart);
    }

    private static string Explain(XmlException e, string where) =>
        e.Message.Contains("DTD", StringComparison.Ordinal) || e.Message.Contains("entity", StringComparison.OrdinalIgnoreCase)
            ? $"The file{where} refers to an entity ({e.Message.TrimEnd('.')}). A DOCTYPE is skipped without being processed, so its entities " +
              "are never declared or expanded: entities are not allowed in uploaded schemas; write the text out instead."
            : $"The file{where} is not well-formed XML: {e.Message}";

    /// <summary>A pass over the raw XML that stops at the element or depth limit before anything builds a tree of it.</summary>
    private static void CountElements(byte[] content, SchemaReadLimits limits, string where)
    {
        using var reader = XmlReader.Create(new MemoryStream(content), SafeSettings(limits));
        var elements = 0;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element) continue;
            if (++elements > limits.MaxElements)
                throw new SchemaReadException($"The file{where} has more than {limits.MaxElements} XML elements; that is above the upload limit.",
                    ((IXmlLineInfo)reader).LineNumber, ((IXmlLineInfo)reader).LinePosition);
            if (reader.Depth >= limits.MaxDepth)
                throw new SchemaReadException(
                    $"The file{where} nests XML elements deeper than {limits.MaxDepth} levels; that is above the upload limit.",
                    ((IXmlLineInfo)reader).LineNumber, ((IXmlLineInfo)reader).LinePosition);
        }
    }

    /// <summary>A new, unlinked copy of an uploaded file's schema (read back from its own text), for a component-level edit
    /// that must leave the original as it is (<see cref="XsdOverride"/>, <see cref="XsdRedefine"/>).</summary>
    public static XmlSchema Reparse(XsdFile file, SchemaReadLimits limits)
    {
        using var buffer = new MemoryStream();
        file.Schema.Write(buffer);
        buffer.Position = 0;
        using var reader = XmlReader.Create(buffer, SafeSettings(limits), file.Name);
        return XmlSchema.Read(reader, null)!;
    }

    /// <summary>The name of a copy, beside the original: <c>folder/redefined-2-file.xsd</c>.</summary>
    public static string CopyName(XsdFile original, string kind, int count)
    {
        var folder = original.Name.Contains('/') ? original.Name[..(original.Name.LastIndexOf('/') + 1)] : "";
        return $"{folder}{kind}-{count}-{original.Name[folder.Length..]}";
    }
}
