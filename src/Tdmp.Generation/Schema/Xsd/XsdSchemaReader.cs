using System.Xml.Schema;

namespace Tdmp.Generation.Schema.Xsd;

/// <summary>
/// Reads an XSD, or a zip of XSD files, into the repr. <c>import</c>/<c>include</c>/<c>redefine</c>/<c>override</c> are wired by hand
/// to files of the same upload, the way an XML catalog maps published locations to local copies; the schema set has
/// no resolver, so nothing is ever fetched from the network or disk.
/// </summary>
public static class XsdSchemaReader
{
    private const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";

    /// <param name="document">The local name of a global element to make first, as a document, whatever the budget
    /// (<see cref="SchemaReader.Read"/>).</param>
    public static SchemaRepr Read(byte[] content, SchemaReadLimits limits, string? document = null) =>
        Compile(XsdUpload.Single(content, limits), limits, document);

    /// <param name="main">The file whose global elements are the documents (<see cref="SchemaReader.Read"/>); by default every
    /// file nothing imports.</param>
    public static SchemaRepr ReadZip(byte[] content, SchemaReadLimits limits, string? document = null, string? main = null) =>
        Compile(XsdUpload.Zip(content, limits), limits, document, main);

    private static SchemaRepr Compile(List<XsdFile> files, SchemaReadLimits limits, string? document, string? main = null)
    {
        XsdFile? Located(XmlSchemaExternal external, XsdFile from) => external.SchemaLocation is { } at ? ByLocation(at, from, files) : null;
        // Files an xs:override or xs:redefine copied, which their copies stand for, and the copies.
        var copied = XsdOverride.Apply(files, Located, limits);
        var (redefined, redirects) = XsdRedefine.Apply(files, Located, limits);
        copied.UnionWith(redefined);
        var missing = new Dictionary<XsdFile, SchemaReadException>();
        var referenced = WireExternals(files, missing, redirects);
        referenced.UnionWith(copied);
        var bySchema = files.ToDictionary(f => f.Schema); // the file of each schema an import, include or redefine points at
        var roots = new List<XsdFile>();
        if (main is not null)
        {
            var path = ZipMain.Find([.. files.Select(f => f.Name)], main, "XSD");
            var named = files.First(f => f.Name == path);
            // Its imports must all be in the zip: there is no other root to stand in for it.
            if (MissingBelow(named, bySchema, missing) is { } problem) throw problem;
            roots.Add(named);
        }
        else
        {
            foreach (var file in files.Where(f => !referenced.Contains(f)))
                if (!RepeatsAnother(file, referenced.Concat(roots))) roots.Add(file);
            if (roots.Count == 0) roots.Add(files[0]); // files that all import each other: any one pulls in the rest
            roots = CompleteRoots(roots, files, bySchema, missing);
            // Files an xs:override or xs:redefine replaced by copies are reached through the copies only.
            AddRootsOfUnreachedCycles(roots, files, bySchema, [.. referenced.Except(copied)], missing);
        }

        var (set, error) = CompileSet(roots, files);
        // A zip of a whole published tree may hold two standards that each bring their own copy of a shared namespace
        // (gematik's connector services beside IHE's XACML profile, each with HL7's datatypes): together they declare the
        // same types twice. Then the roots are taken from the one that pulls in most files down, each kept only when it
        // compiles with those kept before. When that first one does not compile on its own, the upload's error stands.
        if (error is not null && roots.Count > 1)
        {
            var widestFirst = roots.OrderByDescending(r => FilesBelow(r, bySchema).Count).ToList();
            if (CompileSet([widestFirst[0]], files).Error is null)
            {
                List<XsdFile> kept = [widestFirst[0]];
                foreach (var root in widestFirst.Skip(1))
                    if (CompileSet([.. kept, root], files).Error is null) kept.Add(root);
                roots = kept;
                // Compiled once more: a failed attempt leaves its marks on the XmlSchema objects the kept ones share.
                (set, error) = CompileSet(roots, files);
            }
        }
        if (error is not null) throw error;

        var order = files.Select((f, i) => (f.Name, i)).ToDictionary(x => x.Name, x => x.i);
        var rootFiles = roots.Select(r => r.Name).ToHashSet();
        var globals = set.GlobalElements.Values.Cast<XmlSchemaElement>()
            .Where(e => !e.IsAbstract)
            .OrderBy(e => order.GetValueOrDefault(e.SourceUri ?? "", int.MaxValue)).ThenBy(e => e.LineNumber).ThenBy(e => e.LinePosition)
            .ToList();
        var candidates = globals.Where(e => rootFiles.Contains(e.SourceUri ?? "")).ToList();
        if (candidates.Count == 0) candidates = globals;
        // Elements that others use by ref are building blocks, not documents, unless nothing else is left in their file: a
        // zip of several standards (SAML's metadata, whose every element is used by ref, beside its protocol) keeps each one's.
        var usedByRef = XsdElementRefs.Collect(files.Select(f => f.Schema));
        var documents = candidates.GroupBy(e => e.SourceUri ?? "")
            .SelectMany(file => file.Any(e => !usedByRef.Contains(e.QualifiedName)) ? file.Where(e => !usedByRef.Contains(e.QualifiedName)) : file)
            .ToList();
        if (documents.Count == 0) throw new SchemaReadException("The XSD declares no global element, so there is no document to generate.");
        var wanted = globals.FirstOrDefault(e => e.QualifiedName.Name == document);
        if (wanted is not null)
        {
            documents.Remove(wanted);
            documents.Insert(0, wanted);
        }

        var builder = new XsdReprBuilder(set, limits);
        // Documents in declaration order until they add up to twice the node limit: a main file of hundreds of global
        // elements that each pull in a whole standard (GML 3.2.1 with ISO 19139, 500 and more) would otherwise cost
        // gigabytes for trees no dataset uses. One that cannot be made (an abstract type nothing derives from) is left out
        // while another can be; with none made, the first refusal stands.
        var (nodes, refusal) = BuildWithin(builder, documents, 2 * limits.MaxNodes);
        // The element asked for by name cannot be made: why is the answer, not the documents that can.
        if (nodes.Count == 0 || (wanted is not null && nodes[0].Name != wanted.QualifiedName.Name))
            throw refusal ?? new SchemaReadException($"No document of '{document ?? documents[0].QualifiedName.Name}' fits the upload's limits.");
        var documentRoots = nodes.Count;
        nodes.AddRange(PartRoots(builder, candidates.Except(documents), Math.Max(nodes.Sum(CountNodes), limits.MaxNodes)));
        // Then, within a small budget of their own (UBL's imported signature files hold many), the elements of imported
        // files that nothing refers to: documents of their own (EPP's epp, in the file every command extension imports),
        // which a root_path may name.
        nodes.AddRange(PartRoots(builder, globals.Except(candidates).Except(documents).Where(e => !usedByRef.Contains(e.QualifiedName)),
            ImportedRootsBudget));
        var targetNamespace = roots[0].Schema.TargetNamespace;
        return new SchemaRepr
        {
            Language = SchemaLanguage.Xsd,
            Dialect = targetNamespace,
            TargetNamespace = targetNamespace,
            Roots = nodes,
            DocumentRoots = documentRoots < nodes.Count ? documentRoots : null,
            NamespacePrefixes = NamespacePrefixes([.. roots, .. files]),
            MainFile = main is null ? null : roots[0].Name,
        };
    }

