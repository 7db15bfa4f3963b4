namespace Tdmp.Generation.Schema;

/// <summary>
/// Recursion in the repr: a node whose type (JSON <c>$ref</c> target, XSD element and type) is already being expanded on
/// its own ancestor chain is kept as a marker (<see cref="SchemaNode.RecursesTo"/>) instead of being expanded again, so
/// each recursive type appears once per chain and nothing is cut when the schema is read. Plans unroll markers while
/// they are compiled, up to a bound, and rule paths that go through a marker resolve into the ancestor it repeats.
/// </summary>
public static class ReprRecursion
{
    /// <summary>How many times a recursive node nests inside itself in a record when <c>params.max_depth</c> does not
    /// say: a few levels, enough to look like real trees and documents.</summary>
    public const int DefaultBound = 3;

    /// <summary>The node a marker repeats: the outermost node on its ancestor chain (root first) with the marker's
    /// <see cref="SchemaNode.RecursesTo"/> path (a JSON choice and its alternatives share a path; the choice is meant).</summary>
    public static SchemaNode? Target(IReadOnlyList<SchemaNode> chain, SchemaNode marker)
    {
        foreach (var ancestor in chain)
            if (ancestor.Path == marker.RecursesTo && ancestor.RecursesTo is null) return ancestor;
        return null;
    }

    /// <summary>
    /// The target's content at the marker's place: a copy of <paramref name="target"/>'s subtree whose paths continue
    /// from the marker's path, with the marker's own name, occurrences and presence. Markers inside stay markers (they
    /// point at ancestors that are still on the chain), so one call copies one level of recursion.
    /// </summary>
    public static SchemaNode Unroll(SchemaNode target, SchemaNode marker, SchemaLanguage language)
    {
        var xsd = language == SchemaLanguage.Xsd;
        var copy = Copy(target, p => Rewrite(p, target, marker, xsd), p => Within(p, target.Path));
        copy.Name = marker.Name;
        copy.MinOccurs = marker.MinOccurs;
        copy.MaxOccurs = marker.MaxOccurs;
        copy.Unbounded = marker.Unbounded;
        copy.Required = marker.Required;
        copy.PrefixIndex = marker.PrefixIndex;
        copy.MapEntry = marker.MapEntry;
        copy.NamePattern = marker.NamePattern;
        copy.DependentRequired = marker.DependentRequired;
        if (xsd)
        {
            // An XSD marker or reference is an element of its own, of the target's type.
            copy.Namespace = marker.Namespace;
            copy.Nullable = marker.Nullable;
        }
        return copy;
    }

