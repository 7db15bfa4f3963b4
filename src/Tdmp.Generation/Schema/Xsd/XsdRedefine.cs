using System.Xml;
using System.Xml.Schema;

namespace Tdmp.Generation.Schema.Xsd;

/// <summary>
/// <c>xs:redefine</c> made plain includes before compiling, because the schema compiler's own handling of it is wrong in
/// ways real standards meet: it reads every redefine against the namespace of the file the compilation started from (SSML
/// 1.1's core as QTI 2.2 imports it: <c>##other</c> meant "not QTI's namespace", and qualified local declarations came out
/// in QTI's namespace), folds a redefined simple type into the new one without its facets, and declares a component twice
/// when a redefine redefines a file that itself redefines (CDISC ARM → Define-XML → ODM).
/// <para>
/// Each redefined file is copied with the files it includes (the components a redefine may change), innermost redefine
/// first so that a chain sees the earlier one's result. In the copies each component the redefine names is renamed
/// (<c>N.redefined-1</c>), the new definition takes its place under its name, and its reference to itself (the base it
/// extends or restricts, the group or attribute group it holds) points at the renamed original, exactly what a redefine
/// means. The redefine becomes an include of the copy. An import or include of a redefined file elsewhere in the upload
/// (Define-XML's namespace file imports the ODM file its extension redefines) means the redefined components, so it is
/// pointed at the file that redefines it (<see cref="Redirected"/>); the original file is then out of the set.
/// </para>
/// </summary>
internal static class XsdRedefine
{
    /// <summary>Flattens every redefine. Returns the files that only the redefining files reach (the copies) or that none
    /// does any more (each redefined file and the files it includes); and, for each redefined file, the file that redefines
    /// it, where imports and includes of it are pointed (<see cref="Redirected"/>).</summary>
    public static (HashSet<XsdFile> Handled, Dictionary<XsdFile, XsdFile> Redirects) Apply(List<XsdFile> files,
        Func<XmlSchemaExternal, XsdFile, XsdFile?> target, SchemaReadLimits limits)
    {
        var redirects = new Dictionary<XsdFile, XsdFile>();
        var handled = new HashSet<XsdFile>();
        var flattened = new HashSet<XsdFile>();
        var known = files.ToDictionary(f => f.Schema); // what a linked include points at, copies included
        var count = 0;
        foreach (var file in files.ToList()) Flatten(file, []);
        return (handled, redirects);

        XsdFile? Included(XmlSchemaExternal include, XsdFile from) =>
            include.Schema is { } linked ? known.GetValueOrDefault(linked) : target(include, from);

        void Flatten(XsdFile file, HashSet<XsdFile> within)
        {
            if (flattened.Contains(file) || !within.Add(file)) return; // a cycle of redefines is left to the compiler to refuse
            var includes = file.Schema.Includes;
            for (var i = 0; i < includes.Count; i++)
            {
                if (includes[i] is not XmlSchemaRedefine redefine || target(redefine, file) is not { } original) continue;
                // The redefined file and what it includes (each flattened first, so a chain sees the earlier redefine).
                var closure = new List<XsdFile> { original };
                for (var j = 0; j < closure.Count; j++)
                {
                    Flatten(closure[j], within);
                    foreach (var include in closure[j].Schema.Includes.OfType<XmlSchemaInclude>())
                        if (Included(include, closure[j]) is { } next && !closure.Contains(next)) closure.Add(next);
                }
                count++;
                var copyOf = closure.ToDictionary(f => f,
                    f => new XsdFile(XsdUpload.CopyName(f, "redefined", count), XsdUpload.Reparse(f, limits)));
                foreach (var (from, copy) in copyOf)
                {
                    known[copy.Schema] = copy;
                    // The copy's includes of files in the closure point at their copies; links made before are kept.
                    var originals = from.Schema.Includes.OfType<XmlSchemaExternal>().ToList();
                    var copied = copy.Schema.Includes.OfType<XmlSchemaExternal>().ToList();
                    for (var j = 0; j < originals.Count; j++)
                        if (originals[j] is XmlSchemaInclude && Included(originals[j], from) is { } inner
                            && copyOf.TryGetValue(inner, out var innerCopy))
                            copied[j].Schema = innerCopy.Schema;
                        else if (originals[j].Schema is { } linked)
                            copied[j].Schema = linked;
                }
                Redefine(redefine, file, [.. copyOf.Values], count);
                includes[i] = new XmlSchemaInclude { SchemaLocation = redefine.SchemaLocation, Schema = copyOf[original].Schema };
                files.AddRange(copyOf.Values);
                handled.UnionWith(closure);
                handled.UnionWith(copyOf.Values);
                // A file of no namespace redefined into another (a chameleon) keeps meaning itself where it is imported.
                foreach (var f in closure.Where(f => f.Schema.TargetNamespace == file.Schema.TargetNamespace)) redirects[f] = file;
            }
            flattened.Add(file);
        }
    }

    /// <summary>Where an import or include of <paramref name="file"/> points: the file that redefines it, or the one that
    /// redefines that, and so on.</summary>
    public static XsdFile Redirected(XsdFile file, Dictionary<XsdFile, XsdFile> redirects)
    {
        var seen = new HashSet<XsdFile>();
        while (redirects.TryGetValue(file, out var by) && seen.Add(file)) file = by;
        return file;
    }