    /// <summary>Each namespace's first prefix in <paramref name="files"/>' own bindings, one namespace per prefix; the
    /// xml and xsi prefixes are the writer's.</summary>
    private static Dictionary<string, string> NamespacePrefixes(IEnumerable<XsdFile> files)
    {
        var prefixes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
            foreach (var binding in file.Schema.Namespaces.ToArray())
                if (binding.Name.Length > 0 && binding.Namespace.Length > 0 && binding.Name != "xsi"
                    && !binding.Name.StartsWith("xml", StringComparison.OrdinalIgnoreCase)
                    && !prefixes.ContainsKey(binding.Namespace) && !prefixes.ContainsValue(binding.Name))
                    prefixes[binding.Namespace] = binding.Name;
        return prefixes;
    }

    /// <summary>The schema set of <paramref name="roots"/> compiled, or the first error that stopped it.</summary>
    private static (XmlSchemaSet Set, SchemaReadException? Error) CompileSet(List<XsdFile> roots, List<XsdFile> files)
    {
        var set = new XmlSchemaSet { XmlResolver = null };
        SchemaReadException? error = null;
        set.ValidationEventHandler += (_, e) =>
        {
            if (e.Severity == XmlSeverityType.Error)
                error ??= new SchemaReadException(
                    $"The XSD does not compile{Where(files, e.Exception?.SourceUri)}: {e.Message}", e.Exception?.LineNumber,
                        e.Exception?.LinePosition);
        };
        try
        {
            foreach (var root in roots) set.Add(root.Schema);
            set.Compile();
        }
        catch (XmlSchemaException e)
        {
            error ??= new SchemaReadException($"The XSD does not compile{Where(files, e.SourceUri)}: {e.Message}", e.LineNumber, e.LinePosition, e);
        }
        return (set, error);
    }

