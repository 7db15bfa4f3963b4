using System.Xml.Schema;

namespace Tdmp.Generation.Schema.Xsd;

/// <summary>
/// Marks what <c>key</c>/<c>unique</c>/<c>keyref</c> and <c>ID</c>/<c>IDREF</c> say on the built tree: unique values and
/// where references take their values from. Selector and field XPaths (the XSD subset: child steps, <c>.//</c>,
/// <c>@attr</c>, <c>*</c>, <c>|</c>) are followed over repr nodes.
/// </summary>
internal static class XsdIdentityConstraints
{
    public static void Apply(SchemaNode root, List<(SchemaNode Element, XmlSchemaIdentityConstraint Constraint)> constraints)
    {
        var all = new List<SchemaNode>();
        Collect(root, all);
        // A recursion marker (GraphML's port inside port) has the content of the ancestor it repeats: XPaths go on there.
        var expanded = new Dictionary<string, SchemaNode>();
        foreach (var node in all) if (node.RecursesTo is null) expanded.TryAdd(node.Path, node);
        var parents = new Dictionary<SchemaNode, SchemaNode>(ReferenceEqualityComparer.Instance);
        foreach (var node in all)
            foreach (var child in node.Children) parents.TryAdd(child, node);
        var documentOrder = new Dictionary<SchemaNode, int>(ReferenceEqualityComparer.Instance);
        foreach (var node in all) documentOrder.TryAdd(node, documentOrder.Count);

        // Per key: the fields of each element its selector picks, in the order of the key's field XPaths.
        var keyFields = new Dictionary<System.Xml.XmlQualifiedName, List<List<List<SchemaNode>>>>();
        // Per field made unique alone: the element its unique is declared on (the outermost, where several are) and the
        // unique's fields, for a keyref on the same field, whose values cannot be index-derived but must still differ.
        var uniqueIn = new Dictionary<SchemaNode, (SchemaNode Element, List<SchemaNode> Fields)>(ReferenceEqualityComparer.Instance);
        var severalFields = new List<(SchemaNode Element, List<List<List<SchemaNode>>> Tuples)>();
        foreach (var (element, constraint) in constraints.Where(c => c.Constraint is not XmlSchemaKeyref))
        {
            var tuples = Tuples(element, constraint, expanded, parents);
            // An absent attribute with a default takes part with that value (xmllint counts it), so two absent ones are
            // the same key: XCCDF's optional @selector, default "", is always written instead.
            foreach (var field in tuples.SelectMany(t => t).SelectMany(f => f))
                if (field is { IsAttribute: true, Required: false, Default: not null }) field.Required = true;
            if (constraint.Fields.Count == 1)
            {
                var table = tuples.SelectMany(t => t[0]).Distinct().ToList();
                // A field of one value (SDMX 2.1's TimeDimension id, TIME_PERIOD, an alternative of a repeating choice) stays
                // out of the group, whose domain would be its one value: it is unique alone, within the constraint's element.
                if (table.Count > 1)
                    foreach (var field in table.Where(f => !OneValue(f))) field.UniqueAmong ??= $"{element.Path}#{constraint.QualifiedName.Name}";
                foreach (var field in table)
                {
                    field.UniqueWithin ??= element.Path;
                    if (!uniqueIn.TryGetValue(field, out var known) || element.Path.Length < known.Element.Path.Length)
                        uniqueIn[field] = (element, table);
                }
            }
            // A tuple of several fields waits for the keyrefs: a reference among its fields decides how it is made unique.
            if (constraint.Fields.Count > 1) severalFields.Add((element, tuples));
            else
                foreach (var tuple in tuples) MakeFieldsUnique(tuple);
            keyFields.TryAdd(constraint.QualifiedName, tuples);
        }
        foreach (var (element, constraint) in constraints.Where(c => c.Constraint is XmlSchemaKeyref))
        {
            var keyref = (XmlSchemaKeyref)constraint;
            if (!keyFields.TryGetValue(keyref.Refer, out var targets))
                throw new SchemaReadException(
                    $"keyref '{constraint.Name}' refers to key '{keyref.Refer.Name}', which is not declared on this element or an ancestor.",
                    constraint.LineNumber, constraint.LinePosition);
            var references = Tuples(element, constraint, expanded, parents);
            if (references.Count == 0) continue; // selects nothing the schema allows: nothing to check
            if (targets.Count == 0)
                throw new SchemaReadException(
                    $"keyref '{constraint.Name}' under '{element.Path}' refers to key '{keyref.Refer.Name}', whose selector matches no element "
                    + "the schema allows, so no value of its fields can match a key.", constraint.LineNumber, constraint.LinePosition);
            var target = targets[0]; // one selected key element: its fields, position by position
            foreach (var tuple in references)
            {
                if (tuple.Count != target.Count)
                    throw new SchemaReadException(
                        $"keyref '{constraint.Name}' has {tuple.Count} fields but its key '{keyref.Refer.Name}' has {target.Count}.",
                        constraint.LineNumber, constraint.LinePosition);
                // An untyped field (anySimpleType) never equals a typed key value (IP-XACT's portSlice/portRef/@portRef
                // against a port's xs:Name): an element holding such a reference is one no document can hold.
                var untyped = Enumerable.Range(0, tuple.Count).SelectMany(i => tuple[i].Where(f => NeverEqual(f, target[i][0]))).FirstOrDefault();
                if (untyped is not null)
                {
                    if (!LeaveOutAround(untyped, element, parents))
                        throw new SchemaReadException($"keyref '{constraint.Name}': '{untyped.Path}' has no type, so no value of it equals a value of "
                            + $"key '{keyref.Refer.Name}', and no document can hold it.", constraint.LineNumber, constraint.LinePosition);
                    continue;
                }
                for (var i = 0; i < tuple.Count; i++)
                    foreach (var field in tuple[i])
                    {
                        field.References = target[i][0].Path;
                        field.ReferenceScope = element.Path;
                    }
                if (tuple.Count < 2)
                {
                    // Any element the key selects is a target (XLIFF's .//bpt at every depth of inline markup).
                    var keyPaths = targets.Where(t => t.Count == 1).SelectMany(t => t[0]).Distinct().Select(n => n.Path).ToList();
                    foreach (var field in tuple[0])
                    {
                        if (keyPaths.Count > 1) field.ReferenceTargets = keyPaths;
                        if (uniqueIn.TryGetValue(field, out var unique)) KeepDistinct(field, unique.Element, unique.Fields);
                    }
                    continue;
                }
                // A multi-field reference must match one key's tuple: the field made first picks the key element,
                // the others copy their values from that same element.
                var lead = tuple.Select(f => f[0]).OrderBy(f => documentOrder.GetValueOrDefault(f, int.MaxValue)).First();
                foreach (var field in tuple.SelectMany(f => f).Where(f => !ReferenceEquals(f, lead))) field.ReferenceLead = lead.Path;
            }
        }

        var ids = all.Where(n => n.XsdType == "ID").ToList();
        foreach (var id in ids) id.UniqueInDocument = true;
        // Any ID of the document is a valid IDREF target; the first one declared is the natural one.
        foreach (var reference in all.Where(n => n.XsdType is "IDREF" or "IDREFS"))
        {
            reference.References ??= ids.FirstOrDefault()?.Path;
            if (reference.ListItem is { } item) item.References ??= reference.References;
            // An IDREF a unique covers (Define-XML's DocumentRef/@leafID) takes distinct IDs, as a keyref field does: its
            // IDs are looked for in the whole document.
            if (reference.References is not null && reference.ListItem is null && uniqueIn.TryGetValue(reference, out var unique))
            {
                reference.ReferenceScope ??= root.Path;
                KeepDistinct(reference, unique.Element, unique.Fields);
            }
        }

        foreach (var (element, tuples) in severalFields)
            foreach (var tuple in tuples)
            {
                // A reference among the fields (BMEcat's map of article to catalog group: both fields are keyrefs) cannot be
                // made unique, only picked: distinct references of that field within the declaring element make every
                // tuple unique, the other fields free.
                var column = tuple.FindIndex(f => f.All(n => n.References is not null && n.ListItem is null));
                if (column < 0)
                {
                    MakeFieldsUnique(tuple);
                    continue;
                }
                var sameField = tuples.Where(t => t.Count > column).SelectMany(t => t[column]).Distinct().ToList();
                foreach (var field in tuple[column]) KeepDistinct(field, element, sameField);
            }
    }

