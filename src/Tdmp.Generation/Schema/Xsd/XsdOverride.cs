using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace Tdmp.Generation.Schema.Xsd;

/// <summary>
/// XSD 1.1 <c>xs:override</c>, which the schema parser (XSD 1.0) does not know: before parsing, each override becomes an
/// <c>xs:include</c> marked with the components it carries; after parsing, the overridden file is copied with those
/// components in place of its own of the same kind and name, and the include points at the copy. The original file
/// stays out of the schema set unless something else uses it. Components the override names that the file does not
/// declare are added, as the specification says; an override's effect on the files the overridden one includes in
/// turn is not followed.
/// </summary>
internal static class XsdOverride
{
    private const string Marker = "urn:tdmp:xsd-override";
    private static readonly XNamespace Xs = XsdBuiltInTypes.Namespace;

    /// <summary>The file's text with every <c>xs:override</c> made a marked <c>xs:include</c>, or null when it has none.</summary>
    public static byte[]? Rewrite(byte[] content, XmlReaderSettings settings)
    {
        if (content.AsSpan().IndexOf("override"u8) < 0) return null;
        XDocument document;
        using (var reader = XmlReader.Create(new MemoryStream(content), settings)) document = XDocument.Load(reader, LoadOptions.PreserveWhitespace);
        var root = document.Root;
        var overrides = root?.Elements(Xs + "override").ToList() ?? [];
        if (root is null || root.Name != Xs + "schema" || overrides.Count == 0) return null;
        foreach (var element in overrides)
        {
            // The components travel as a schema document of their own, with the overriding file's namespace declarations.
            var carried = new XElement(root.Name, root.Attributes(), element.Elements().Where(e => e.Name != Xs + "annotation"));
            var include = new XElement(Xs + "include", element.Attribute("schemaLocation"),
                new XAttribute(XNamespace.Get(Marker) + "components", carried.ToString(SaveOptions.DisableFormatting)));
            element.ReplaceWith(include);
        }
        if (root.GetPrefixOfNamespace(Marker) is null) root.Add(new XAttribute(XNamespace.Xmlns + "tdmpov", Marker));
        using var output = new MemoryStream();
        using (var writer = XmlWriter.Create(output, new XmlWriterSettings { OmitXmlDeclaration = true })) document.Save(writer);
        return output.ToArray();
    }

    /// <summary>
    /// Wires the marked includes to copies of the files they override; returns the files to keep out of the set's roots
    /// (the copies, and the originals no other file refers to).
    /// </summary>
    public static HashSet<XsdFile> Apply(List<XsdFile> files, Func<XmlSchemaExternal, XsdFile, XsdFile?> target, SchemaReadLimits limits)
    {
        var handled = new HashSet<XsdFile>();
        var copies = new List<XsdFile>();
        var count = 0;
        foreach (var file in files)
            foreach (var include in file.Schema.Includes.OfType<XmlSchemaInclude>())
            {
                var components = include.UnhandledAttributes?.FirstOrDefault(a => a.NamespaceURI == Marker)?.Value;
                if (components is null) continue;
                var original = target(include, file)
                    ?? throw new SchemaReadException($"'{file.Name}' overrides '{include.SchemaLocation}', which is not part of the upload.");
                var copy = XsdUpload.Reparse(original, limits);
                var replacement = Read(components, file.Name, limits);
                foreach (var item in replacement.Items.Cast<XmlSchemaObject>().ToList())
                {
                    var (kind, name) = Key(item);
                    if (name is null) continue;
                    foreach (var old in copy.Items.Cast<XmlSchemaObject>().Where(o => Key(o) == (kind, name)).ToList()) copy.Items.Remove(old);
                    replacement.Items.Remove(item);
                    copy.Items.Add(item);
                }
                var copyFile = new XsdFile(XsdUpload.CopyName(original, "overridden", ++count), copy);
                include.Schema = copy;
                copies.Add(copyFile);
                handled.Add(copyFile);
                handled.Add(original);
            }
        files.AddRange(copies);
        return handled;
    }

    private static (string Kind, string? Name) Key(XmlSchemaObject item) => item switch
    {
        XmlSchemaType t => ("type", t.Name),
        XmlSchemaElement e => ("element", e.Name),
        XmlSchemaAttribute a => ("attribute", a.Name),
        XmlSchemaGroup g => ("group", g.Name),
        XmlSchemaAttributeGroup g => ("attributeGroup", g.Name),
        XmlSchemaNotation n => ("notation", n.Name),
        _ => ("", null),
    };

    private static XmlSchema Read(string text, string name, SchemaReadLimits limits)
    {
        using var reader = XmlReader.Create(new StringReader(text), XsdUpload.SafeSettings(limits), name);
        SchemaReadException? error = null;
        var schema = XmlSchema.Read(reader, (_, e) =>
        {
            if (e.Severity == XmlSeverityType.Error) error ??= new SchemaReadException($"The xs:override in '{name}' does not parse: {e.Message}");
        });
        return error is not null ? throw error : schema!;
    }
}