    /// <summary>How many repr nodes the unreferenced elements of imported files may add, all together.</summary>
    private const int ImportedRootsBudget = 2_000;

    /// <summary>
    /// The elements of complex type that the root files declare and other declarations use by <c>ref</c>: not documents
    /// by default, but any global element is a valid document, and one that nests in itself (SVG's <c>svg</c>) or that a
    /// list element holds (SAML's <c>EntityDescriptor</c> in <c>EntitiesDescriptor</c>) is often the one wanted, so a
    /// <c>root_path</c> may name it (<see cref="SchemaRepr.DocumentRoots"/>). One that cannot be made is simply not offered.
    /// In declaration order, while they add up to at most <paramref name="budget"/> nodes: a file of many elements that all
    /// nest in each other (XHTML's 77) would otherwise cost many times the documents' time and memory.
    /// </summary>
    private static List<SchemaNode> PartRoots(XsdReprBuilder builder, IEnumerable<XmlSchemaElement> parts, int budget) =>
        BuildWithin(builder, parts.Where(p => p.ElementSchemaType is XmlSchemaComplexType), budget).Made;

    /// <summary>The trees of <paramref name="elements"/>, in order, while they add up to at most <paramref name="budget"/>
    /// nodes; one that cannot be made is skipped, and the first such refusal is returned beside them.</summary>
    private static (List<SchemaNode> Made, SchemaReadException? FirstRefusal) BuildWithin(XsdReprBuilder builder,
        IEnumerable<XmlSchemaElement> elements, int budget)
    {
        var made = new List<SchemaNode>();
        SchemaReadException? firstRefusal = null;
        var spent = 0;
        foreach (var element in elements)
        {
            SchemaNode node;
            try { node = builder.BuildRoot(element); }
            catch (SchemaReadException e)
            {
                firstRefusal ??= e;
                continue;
            }
            spent += CountNodes(node);
            if (spent > budget) break;
            made.Add(node);
        }
        return (made, firstRefusal);
    }

    private static int CountNodes(SchemaNode root) => SchemaRepr.NodesOf([root]).Count();

    /// <summary>
    /// Whether a file nothing imports is another copy (or version) of a schema the upload already uses: same target
    /// namespace, a global component of the same name. Zips of a whole schema tree carry such spares (OGC's tree holds
    /// both www.w3.org/2001/xml.xsd and 2009/01/xml.xsd); compiled together they would declare everything twice.
    /// </summary>
    private static bool RepeatsAnother(XsdFile file, IEnumerable<XsdFile> used)
    {
        var ns = file.Schema.TargetNamespace ?? "";
        var names = GlobalNames(file.Schema);
        return names.Count > 0 && used.Any(other => other != file && (other.Schema.TargetNamespace ?? "") == ns
            && GlobalNames(other.Schema).Overlaps(names));
    }

    private static HashSet<(Type, string)> GlobalNames(XmlSchema schema) =>
        schema.Items.OfType<XmlSchemaAnnotated>()
            .Select(item => (item.GetType(), item switch
            {
                XmlSchemaElement e => e.Name,
                XmlSchemaType t => t.Name,
                XmlSchemaAttribute a => a.Name,
                XmlSchemaGroup g => g.Name,
                XmlSchemaAttributeGroup g => g.Name,
                _ => null,
            }))
            .Where(x => x.Item2 is not null)
            .Select(x => (x.Item1, x.Item2!))
            .ToHashSet();