    /// <summary>One tuple of a key/unique's table made unique by the values of its own fields.</summary>
    private static void MakeFieldsUnique(List<List<SchemaNode>> tuple)
    {
        // Several fields, one node each: the combination is what must be unique, which the plan makes so
        // (each field alone may repeat, as an enumeration's few values must).
        if (tuple.Count > 1 && tuple.All(f => f.Count == 1) && tuple.Select(f => f[0]).Distinct().Count() == tuple.Count)
        {
            var paths = tuple.Select(f => f[0].Path).ToList();
            foreach (var field in tuple) field[0].UniqueTuple = paths;
            return;
        }
        // Otherwise every field is made unique on its own, which makes the tuple unique too; a field whose few
        // values cannot all differ (an enumeration, a fixed value) is left free when another field carries uniqueness.
        var fields = tuple.SelectMany(f => f).ToList();
        var free = fields.Where(CanBeUnique).ToList();
        foreach (var field in free.Count > 0 ? free : fields) field.UniqueInDocument = true;
    }

    /// <summary>
    /// A reference field (keyref, IDREF) covered by a unique: its values cannot be made unique, so the reference picks a
    /// key value no field of <paramref name="with"/> holds inside the same instance of <paramref name="scope"/>. A field under
    /// two such uniques (SDD's mapping: From differs from To in each mapping, and each From/To pair differs in the set of
    /// mappings) keeps the outer scope of the two, both of which enclose it, and the fields of both: stricter than each.
    /// </summary>
    private static void KeepDistinct(SchemaNode field, SchemaNode scope, IEnumerable<SchemaNode> with)
    {
        field.UniqueInDocument = false;
        var scopePath = field.DistinctScope is { } known && known.Length < scope.Path.Length ? known : scope.Path;
        field.DistinctScope = scopePath;
        field.DistinctWith = [.. (field.DistinctWith ?? []).Concat(with.Select(f => f.Path)).Distinct()];
    }