    /// <summary>A path under <paramref name="from"/> moved under <paramref name="to"/> (XSD: <c>[]</c> follows a repeating element).</summary>
    private static string Rewrite(string path, SchemaNode from, SchemaNode to, bool xsd)
    {
        var rest = path[from.Path.Length..];
        if (from.Path.Length == 0 && rest.Length > 0 && rest[0] != '[') rest = "." + rest; // JSON root: children have no leading dot
        if (xsd && from.Repeats && rest.StartsWith("[]", StringComparison.Ordinal)) rest = rest[2..];
        if (xsd && to.Repeats && rest.StartsWith('.')) rest = "[]" + rest;
        if (to.Path.Length == 0 && rest.StartsWith('.')) rest = rest[1..]; // and back to the JSON root
        return to.Path + rest;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="ancestor"/> or below it.</summary>
    private static bool Within(string path, string ancestor) =>
        path.StartsWith(ancestor, StringComparison.Ordinal)
            && (ancestor.Length == 0 || path.Length == ancestor.Length || path[ancestor.Length] is '.' or '[');

    /// <param name="moves">Whether a marker's target moves with the copy (it lies inside the copied subtree); markers
    /// that point above it keep pointing there. References to shared content (<see cref="SchemaNode.Reuses"/>) keep naming
    /// the content where it was built.</param>
    private static SchemaNode Copy(SchemaNode node, Func<string, string> path, Func<string, bool>? moves = null)
    {
        var copy = node.ShallowCopy();
        copy.Path = path(node.Path);
        if (node.RecursesTo is { } to && moves?.Invoke(to) == true) copy.RecursesTo = path(to);
        copy.Children = node.Children.Select(c => Copy(c, path, moves)).ToList();
        if (node.ListItem is { } item) copy.ListItem = Copy(item, path, moves);
        if (node.UnionMembers is { } members) copy.UnionMembers = members.Select(m => Copy(m, path, moves)).ToList();
        if (node.Conditionals is { } conditionals)
            copy.Conditionals = conditionals.Select(c => new SchemaConditional
            {
                If = c.If.Select(t => Copy(t, path, moves)).ToList(),
                Then = c.Then?.Select(t => Copy(t, path, moves)).ToList(),
                Else = c.Else?.Select(t => Copy(t, path, moves)).ToList(),
                IfCheck = c.IfCheck,
                ElseOf = c.ElseOf,
            }).ToList();
        return copy;
    }

    /// <summary>Nodes at a path that goes through a recursion marker: found in the ancestor the marker repeats, and
    /// returned as they stand at the asked path.</summary>
    internal static IEnumerable<SchemaNode> FindThroughMarkers(SchemaRepr repr, string path)
    {
        foreach (var (marker, target) in Markers(repr).Concat(References(repr)))
        {
            if (!path.StartsWith(marker.Path, StringComparison.Ordinal)) continue;
            if (path.Length > marker.Path.Length && path[marker.Path.Length] is not ('.' or '[')) continue;
            var xsd = repr.Language == SchemaLanguage.Xsd;
            if (path.Length == marker.Path.Length) return [Unroll(target, marker, repr.Language)];
            var inTarget = Rewrite(path, marker, target, xsd);
            return repr.FindAll(inTarget).Select(found =>
            {
                var copy = found.ShallowCopy();
                copy.Path = path;
                return copy;
            }).ToList();
        }
        return [];
    }

    /// <summary>The node of the repr itself (not a copy) that a path through recursion markers stands for: the path is
    /// moved into the node each marker repeats until it names a node of the tree, which may be a marker. Null if none.</summary>
    public static SchemaNode? NodeThroughMarkers(SchemaRepr repr, string path)
    {
        var markers = Markers(repr);
        for (var moves = 0; moves <= markers.Count * 64; moves++)
        {
            var direct = repr.AllNodes().FirstOrDefault(n => n.Path == path);
            if (direct is not null) return direct;
            var (marker, target) = markers.FirstOrDefault(m => path.Length > m.Marker.Path.Length && Within(path, m.Marker.Path));
            if (marker is null) return null;
            path = Rewrite(path, marker, target, repr.Language == SchemaLanguage.Xsd);
        }
        return null;
    }

    /// <summary>
    /// The path of the node of the repr that a rule's path through recursion markers names, as <see cref="NodeThroughMarkers"/>
    /// moves it, and also through a reference to shared content: there the path is resolved in the content the reference
    /// reuses and named back at the reference, whose use the plan compiles in place for the rule
    /// (<c>a.second.b[].b[].x</c>, where <c>second</c> reuses <c>a.first</c> and <c>b</c> inside <c>b</c> is a marker, names
    /// <c>a.second.b[].x</c>). Null if the path names nothing.
    /// </summary>
    public static string? PathThroughMarkers(SchemaRepr repr, string path)
    {
        var markers = Markers(repr);
        var references = References(repr);
        var paths = repr.AllNodes().Select(n => n.Path).ToHashSet(StringComparer.Ordinal);
        var xsd = repr.Language == SchemaLanguage.Xsd;
        var budget = (markers.Count + 1) * 64 + references.Count;
        return Resolve(path);

        string? Resolve(string at)
        {
            while (budget-- > 0)
            {
                if (paths.Contains(at)) return at;
                var (marker, target) = markers.FirstOrDefault(m => at.Length > m.Marker.Path.Length && Within(at, m.Marker.Path));
                if (marker is not null)
                {
                    at = Rewrite(at, marker, target, xsd);
                    continue;
                }
                var (reference, shared) = references.FirstOrDefault(r => at.Length > r.Reference.Path.Length && Within(at, r.Reference.Path));
                if (reference is null || Resolve(Rewrite(at, reference, shared, xsd)) is not { } inShared) return null;
                // A marker inside the shared content may point above it: that node is named as it is.
                return Within(inShared, shared.Path) ? Rewrite(inShared, shared, reference, xsd) : inShared;
            }
            return null;
        }
    }

    /// <summary>Every reference to shared content (<see cref="SchemaNode.Reuses"/>) with the node whose content it has.</summary>
    public static List<(SchemaNode Reference, SchemaNode Target)> References(SchemaRepr repr)
    {
        var all = repr.AllNodes().ToList();
        if (!all.Any(n => n.Reuses is not null)) return [];
        var content = new ContentByPath(all);
        return [.. all.Where(n => n.Reuses is not null && content.Of(n) is not null).Select(n => (n, content.Of(n)!))];
    }

    /// <summary>
    /// The nodes of a tree that references and markers name, by path: every node that is neither a marker nor a
    /// reference, in tree order. Where several share a path (the alternatives of a JSON choice share the choice's), a
    /// reference names the one it reuses by <see cref="SchemaNode.ReusesOrdinal"/>; a marker names the first (the
    /// choice, whose alternatives it re-enters), as does a path alone.
    /// </summary>
    public sealed class ContentByPath
    {
        private readonly Dictionary<string, List<SchemaNode>> _byPath = new(StringComparer.Ordinal);

        public ContentByPath(IEnumerable<SchemaNode> nodesInTreeOrder)
        {
            foreach (var n in nodesInTreeOrder)
                if (n.RecursesTo is null && n.Reuses is null)
                {
                    if (!_byPath.TryGetValue(n.Path, out var list)) _byPath[n.Path] = list = [];
                    list.Add(n);
                }
        }

        /// <summary>The first node at <paramref name="path"/>.</summary>
        public SchemaNode? At(string path) => _byPath.TryGetValue(path, out var list) ? list[0] : null;

        /// <summary>What a reference reuses or a marker repeats; null for another node or one the tree does not hold.</summary>
        public SchemaNode? Of(SchemaNode node) =>
            node.Reuses is { } at ? _byPath.TryGetValue(at, out var list) && node.ReusesOrdinal < list.Count ? list[node.ReusesOrdinal] : null
            : node.RecursesTo is { } to ? At(to)
            : null;

        /// <summary>Where <paramref name="node"/> stands among the nodes at its path (its <see cref="SchemaNode.ReusesOrdinal"/>
        /// for a reference to it), or -1 when it is not one of them.</summary>
        public int OrdinalOf(SchemaNode node) =>
            _byPath.TryGetValue(node.Path, out var list) ? list.FindIndex(n => ReferenceEquals(n, node)) : -1;
    }

    /// <summary>Tells each reference to shared content (<see cref="SchemaNode.ReusedNode"/>) which of the nodes at its
    /// content's path it names (<see cref="SchemaNode.ReusesOrdinal"/>): several share a path (a JSON choice's alternatives;
    /// an XSD element in two branches of a choice, one cut at the reader's depth and one built whole, as ONIX's
    /// ContributorDate, whose references found the empty cut one first).</summary>
    public static void NumberReferences(IReadOnlyList<SchemaNode> nodesInTreeOrder)
    {
        var content = new ContentByPath(nodesInTreeOrder);
        foreach (var n in nodesInTreeOrder)
            if (n.ReusedNode is { } reused && content.OrdinalOf(reused) is >= 0 and var ordinal) n.ReusesOrdinal = ordinal;
    }

    /// <summary>
    /// Whether a document of <paramref name="root"/> can be made with finitely many recursions, as the plan counts them
    /// (<c>PlanRecursion.MinBackEdges</c>): a marker needs one more than its target, a reference what its content needs, an
    /// object or group the most any required member needs, an array what its items need when it must hold some, a choice
    /// the least of its alternatives that are not cut.
    /// </summary>
    public static bool CanEnd(SchemaNode root)
    {
        const int Endless = int.MaxValue / 4;
        var nodes = SchemaRepr.NodesOf([root]).ToList();
        var content = new ContentByPath(nodes);
        var needs = new Dictionary<SchemaNode, int>(ReferenceEqualityComparer.Instance);
        foreach (var n in nodes) needs[n] = Endless;
        int Needed(SchemaNode n)
        {
            if (n.RecursesTo is not null || n.Reuses is not null)
                return content.Of(n) is { } target ? Math.Min(Endless, needs[target] + (n.RecursesTo is not null ? 1 : 0)) : Endless;
            if (n.Truncated) return Endless;
            if (n.Kind == NodeKind.Choice)
                return n.Children.Where(c => !c.Truncated).Select(c => needs[c]).DefaultIfEmpty(n.Children.Count == 0 ? 0 : Endless).Min();
            var most = 0;
            foreach (var c in n.Children)
                if (c.Required || c.MinOccurs > 0) most = Math.Max(most, needs[c]);
            return most;
        }
        for (var changed = true; changed;)
        {
            changed = false;
            for (var i = nodes.Count - 1; i >= 0; i--)
                if (Needed(nodes[i]) is var value && value < needs[nodes[i]])
                {
                    needs[nodes[i]] = value;
                    changed = true;
                }
        }
        return needs[root] < Endless;
    }

    /// <summary>Every marker of the repr with the node it repeats.</summary>
    public static List<(SchemaNode Marker, SchemaNode Target)> Markers(SchemaRepr repr)
    {
        var found = new List<(SchemaNode, SchemaNode)>();
        var chain = new List<SchemaNode>();
        foreach (var root in repr.Roots) Walk(root);
        return found;

        void Walk(SchemaNode node)
        {
            if (node.RecursesTo is not null)
            {
                if (Target(chain, node) is { } target) found.Add((node, target));
                return;
            }
            chain.Add(node);
            foreach (var c in node.Children) Walk(c);
            chain.RemoveAt(chain.Count - 1);
        }
    }

    /// <summary>
    /// A marker reached from the root through required steps only, whose cycle back to its target is required at every
    /// step too, can never end: no record can be made. Returns the message naming the cycle, or null. (An endless cycle
    /// below an optional step only leaves that step out when records are made.)
    /// </summary>
    public static string? EndlessRecursion(SchemaRepr repr)
    {
        var chain = new List<SchemaNode>();
        foreach (var root in repr.Roots)
            if (Walk(root) is { } message) return message;
        return null;

        string? Walk(SchemaNode node)
        {
            if (node.RecursesTo is not null)
            {
                var cycle = new List<string>();
                var inCycle = false;
                foreach (var n in chain)
                {
                    if (!inCycle && n.Path == node.RecursesTo) inCycle = true;
                    if (inCycle && !n.IsGroup) cycle.Add(n.Path.Length == 0 ? n.Name : n.Path);
                }
                return $"'{node.Path}' is required and repeats '{(node.RecursesTo.Length == 0 ? chain[0].Name : node.RecursesTo)}' inside itself "
                    + "without end: " +
                       $"every step of the cycle {string.Join(" → ", cycle.Append(node.Path))} is required";
            }
            chain.Add(node);
            try
            {
                foreach (var c in node.Children)
                    if (Forced(node, c) && Walk(c) is { } message) return message;
                return null;
            }
            finally
            {
                chain.RemoveAt(chain.Count - 1);
            }
        }
    }

    /// <summary>Whether every step from <paramref name="target"/> down the chain to <paramref name="marker"/> is required:
    /// then the recursion can never end, however deep it is unrolled.</summary>
    public static bool Endless(IReadOnlyList<SchemaNode> chain, SchemaNode target, SchemaNode marker)
    {
        var at = -1;
        for (var i = 0; i < chain.Count && at < 0; i++)
            if (ReferenceEquals(chain[i], target)) at = i;
        if (at < 0) return false;
        for (var i = at; i < chain.Count; i++)
            if (!Forced(chain[i], i + 1 < chain.Count ? chain[i + 1] : marker)) return false;
        return true;
    }

    /// <summary>Whether every instance of <paramref name="parent"/> holds <paramref name="child"/>.</summary>
    private static bool Forced(SchemaNode parent, SchemaNode child) =>
        child.Required && !child.Truncated
        && !(parent.Kind == NodeKind.Choice && parent.Children.Count > 1)
        && !(parent.Kind == NodeKind.Array && (parent.MinOccurs ?? 0) <= (child.PrefixIndex ?? 0))
        && (child.MinOccurs ?? 1) > 0;
}