    /// <summary>The W3C's xml.xsd, which nearly every published schema imports from w3.org, served locally.</summary>
    private static XsdFile XmlNamespaceSchema()
    {
        const string text = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.w3.org/XML/1998/namespace">
              <xs:attribute name="lang" type="xs:language"/>
              <xs:attribute name="space"><xs:simpleType><xs:restriction base="xs:NCName">
                <xs:enumeration value="default"/><xs:enumeration value="preserve"/></xs:restriction></xs:simpleType></xs:attribute>
              <xs:attribute name="base" type="xs:anyURI"/>
              <xs:attribute name="id" type="xs:ID"/>
              <xs:attributeGroup name="specialAttrs">
                <xs:attribute ref="xml:base"/><xs:attribute ref="xml:lang"/><xs:attribute ref="xml:space"/><xs:attribute ref="xml:id"/>
              </xs:attributeGroup>
            </xs:schema>
            """;
        using var reader = System.Xml.XmlReader.Create(new StringReader(text), XsdUpload.SafeSettings(SchemaReadLimits.Default), "xml.xsd");
        return new XsdFile("xml.xsd", XmlSchema.Read(reader, null)!);
    }

    private static string Where(List<XsdFile> files, string? sourceUri) =>
        files.Count > 1 && sourceUri is not null ? $" in '{sourceUri}'" : "";

    /// <summary>Why <paramref name="root"/> or a file it imports or includes cannot be read (a schema the zip does not hold), or null.</summary>
    private static SchemaReadException? MissingBelow(XsdFile root, Dictionary<XmlSchema, XsdFile> bySchema,
        Dictionary<XsdFile, SchemaReadException> missing) =>
        missing.GetValueOrDefault(root) ?? FilesBelow(root, bySchema).Select(missing.GetValueOrDefault).FirstOrDefault(p => p is not null);

    /// <summary>
    /// The root files whose imports and includes, followed through the upload, all name files of it. A root file that
    /// needs a schema the zip does not hold is left out while another root stands: a zip of a whole published tree
    /// carries files nothing else uses (OGC GML 3.2.1's <c>defaultStyle.xsd</c>, which imports SMIL from
    /// schemas.opengis.net). With every root incomplete, the first missing schema refuses the upload.
    /// </summary>
    private static List<XsdFile> CompleteRoots(List<XsdFile> roots, List<XsdFile> files, Dictionary<XmlSchema, XsdFile> bySchema,
        Dictionary<XsdFile, SchemaReadException> missing)
    {
        if (missing.Count == 0) return roots;
        HashSet<XsdFile> Below(XsdFile root) => FilesBelow(root, bySchema);
        var problems = roots.Select(root => MissingBelow(root, bySchema, missing)).ToList();
        var complete = roots.Where((_, i) => problems[i] is null).ToList();
        // The complete ones stand only if they give a document: a file of attributes beside the main file (the xml.xsd an
        // import failed to reach) is no schema of its own, and the main file's problem is the answer.
        if (complete.Any(root => Below(root).Append(root).Any(f => f.Schema.Items.OfType<XmlSchemaElement>().Any()))) return complete;
        // Every file nothing imports is incomplete, but the schema itself may be a cycle of files that import each other
        // (GML 3.2.1 and ISO 19139), beside which such a spare of the same standard stands (same target namespace as a
        // file of the cycle): any complete file of the cycle pulls in the rest. A root of its own namespace (the user's
        // main file) whose import is missing still refuses the upload.
        var cycle = files.FirstOrDefault(f => !roots.Contains(f) && Below(f).Contains(f) && MissingBelow(f, bySchema, missing) is null);
        var cycleNamespaces = cycle is null ? [] : Below(cycle).Select(f => f.Schema.TargetNamespace ?? "").ToHashSet();
        return cycle is not null && roots.All(root => cycleNamespaces.Contains(root.Schema.TargetNamespace ?? ""))
            ? [cycle]
            : throw problems.First(p => p is not null)!;
    }

    /// <summary>
    /// Files that include each other in a cycle nothing outside it references are reached from no root (SOS 2.0: sos.xsd
    /// includes each operation's file, which includes sos.xsd back; only the WS-Addressing files beside them were roots, so
    /// no SOS element could be a document). Of each such group the file reaching most is a root too, when the group is
    /// complete.
    /// </summary>
    private static void AddRootsOfUnreachedCycles(List<XsdFile> roots, List<XsdFile> files, Dictionary<XmlSchema, XsdFile> bySchema,
        HashSet<XsdFile> referenced, Dictionary<XsdFile, SchemaReadException> missing)
    {
        HashSet<XsdFile> Reach(XsdFile from) => [from, .. FilesBelow(from, bySchema)];
        var reached = roots.SelectMany(Reach).ToHashSet();
        bool Unreached(XsdFile f) => referenced.Contains(f) && !reached.Contains(f);
        while (files.Any(Unreached))
        {
            var (root, reach) = files.Where(Unreached).Select(f => (f, Reach(f))).MaxBy(r => r.Item2.Count);
            if (!reach.Any(missing.ContainsKey)) roots.Add(root); // a cycle missing an import is left out, as other incomplete roots
            reached.UnionWith(reach);
        }
    }

    /// <summary>The files <paramref name="root"/> imports, includes or redefines, directly or through others (itself only
    /// when a cycle leads back to it).</summary>
    private static HashSet<XsdFile> FilesBelow(XsdFile root, Dictionary<XmlSchema, XsdFile> bySchema)
    {
        var seen = new HashSet<XsdFile>();
        var stack = new Stack<XsdFile>([root]);
        while (stack.Count > 0)
            foreach (var external in stack.Pop().Schema.Includes.OfType<XmlSchemaExternal>())
                if (external.Schema is { } schema && bySchema.TryGetValue(schema, out var next) && seen.Add(next)) stack.Push(next);
        return seen;
    }

    /// <summary>Points every import/include/redefine at the uploaded file it means; returns the files something points at.
    /// A reference to a schema the upload does not hold is kept in <paramref name="missing"/> (the first of each file).</summary>
    private static HashSet<XsdFile> WireExternals(List<XsdFile> files, Dictionary<XsdFile, SchemaReadException> missing,
        Dictionary<XsdFile, XsdFile> redirects)
    {
        var referenced = new HashSet<XsdFile>();
        var xmlNamespace = new Lazy<XsdFile>(XmlNamespaceSchema); // one copy, however many files import it
        // Per namespace, the files imports have chosen. An import of another copy of one of them (LIDO imports the W3C's
        // 2001/03/xml.xsd, GML's SMIL the 2001/xml.xsd) takes the one chosen first, as xmllint does ("skipping import ...
        // since this namespace was already imported"): compiled together they would declare everything twice.
        var imported = new Dictionary<string, List<XsdFile>>();
        foreach (var file in files)
            foreach (var external in file.Schema.Includes.OfType<XmlSchemaExternal>())
            {
                if (external.Schema is not null) continue; // an xs:override or xs:redefine, pointed at its copy already
                XsdFile? target;
                try { target = Target(external, file, files, xmlNamespace); }
                catch (SchemaReadException e)
                {
                    missing.TryAdd(file, e);
                    continue;
                }
                if (target is null) continue;
                target = XsdRedefine.Redirected(target, redirects); // a redefined file means its redefined components
                if (external is XmlSchemaImport)
                {
                    var ns = target.Schema.TargetNamespace ?? "";
                    var chosen = imported.TryGetValue(ns, out var list) ? list : imported[ns] = [];
                    if (!chosen.Contains(target))
                    {
                        var names = GlobalNames(target.Schema);
                        var copyOf = chosen.FirstOrDefault(c => GlobalNames(c.Schema).Overlaps(names));
                        if (copyOf is not null) target = copyOf;
                        else chosen.Add(target);
                    }
                }
                external.Schema = target.Schema;
                if (target != file) referenced.Add(target);
            }
        return referenced;
    }

    private static XsdFile? Target(XmlSchemaExternal external, XsdFile from, List<XsdFile> files, Lazy<XsdFile> xmlNamespace)
    {
        var location = external.SchemaLocation;
        var byName = location is null ? null : ByLocation(location, from, files);
        if (external is XmlSchemaImport import)
        {
            var ns = import.Namespace ?? "";
            var sameNamespace = files.Where(f => (f.Schema.TargetNamespace ?? "") == ns && f != from).ToList();
            if (byName is not null && sameNamespace.Contains(byName)) return byName;
            if (sameNamespace.Count > 0) return sameNamespace[0];
            if (ns == XmlNamespace) return xmlNamespace.Value; // xml:lang and friends, as published by the W3C
            if (location is null) return null; // a namespace used without a schema; the compiler says if that matters
            // The file is there but declares another namespace (COLLADA 1.4 imports "XML/2001/namespace" from the W3C's
            // xml.xsd): xmllint skips such an import, and the references into it then fail, so the schema cannot be used.
            if (byName is not null)
                throw new SchemaReadException($"{Importer(from, files)} imports namespace '{ns}' from " +
                    $"'{location}', but '{byName.Name}' declares the target namespace '{byName.Schema.TargetNamespace ?? ""}'. An " +
                    "import's namespace must be the imported file's target namespace.", Line(external.LineNumber), Line(external.LinePosition));
            throw NotInUpload(external, from, files, $"imports namespace '{ns}' from '{location}'");
        }
        return byName ?? throw NotInUpload(external, from, files, $"includes '{location}'");
    }

    /// <summary>A location, whether a URL, an absolute path or a relative one, names a file of the upload by its
    /// path relative to the including file or, failing that, by the longest tail of its path that a file's path ends
    /// with (<c>http://example.org/gml/3.2/basicTypes.xsd</c> finds <c>schemas/gml/3.2/basicTypes.xsd</c> before
    /// another folder's <c>basicTypes.xsd</c>); among files that match equally, the one nearest the including file.</summary>
    private static XsdFile? ByLocation(string location, XsdFile from, List<XsdFile> files)
    {
        var clean = Uri.UnescapeDataString(location).Replace('\\', '/');
        var query = clean.IndexOfAny(['?', '#']);
        if (query >= 0) clean = clean[..query];
        var directory = from.Name.Contains('/') ? from.Name[..(from.Name.LastIndexOf('/') + 1)] : "";
        var relative = Normalize(directory + clean);
        var exact = files.FirstOrDefault(f => string.Equals(f.Name, relative, StringComparison.OrdinalIgnoreCase));
        if (exact is not null) return exact;
        var wanted = clean.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p is not ("." or "..")).ToArray();
        if (wanted.Length == 0) return null;
        XsdFile? best = null;
        var (bestTail, bestShared) = (0, -1);
        foreach (var file in files)
        {
            var parts = file.Name.Split('/');
            var tail = 0;
            while (tail < parts.Length && tail < wanted.Length
                && string.Equals(parts[^(tail + 1)], wanted[^(tail + 1)], StringComparison.OrdinalIgnoreCase)) tail++;
            if (tail == 0) continue;
            var shared = SharedFolders(file.Name, from.Name);
            if (tail > bestTail || tail == bestTail && shared > bestShared) (best, bestTail, bestShared) = (file, tail, shared);
        }
        return best;
    }

    /// <summary>How many leading folders two paths of the upload have in common.</summary>
    private static int SharedFolders(string a, string b)
    {
        var (x, y) = (a.Split('/'), b.Split('/'));
        var n = 0;
        while (n < x.Length - 1 && n < y.Length - 1 && string.Equals(x[n], y[n], StringComparison.OrdinalIgnoreCase)) n++;
        return n;
    }

    private static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
            if (part == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); }
            else if (part is not ("." or "")) parts.Add(part);
        return string.Join('/', parts);
    }

    private static SchemaReadException NotInUpload(XmlSchemaExternal external, XsdFile from, List<XsdFile> files, string what) =>
        new($"{Importer(from, files)} {what}, which is not part of the upload. Schemas are read only from " +
            "the uploaded file or zip, never from the network or disk: upload a zip that holds every imported and included .xsd.",
            Line(external.LineNumber), Line(external.LinePosition));

    /// <summary>How a message names the file that imports or includes: by its path in a zip.</summary>
    private static string Importer(XsdFile from, List<XsdFile> files) => files.Count > 1 ? $"'{from.Name}'" : "The schema";

    /// <summary>A line or column of a schema object, which is 0 where it is unknown.</summary>
    private static int? Line(int value) => value == 0 ? null : value;
}