    internal static bool CanBeUnique(SchemaNode field) =>
        field.Enum is null && field.Fixed is null && field.Const is null && field.XsdType != "boolean";

    private static void Collect(SchemaNode node, List<SchemaNode> into)
    {
        into.Add(node);
        foreach (var child in node.Children) Collect(child, into);
    }

    /// <summary>For each element the selector picks, the nodes of each field in the order of the constraint's field
    /// XPaths (more than one where a field XPath has alternatives, <c>|</c>).</summary>
    private static List<List<List<SchemaNode>>> Tuples(SchemaNode element, XmlSchemaIdentityConstraint constraint,
        Dictionary<string, SchemaNode> expanded, Dictionary<SchemaNode, SchemaNode> parents)
    {
        // A selector that matches no element the schema allows (GraphML's unique on <data> inside <data>, whose content
        // is text) holds vacuously, as does a unique/keyref whose field an element cannot have: such an element is not
        // in the constraint's table. Only a key needs every field of every element it selects.
        var selected = Follow(element, constraint.Selector?.XPath ?? ".", expanded);
        var tuples = new List<List<List<SchemaNode>>>();
        foreach (var target in selected)
        {
            var tuple = new List<List<SchemaNode>>();
            foreach (var field in constraint.Fields.OfType<XmlSchemaXPath>())
            {
                var found = Follow(target, field.XPath ?? ".", expanded);
                // A key needs a value in every element it selects: an element that cannot have one (XTCE's key on
                // MessageSet/* and @name, which a LongDescription there lacks) is one no document can hold, left out
                // where the schema lets it be.
                if (found.Count == 0 && constraint is XmlSchemaKey && !LeaveOut(target, parents))
                    throw new SchemaReadException($"The field '{field.XPath}' of key '{constraint.Name}' matches nothing under '{target.Path}', "
                        + "and a key needs a value in every element it selects.", field.LineNumber, field.LinePosition);
                if (found.Count == 0) break;
                if (constraint is XmlSchemaKey && found.Count == 1) MakePresent(found[0], target, parents);
                tuple.Add(found);
            }
            // A key or unique on a field of one possible value (OpenDRIVE's centre lane, whose id is fixed at 0; SDMX's
            // TimeDimension, TIME_PERIOD): the element can occur once in each instance of the constraint's element, its
            // repetition lowered to that, and the value is left out of the table, whose other fields it would otherwise
            // hold to a domain of one value.
            if (constraint is not XmlSchemaKeyref && tuple.Count == 1 && tuple[0].All(OneValue) && MakeOnceIn(element, target, parents)) continue;
            if (tuple.Count == constraint.Fields.Count) tuples.Add(tuple);
        }
        return tuples;
    }

    /// <summary>A key's field must be present in every element the key selects (IP-XACT's banked subspace map, keyed by a
    /// name its optional name group may leave out): the field and the optional elements between it and that element are
    /// made required, up to a choice, which stays free.</summary>
    private static void MakePresent(SchemaNode field, SchemaNode selected, Dictionary<SchemaNode, SchemaNode> parents)
    {
        for (var n = field; n is not null && !ReferenceEquals(n, selected); n = parents.GetValueOrDefault(n))
        {
            if (n.Kind == NodeKind.Choice) return;
            if (n.Required && n.MinOccurs is not 0) continue;
            n.Required = true;
            if (n.MinOccurs == 0) n.MinOccurs = 1;
        }
    }

