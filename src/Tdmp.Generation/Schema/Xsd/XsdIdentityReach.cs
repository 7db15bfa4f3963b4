using System.Xml.Schema;

namespace Tdmp.Generation.Schema.Xsd;

/// <summary>
/// The content that <c>key</c>/<c>keyref</c>/<c>unique</c> constraints reach in a tree built with shared content: the
/// element each is declared on and its ancestors, and every element on a way from there to a node its selector and
/// fields land on (through references and recursion markers, into the content they stand for). Identity marks are put
/// on the nodes a constraint lands on, so that content must be built in place at every use; the rest may stay shared.
/// </summary>
internal sealed class XsdIdentityReach
{
    private readonly IReadOnlyDictionary<SchemaNode, object> _contentOf;
    private readonly Dictionary<string, SchemaNode> _byPath = new(StringComparer.Ordinal);
    private readonly Dictionary<SchemaNode, SchemaNode> _parents = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<object> _keys = [];

    private XsdIdentityReach(SchemaNode root, IReadOnlyDictionary<SchemaNode, object> contentOf)
    {
        _contentOf = contentOf;
        Index(root);
    }

    /// <summary>The content keys (<see cref="XsdContentKeys"/>) of every element the constraints reach.</summary>
    /// <param name="contentOf">The content key of each element of complex type in the tree (built, reference or marker).</param>
    public static HashSet<object> Keys(SchemaNode root, IEnumerable<(SchemaNode Element, XmlSchemaIdentityConstraint Constraint)> constraints,
        IReadOnlyDictionary<SchemaNode, object> contentOf)
    {
        var reach = new XsdIdentityReach(root, contentOf);
        foreach (var (element, constraint) in constraints)
        {
            for (SchemaNode? n = element; n is not null; n = reach._parents.GetValueOrDefault(n)) reach.Add(n);
            foreach (var selected in reach.Land(element, constraint.Selector?.XPath ?? "."))
                foreach (var field in constraint.Fields.OfType<XmlSchemaXPath>()) reach.Land(selected, field.XPath ?? ".");
        }
        return reach._keys;
    }

    private void Index(SchemaNode node)
    {
        if (node.RecursesTo is null && node.Reuses is null) _byPath.TryAdd(node.Path, node);
        foreach (var child in node.Children)
        {
            _parents[child] = node;
            Index(child);
        }
    }

    private void Add(SchemaNode node)
    {
        if (_contentOf.TryGetValue(node, out var key)) _keys.Add(key);
    }

    /// <summary>A marker or reference stands for the content of the node it names.</summary>
    private SchemaNode Content(SchemaNode node) =>
        (node.RecursesTo ?? node.Reuses) is { } path && _byPath.TryGetValue(path, out var content) ? content : node;

    /// <summary>The nodes an XPath of the XSD subset (child steps, <c>.//</c>, <c>@attr</c>, <c>*</c>, <c>|</c>) lands on from
    /// <paramref name="from"/>; the elements on the ways there are reached.</summary>
    private List<SchemaNode> Land(SchemaNode from, string xpath)
    {
        var landed = new List<SchemaNode>();
        foreach (var (descendants, steps) in XsdIdentityConstraints.Alternatives(xpath)) Route(from, steps, 0, descendants, landed);
        return landed;
    }

    private bool Route(SchemaNode node, string[] steps, int i, bool descendants, List<SchemaNode> landed)
    {
        if (i == steps.Length)
        {
            landed.Add(node);
            Add(node);
            return true;
        }
        if (descendants) return RouteBelow(node, steps, i, landed);
        var any = false;
        foreach (var match in Children(Content(node), steps[i]))
            any |= Route(match, steps, i + 1, false, landed);
        if (any) Reached(node);
        return any;
    }

