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
        var keyFields = new Dictionary<System.Xml.XmlQualifiedName, List<SchemaNode>>();
        foreach (var (element, constraint) in constraints.Where(c => c.Constraint is not XmlSchemaKeyref))
        {
            var fields = Fields(element, constraint);
            foreach (var field in fields) field.UniqueInDocument = true;
            keyFields.TryAdd(constraint.QualifiedName, fields);
        }
        foreach (var (element, constraint) in constraints.Where(c => c.Constraint is XmlSchemaKeyref))
        {
            var keyref = (XmlSchemaKeyref)constraint;
            if (constraint.Fields.Count != 1)
                throw new SchemaReadException(
                    $"keyref '{constraint.Name}' has {constraint.Fields.Count} fields; only single-field key references are supported.",
                    constraint.LineNumber, constraint.LinePosition);
            if (!keyFields.TryGetValue(keyref.Refer, out var target) || target.Count == 0)
                throw new SchemaReadException($"keyref '{constraint.Name}' refers to key '{keyref.Refer.Name}', which is not declared on this element or an ancestor.",
                    constraint.LineNumber, constraint.LinePosition);
            foreach (var field in Fields(element, constraint)) field.References = target[0].Path;
        }

        var all = new List<SchemaNode>();
        Collect(root, all);
        var ids = all.Where(n => n.XsdType == "ID").ToList();
        foreach (var id in ids) id.UniqueInDocument = true;
        // Any ID of the document is a valid IDREF target; the first one declared is the natural one.
        foreach (var reference in all.Where(n => n.XsdType is "IDREF" or "IDREFS"))
        {
            reference.References ??= ids.FirstOrDefault()?.Path;
            if (reference.ListItem is { } item) item.References ??= reference.References;
        }
    }

    private static void Collect(SchemaNode node, List<SchemaNode> into)
    {
        into.Add(node);
        foreach (var child in node.Children) Collect(child, into);
    }

    private static List<SchemaNode> Fields(SchemaNode element, XmlSchemaIdentityConstraint constraint)
    {
        var selected = Follow(element, constraint.Selector?.XPath ?? ".");
        if (selected.Count == 0)
            throw new SchemaReadException($"The selector '{constraint.Selector?.XPath}' of '{constraint.Name}' matches nothing under '{element.Path}'.",
                constraint.LineNumber, constraint.LinePosition);
        var fields = new List<SchemaNode>();
        foreach (var field in constraint.Fields.OfType<XmlSchemaXPath>())
            foreach (var target in selected)
            {
                var found = Follow(target, field.XPath ?? ".");
                if (found.Count == 0)
                    throw new SchemaReadException($"The field '{field.XPath}' of '{constraint.Name}' matches nothing under '{target.Path}'.",
                        field.LineNumber, field.LinePosition);
                fields.AddRange(found);
            }
        return fields;
    }

    private static List<SchemaNode> Follow(SchemaNode from, string xpath)
    {
        var result = new List<SchemaNode>();
        foreach (var alternative in xpath.Split('|'))
        {
            var path = alternative.Trim();
            var descendants = path.StartsWith(".//", StringComparison.Ordinal);
            if (descendants) path = path[3..];
            else if (path.StartsWith("./", StringComparison.Ordinal)) path = path[2..];
            var current = new List<SchemaNode> { from };
            foreach (var step in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                if (step == ".") continue;
                var next = new List<SchemaNode>();
                foreach (var node in current)
                    next.AddRange(descendants ? Descendants(node, step) : Children(node, step));
                descendants = false;
                current = next;
            }
            result.AddRange(current);
        }
        return result.Distinct().ToList();
    }

    /// <summary>Children by name, looking through model groups, which have no element of their own.</summary>
    private static IEnumerable<SchemaNode> Children(SchemaNode node, string step)
    {
        var attribute = step.StartsWith('@');
        var name = step.TrimStart('@');
        name = name[(name.IndexOf(':') + 1)..]; // prefixes: the repr matches by local name
        foreach (var child in node.Children)
        {
            if (child.IsGroup)
            {
                foreach (var inner in Children(child, step)) yield return inner;
                continue;
            }
            if (child.IsAttribute == attribute && (name == "*" || child.Name == name)) yield return child;
        }
    }

    private static IEnumerable<SchemaNode> Descendants(SchemaNode node, string step)
    {
        foreach (var child in Children(node, step)) yield return child;
        foreach (var child in node.Children.Where(c => !c.IsAttribute))
            foreach (var inner in Descendants(child, step))
                yield return inner;
    }
}