    private static bool OneValue(SchemaNode field) => field.Fixed is not null || field.Const is not null || field.Enum is { Count: 1 };

    /// <summary>Whether <paramref name="target"/> occurs at most once in each instance of <paramref name="scope"/>, once its
    /// own repetition is lowered to one where its minimum allows; false (and nothing changed) where it cannot be.</summary>
    private static bool MakeOnceIn(SchemaNode scope, SchemaNode target, Dictionary<SchemaNode, SchemaNode> parents)
    {
        for (var n = parents.GetValueOrDefault(target); n is not null && !ReferenceEquals(n, scope); n = parents.GetValueOrDefault(n))
            if (n.Repeats) return false;
        if (!target.Repeats) return true;
        if (target.IsAttribute || target.MinOccurs > 1) return false;
        (target.MaxOccurs, target.Unbounded) = (1, false);
        return true;
    }

    /// <summary>Values of an untyped field and of a typed one are never equal, as xmllint compares them.</summary>
    private static bool NeverEqual(SchemaNode a, SchemaNode b) => (a.XsdType == "anySimpleType") != (b.XsdType == "anySimpleType");

    /// <summary>Leaves out the nearest element around <paramref name="node"/> (itself included, below <paramref name="scope"/>)
    /// that may be left out.</summary>
    private static bool LeaveOutAround(SchemaNode node, SchemaNode scope, Dictionary<SchemaNode, SchemaNode> parents)
    {
        for (var n = node; n is not null && !ReferenceEquals(n, scope); n = parents.GetValueOrDefault(n))
            if (!n.IsGroup && LeaveOut(n, parents)) return true;
        return false;
    }

    /// <summary>Removes an optional element, or one alternative of a choice that has others, from its parent.</summary>
    private static bool LeaveOut(SchemaNode node, Dictionary<SchemaNode, SchemaNode> parents)
    {
        if (node.IsAttribute || !parents.TryGetValue(node, out var parent)) return false;
        if (node.Required && !(parent is { IsGroup: true, Kind: NodeKind.Choice } && parent.Children.Count > 1)) return false;
        return parent.Children.Remove(node);
    }

    /// <summary>A selector or field XPath of the XSD subset (<c>a/b|.//c/@d</c>) as its alternatives: whether each starts
    /// with <c>.//</c> (its first step may be any descendant) and its name steps, <c>.</c> left out.</summary>
    internal static IEnumerable<(bool Descendants, string[] Steps)> Alternatives(string xpath)
    {
        foreach (var alternative in xpath.Split('|'))
        {
            var path = alternative.Trim();
            var descendants = path.StartsWith(".//", StringComparison.Ordinal);
            if (descendants) path = path[3..];
            else if (path.StartsWith("./", StringComparison.Ordinal)) path = path[2..];
            yield return (descendants, path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray());
        }
    }

    private static List<SchemaNode> Follow(SchemaNode from, string xpath, Dictionary<string, SchemaNode> expanded)
    {
        var result = new List<SchemaNode>();
        foreach (var (startsBelow, steps) in Alternatives(xpath))
        {
            var descendants = startsBelow;
            var current = new List<SchemaNode> { from };
            foreach (var step in steps)
            {
                var next = new List<SchemaNode>();
                foreach (var node in current)
                    next.AddRange(descendants ? Descendants(node, step, expanded) : Children(node, step, expanded));
                descendants = false;
                current = next;
            }
            result.AddRange(current);
        }
        return result.Distinct().ToList();
    }

    /// <summary>Children by name, looking through model groups, which have no element of their own.</summary>
    private static IEnumerable<SchemaNode> Children(SchemaNode node, string step, Dictionary<string, SchemaNode> expanded)
    {
        var attribute = step.StartsWith('@');
        var name = step.TrimStart('@');
        name = name[(name.IndexOf(':') + 1)..]; // prefixes: the repr matches by local name
        if (node.RecursesTo is { } to && expanded.TryGetValue(to, out var repeated)) node = repeated;
        foreach (var child in node.Children)
        {
            if (child.IsGroup)
            {
                foreach (var inner in Children(child, step, expanded)) yield return inner;
                continue;
            }
            if (child.IsAttribute == attribute && (name == "*" || child.Name == name) && !XsiTypeAttribute.Is(child)) yield return child;
        }
    }

    private static IEnumerable<SchemaNode> Descendants(SchemaNode node, string step, Dictionary<string, SchemaNode> expanded)
    {
        foreach (var child in Children(node, step, expanded)) yield return child;
        foreach (var child in node.Children.Where(c => !c.IsAttribute))
            foreach (var inner in Descendants(child, step, expanded))
                yield return inner;
    }
}