    /// <summary>Puts the redefine's components into the copies in place of the originals they redefine.</summary>
    private static void Redefine(XmlSchemaRedefine redefine, XsdFile file, List<XsdFile> copies, int count)
    {
        foreach (var item in redefine.Items.Cast<XmlSchemaObject>().ToList())
        {
            if (Key(item) is not var (kind, name)) continue; // an annotation
            var (copy, original) = copies
                .Select(c => (File: c, Original: c.Schema.Items.Cast<XmlSchemaObject>().FirstOrDefault(o => Key(o) == (kind, name))))
                .FirstOrDefault(c => c.Original is not null);
            if (original is null)
                throw new SchemaReadException($"The xs:redefine of '{redefine.SchemaLocation}' in '{file.Name}' redefines " +
                    $"{kind} '{name}', which that file does not declare.");
            var renamed = $"{name}.redefined-{count}";
            Rename(original, renamed);
            RefersToOriginal(item, name, renamed);
            KeepForms(item, file.Schema);
            redefine.Items.Remove(item);
            copy.Schema.Items.Add(item);
        }
    }

    private static (string Kind, string Name)? Key(XmlSchemaObject item) => item switch
    {
        XmlSchemaType { Name: { } name } => ("type", name),
        XmlSchemaGroup { Name: { } name } => ("group", name),
        XmlSchemaAttributeGroup { Name: { } name } => ("attribute group", name),
        _ => null,
    };

    /// <summary>The item's local declarations keep the form their own file gives them (<c>elementFormDefault</c>,
    /// <c>attributeFormDefault</c>), not the one of the copy they move into.</summary>
    private static void KeepForms(XmlSchemaObject item, XmlSchema from)
    {
        var pending = new Stack<XmlSchemaObject?>([item]);
        while (pending.TryPop(out var next))
        {
            if (next is XmlSchemaElement { RefName.IsEmpty: true, Form: XmlSchemaForm.None } element) element.Form = Form(from.ElementFormDefault);
            if (next is XmlSchemaAttribute { RefName.IsEmpty: true, Form: XmlSchemaForm.None } attribute)
                attribute.Form = Form(from.AttributeFormDefault);
            foreach (var part in Parts(next)) pending.Push(part);
        }

        static XmlSchemaForm Form(XmlSchemaForm fileDefault) =>
            fileDefault == XmlSchemaForm.Qualified ? XmlSchemaForm.Qualified : XmlSchemaForm.Unqualified;
    }

    /// <summary>The parts of a definition that hold local declarations.</summary>
    private static XmlSchemaObject?[] Parts(XmlSchemaObject? item) => item switch
    {
        XmlSchemaElement element => [element.SchemaType],
        XmlSchemaComplexType type => [type.Particle, type.ContentModel?.Content, .. type.Attributes.Cast<XmlSchemaObject?>()],
        XmlSchemaComplexContentExtension extension => [extension.Particle, .. extension.Attributes.Cast<XmlSchemaObject?>()],
        XmlSchemaComplexContentRestriction restriction => [restriction.Particle, .. restriction.Attributes.Cast<XmlSchemaObject?>()],
        XmlSchemaSimpleContentExtension extension => [.. extension.Attributes.Cast<XmlSchemaObject?>()],
        XmlSchemaSimpleContentRestriction restriction => [.. restriction.Attributes.Cast<XmlSchemaObject?>()],
        XmlSchemaGroup group => [group.Particle],
        XmlSchemaAttributeGroup group => [.. group.Attributes.Cast<XmlSchemaObject?>()],
        XmlSchemaGroupBase group => [.. group.Items.Cast<XmlSchemaObject?>()],
        _ => [],
    };

    private static void Rename(XmlSchemaObject item, string name)
    {
        switch (item)
        {
            case XmlSchemaType t: t.Name = name; break;
            case XmlSchemaGroup g: g.Name = name; break;
            case XmlSchemaAttributeGroup g: g.Name = name; break;
        }
    }

    /// <summary>The new definition's reference to its own name, which in a redefine means the original.</summary>
    private static void RefersToOriginal(XmlSchemaObject item, string name, string renamed)
    {
        XmlQualifiedName Swap(XmlQualifiedName q) => q.Name == name ? new XmlQualifiedName(renamed, q.Namespace) : q;
        switch (item)
        {
            case XmlSchemaComplexType { ContentModel.Content: var content }:
                switch (content)
                {
                    case XmlSchemaComplexContentExtension e: e.BaseTypeName = Swap(e.BaseTypeName); break;
                    case XmlSchemaComplexContentRestriction r: r.BaseTypeName = Swap(r.BaseTypeName); break;
                    case XmlSchemaSimpleContentExtension e: e.BaseTypeName = Swap(e.BaseTypeName); break;
                    case XmlSchemaSimpleContentRestriction r: r.BaseTypeName = Swap(r.BaseTypeName); break;
                }
                break;
            case XmlSchemaSimpleType { Content: XmlSchemaSimpleTypeRestriction r }:
                r.BaseTypeName = Swap(r.BaseTypeName);
                break;
            case XmlSchemaGroup group:
                SwapGroupRefs(group.Particle, Swap);
                break;
            case XmlSchemaAttributeGroup group:
                foreach (var reference in group.Attributes.OfType<XmlSchemaAttributeGroupRef>()) reference.RefName = Swap(reference.RefName);
                break;
        }
    }

    private static void SwapGroupRefs(XmlSchemaParticle? particle, Func<XmlQualifiedName, XmlQualifiedName> swap)
    {
        switch (particle)
        {
            case XmlSchemaGroupRef reference:
                reference.RefName = swap(reference.RefName);
                break;
            case XmlSchemaGroupBase group:
                foreach (var inner in group.Items.OfType<XmlSchemaParticle>()) SwapGroupRefs(inner, swap);
                break;
        }
    }
}
