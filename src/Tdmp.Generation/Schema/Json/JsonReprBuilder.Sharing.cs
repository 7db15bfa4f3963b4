namespace Tdmp.Generation.Schema.Json;

/// <summary>
/// Shared content: what is built once and referenced at its other uses (<see cref="SchemaNode.Reuses"/>), and the
/// references and recursion markers made right once the tree is whole.
/// </summary>
internal sealed partial class JsonReprBuilder
{
    /// <summary>The markers made so far for each conjunction on the chain: when its node is built they learn which node
    /// they repeat (<see cref="SchemaNode.RepeatedNode"/>).</summary>
    private readonly Dictionary<string, List<SchemaNode>> _markersTo = [];

    /// <summary>
    /// Shared content: an object or a choice built from a conjunction of schema parts (a <c>$ref</c>'d definition, with
    /// whatever narrows it at that place; an alternative with what its choice consumed) is kept once, where it was first
    /// built; a later place built from the same parts is a reference to it (<see cref="SchemaNode.Reuses"/>, no children),
    /// so a definition graph that reuses definitions widely (SARIF, CycloneDX, AsyncAPI, OpenAPI, FHIR) is read whole
    /// instead of expanded into a tree. The key is every part that says
    /// something about the value, so a <c>$ref</c> with sibling keywords that narrow it, or an <c>allOf</c> (an object's own
    /// or its parent's, for that property) that merges into it, is other content built on its own. <c>$dynamicRef</c> is
    /// resolved statically (<see cref="JsonSchemaDocument"/>), so its content is the same wherever it is used.
    /// </summary>
    private readonly Dictionary<string, (SchemaNode Node, bool Nullable)> _shared = [];
    /// <summary>Above zero while building what is not part of the tree: the tests and branches of an <c>if</c>/<c>then</c>/
    /// <c>else</c> (they replace or test the object's own properties) and <c>propertyNames</c>. Nothing there is shared,
    /// and nothing there refers to shared content.</summary>
    private int _unshared;

    /// <summary>Objects with properties and choices (with their alternatives' exclusions), nothing cut: content worth
    /// keeping once, and the same wherever it is used. A recursion marker inside may repeat an ancestor of the place where
    /// the content was built (FHIR: every type's <c>extension</c> holds values of the types around it); records follow it
    /// to that ancestor from every use, and where that ancestor is gone from the tree the marker becomes a copy of it
    /// (<see cref="FinishReferences"/>). An object whose own value is checked as a whole (if/then/else, <c>not</c>, groups
    /// never all present) is made in place at every use: those checks redraw the object where it is made.</summary>
    private bool Shareable(SchemaNode node) =>
        node.Kind is NodeKind.Object or NodeKind.Choice && node.Children.Count > 0 && !node.Truncated && !_nullOnly.Contains(node)
        && node.Conditionals is null && node.NotAllPresent is null && node.Checks is null;

    /// <summary>Builds <paramref name="build"/> with nothing shared (see <see cref="_unshared"/>).</summary>
    private T Unshared<T>(Func<T> build)
    {
        _unshared++;
        try
        {
            return build();
        }
        finally
        {
            _unshared--;
        }
    }

    /// <summary>
    /// A reference whose content was built in a part of the tree that was then dropped (an alternative that cannot be
    /// used, an optional property left out, a property maxProperties removed) is replaced by a copy of that content at its
    /// own place. So is a recursion marker that repeats neither an ancestor on its own chain nor the node its path finds
    /// first in the tree (a marker inside shared content, copied away from the ancestor it was made under). Copies are
    /// checked the same way. Content is only ever built before the references to it, and a marker's node encloses it, so
    /// this ends. Then each reference learns which of the nodes at its content's path it names
    /// (<see cref="SchemaNode.ReusesOrdinal"/>): the alternatives of a choice share a path.
    /// </summary>
    private void FinishReferences(SchemaNode root)
    {
        if (_shared.Count == 0) return;
        var built = AllNodes(root);
        var inTree = built.ToHashSet(ReferenceEqualityComparer.Instance);
        var firstAt = new ReprRecursion.ContentByPath(built);
        var chain = new List<SchemaNode>();
        Walk(root);
        ReprRecursion.NumberReferences(AllNodes(root));

        void Walk(SchemaNode node)
        {
            chain.Add(node);
            for (var i = 0; i < node.Children.Count; i++)
            {
                var child = node.Children[i];
                var gone = child.ReusedNode is { } reused && !inTree.Contains(reused) ? reused
                    : child is { RecursesTo: not null, RepeatedNode: { } repeated } && ReprRecursion.Target(chain, child) is null
                        && !RepeatedAt(repeated) ? repeated
                    : null;
                if (gone is not null) child = node.Children[i] = InPlace(gone, child);
                Walk(child);
            }
            chain.RemoveAt(chain.Count - 1);
        }

        // What a marker off its chain finds at its path: the node it repeats, or the choice whose alternative that is.
        bool RepeatedAt(SchemaNode repeated) => firstAt.At(repeated.Path) is { } found
            && (ReferenceEquals(found, repeated) || found.Kind == NodeKind.Choice && found.Children.Contains(repeated));
    }

    private static List<SchemaNode> AllNodes(SchemaNode root) =>
        [.. SchemaRepr.NodesOf([root])];

    /// <summary>A copy of shared content at the place of a reference to it, with the reference's presence and nullability.</summary>
    private SchemaNode InPlace(SchemaNode content, SchemaNode reference)
    {
        var copy = ReprRecursion.Unroll(content, reference, SchemaLanguage.JsonSchema);
        copy.Nullable = reference.Nullable;
        copy.Exclusion = reference.Exclusion;
        foreach (var _ in AllNodes(copy)) _budget.Spend(copy.Path, 0);
        return copy;
    }
}
