using System.Xml.Schema;

namespace Tdmp.Generation.Schema.Xsd;

/// <summary>
/// Works around the schema compiler reading the wildcards of an <c>xs:redefine</c> against the wrong target namespace.
/// It preprocesses every redefine of a compilation last, against the namespace of the file it started from, so in a file
/// that another imports (SSML 1.1's core, which QTI 2.2 imports) <c>##other</c> meant "not the importer's namespace" and
/// a restriction's <c>anyAttribute namespace="##other"</c> was refused as no subset of the original's. Before compiling,
/// the wildcards of every redefine say what they mean in their own file: <c>##targetNamespace</c> becomes that namespace,
/// and <c>##other</c> the list of every other namespace of the upload, led by the one generated wildcard elements use
/// (so a lax wildcard is filled as before).
/// </summary>
internal static class XsdRedefineWildcards
{
    public static void Pin(List<XsdFile> files)
    {
        var namespaces = files.Select(f => f.Schema.TargetNamespace ?? "").Where(ns => ns != "").Distinct().ToList();
        foreach (var file in files)
            foreach (var redefine in file.Schema.Includes.OfType<XmlSchemaRedefine>())
            {
                var own = file.Schema.TargetNamespace ?? "";
                var others = string.Join(' ', new[] { XsdReprBuilder.WildcardNamespace }.Concat(namespaces.Where(ns => ns != own)));
                string? Pinned(string? list) => list?.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { } tokens
                    ? string.Join(' ', tokens.Select(t => t switch { "##other" => others, "##targetNamespace" => own, _ => t }))
                    : null;
                var pending = new Stack<XmlSchemaObject?>(redefine.Items.Cast<XmlSchemaObject>());
                while (pending.Count > 0)
                    switch (pending.Pop())
                    {
                        case XmlSchemaAny any:
                            any.Namespace = Pinned(any.Namespace);
                            break;
                        case XmlSchemaAnyAttribute anyAttribute:
                            anyAttribute.Namespace = Pinned(anyAttribute.Namespace);
                            break;
                        case { } item:
                            foreach (var child in Parts(item)) pending.Push(child);
                            break;
                    }
            }
    }

    /// <summary>The parts of a definition that can hold a wildcard.</summary>
    private static XmlSchemaObject?[] Parts(XmlSchemaObject item) => item switch
    {
        XmlSchemaComplexType type => [type.Particle, type.AnyAttribute, type.ContentModel?.Content],
        XmlSchemaComplexContentExtension extension => [extension.Particle, extension.AnyAttribute],
        XmlSchemaComplexContentRestriction restriction => [restriction.Particle, restriction.AnyAttribute],
        XmlSchemaSimpleContentExtension extension => [extension.AnyAttribute],
        XmlSchemaSimpleContentRestriction restriction => [restriction.AnyAttribute],
        XmlSchemaAttributeGroup group => [group.AnyAttribute],
        XmlSchemaGroup group => [group.Particle],
        XmlSchemaGroupBase group => [.. group.Items.Cast<XmlSchemaObject>()],
        XmlSchemaElement element => [element.SchemaType],
        _ => [],
    };
}