    /// <summary>A <c>.//</c> step: descendants matching it at any depth (content reached twice, through recursion or shared
    /// content, is searched once), and every element on any way from <paramref name="from"/> to one that lands.</summary>
    private bool RouteBelow(SchemaNode from, string[] steps, int i, List<SchemaNode> landed)
    {
        var below = Descendants(from);
        var marked = new HashSet<SchemaNode>(ReferenceEqualityComparer.Instance);
        var back = new Queue<SchemaNode>();
        foreach (var match in below.Matching(steps[i]))
            if (Route(match, steps, i + 1, false, landed) && marked.Add(match)) back.Enqueue(match);
        while (back.TryDequeue(out var node))
        {
            Reached(node);
            foreach (var parent in below.Above.GetValueOrDefault(node) ?? [])
                if (marked.Add(parent)) back.Enqueue(parent);
        }
        return marked.Count > 0;
    }

    /// <summary>What lies below an element, searched once however many <c>.//</c> selectors start there (NeTEx declares
    /// hundreds of keys on its delivery element, each <c>.//netex:Something</c>; searching the tree for each took 30 s).</summary>
    private sealed class Below
    {
        /// <summary>Each node below, with the elements it is a child of (looking through model groups).</summary>
        public Dictionary<SchemaNode, List<SchemaNode>> Above { get; } = new(ReferenceEqualityComparer.Instance);

        /// <summary>The nodes below by step (<c>name</c> or <c>@name</c>, unprefixed), in the order the search met them.</summary>
        public Dictionary<string, List<SchemaNode>> ByStep { get; } = new(StringComparer.Ordinal);

        public IEnumerable<SchemaNode> Matching(string step)
        {
            var attribute = step.StartsWith('@');
            var name = step.TrimStart('@');
            name = name[(name.IndexOf(':') + 1)..];
            return name == "*"
                ? ByStep.Where(e => e.Key.StartsWith('@') == attribute).SelectMany(e => e.Value)
                    .Distinct(ReferenceEqualityComparer.Instance).Cast<SchemaNode>()
                : ByStep.GetValueOrDefault((attribute ? "@" : "") + name) ?? [];
        }
    }

    private readonly Dictionary<SchemaNode, Below> _below = new(ReferenceEqualityComparer.Instance);

    private Below Descendants(SchemaNode from)
    {
        if (_below.TryGetValue(from, out var known)) return known;
        var below = new Below();
        var seen = new HashSet<SchemaNode>(ReferenceEqualityComparer.Instance) { from };
        var queue = new Queue<SchemaNode>([from]);
        while (queue.TryDequeue(out var node))
            foreach (var child in Children(Content(node), "*").Concat(Children(Content(node), "@*")))
            {
                if (!below.Above.TryGetValue(child, out var parents)) below.Above[child] = parents = [];
                parents.Add(node);
                var step = (child.IsAttribute ? "@" : "") + child.Name;
                if (!below.ByStep.TryGetValue(step, out var nodes)) below.ByStep[step] = nodes = [];
                if (parents.Count == 1) nodes.Add(child);
                if (!child.IsAttribute && seen.Add(child)) queue.Enqueue(child);
            }
        return _below[from] = below;
    }

    /// <summary>An element on a way to a landed node: its content, and what it stands for, are reached.</summary>
    private void Reached(SchemaNode node)
    {
        Add(node);
        Add(Content(node));
    }

    /// <summary>Children matching one step, as <see cref="XsdIdentityConstraints"/> follows them.</summary>
    private static IEnumerable<SchemaNode> Children(SchemaNode node, string step)
    {
        var attribute = step.StartsWith('@');
        var name = step.TrimStart('@');
        name = name[(name.IndexOf(':') + 1)..];
        foreach (var child in node.Children)
        {
            if (child.IsGroup)
            {
                foreach (var inner in Children(child, step)) yield return inner;
                continue;
            }
            if (child.IsAttribute == attribute && (name == "*" || child.Name == name) && !XsiTypeAttribute.Is(child)) yield return child;
        }
    }
}
