using System.Runtime.CompilerServices;
using System.Text.Json;
using Tdmp.Generation.Constraints;
using Tdmp.Generation.Schema;
using Tdmp.Generation.Values;

namespace Tdmp.Generation.Engine;

/// <summary>
/// Turns a repr and its rules into plan nodes, in passes (GENERATION.md §2, "How rules are compiled"): resolve the rules'
/// paths and merge the rules of each field (<see cref="FieldRules"/>, when the compiler is made); build the tree with
/// every value generator and the rules without <c>when</c>; add the <c>when</c> variants; realistic defaults where no
/// rule decides; link fields of the same record; order the deferred fields. The rule set was checked against the schema
/// (<see cref="ConstraintChecker"/>) before; what only the compiled plan shows is refused here.
/// </summary>
internal sealed partial class PlanCompiler(SchemaRepr repr, IReadOnlyList<ConstraintRule> rules, DateOnly referenceDate, int? maxDepth = null)
{
    private readonly List<PlanNode> _nodes = [];
    /// <summary>Checks compiled so far, by text: a definition used in many places is compiled once.</summary>
    private readonly Dictionary<string, SchemaCheck> _checks = [];
    private readonly Dictionary<string, FieldRules> _rulesByPath = FieldRules.ByPath(rules, repr);
    private readonly List<(PlanNode Node, ConstraintRule Rule, NodeBehavior Behavior)> _links = [];
    private readonly bool _xsd = repr.Language == SchemaLanguage.Xsd;
    private int _uniqueSlots;
    private readonly List<(PlanNode Node, SchemaNode Source, ConstraintRule Rule)> _pendingWhen = [];

    /// <summary>The repr nodes being compiled, root first: where a recursion marker finds the ancestor it repeats.</summary>
    private readonly List<SchemaNode> _sourceChain = [];
    /// <summary>The stride (<see cref="PlanNode.UniqueStride"/>) each repr node on the chain is compiled with.</summary>
    private readonly Dictionary<SchemaNode, long> _strideOnChain = new(ReferenceEqualityComparer.Instance);
    /// <summary>How many back-edges one chain of a record may follow: <c>params.max_depth</c>, else a few.</summary>
    private readonly int _recursionBound = maxDepth ?? ReprRecursion.DefaultBound;
    /// <summary>Recursion nodes made, with the strides at their place and at their target's.</summary>
    private readonly List<(PlanNode Node, long Stride, long TargetStride)> _recursions = [];
    /// <summary>Reuse nodes made (shared content, <see cref="SchemaNode.Reuses"/>), with the strides at their place and at their target's.</summary>
    private readonly List<(PlanNode Node, long Stride, long TargetStride)> _reuses = [];
    /// <summary>The plan node each repr node's content was compiled into, with its stride: what a reference to shared content uses.</summary>
    private readonly Dictionary<SchemaNode, (PlanNode Node, long Stride)> _compiled = new(ReferenceEqualityComparer.Instance);
    /// <summary>Repr nodes that are always compiled in place, never as a reference: the document and record roots.</summary>
    private readonly HashSet<SchemaNode> _inPlace = new(ReferenceEqualityComparer.Instance);
    /// <summary>The repeating child of the root that holds the records (XSD), which no depth cut leaves out.</summary>
    private SchemaNode? _recordChild;
    private ReprRecursion.ContentByPath? _content;

    /// <summary>Every path the rules name (their fields, conditions, links and formula or template fields): shared content
    /// that holds one of them is compiled in place, so the rule applies on that path only.</summary>
    private readonly List<string> _rulePaths = RulePaths(rules);

    private const int SoftExtraItems = 3;
    internal const double OptionalPresentRate = 0.8;

    /// <summary>The members every JavaScript object inherits from <c>Object.prototype</c>.</summary>
    private static readonly HashSet<string> InheritedJavaScriptNames =
        ["constructor", "toString", "toLocaleString", "valueOf", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable",
         "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__"];
    private const double DefaultNullRate = 0.1;

    /// <summary>What rules do to objects, arrays and choices; the other kinds act on scalars.</summary>
    private const RuleEffect ContainerEffects = RuleEffect.Presence | RuleEffect.ItemCount;
    /// <summary>Kinds that decide a scalar's values, so the engine's own guesses (unique ids, e-mails from names, date pairs) stay out.</summary>
    private const RuleEffect DecidesValues = RuleEffect.ShapesValues | RuleEffect.LinksFields;

    private static string NormalizePath(string path) => FieldRules.NormalizePath(path);

    /// <summary>The field's rules as the set lists them.</summary>
    private List<ConstraintRule> RulesFor(SchemaNode s) => FieldRulesOf(s).Written;

    private FieldRules FieldRulesOf(SchemaNode s) =>
        _rulesByPath.TryGetValue(NormalizePath(s.Path), out var rules) ? rules : FieldRules.None;

    public GenerationPlan Compile(string? rootPath)
    {
        if (repr.Roots.Count == 0) throw new UnsatisfiableSchemaException("", "the schema has no root element or type");
        var (root, recordChild) = ChooseRoot(rootPath);
        _inPlace.Add(root);
        if (recordChild is not null) _inPlace.Add(recordChild);
        _recordChild = recordChild;
        PlanNode record;
        PlanNode? envelope = null, recordArray = null;
        // A root chosen below the top (root_path) compiles with its ancestors on the chain, for markers that point above it.
        _sourceChain.AddRange(AncestorsOf(root));
        try
        {
            if (recordChild is not null)
            {
                envelope = CompileSingle(root, root.Name, null, 1);
                envelope.Required = true;
                recordArray = _nodes.First(n => n.Kind == PlanNodeKind.Array && ReferenceEquals(n.Source, recordChild) && n.Parent == envelope);
                record = recordArray.Item;
            }
            else
            {
                record = CompileSingle(root, root.Name, null, 1);
                record.Required = true;
            }
        }
        catch (RecursionBoundException e)
        {
            throw new UnsatisfiableSchemaException(e.Marker.Path, e.Message);
        }
        // The tree above holds every generator and the rules without when; the passes below work on it.
        var (recursionBound, depthLimit) = PlanRecursion.Finish(record, envelope, _nodes, _recursions, _reuses, _recursionBound, maxDepth);
        AddConditionalVariants();
        MakeKeyTuplesUnique();
        InterleaveSharedUniques();
        CountSmallUniquesWithinScope(record, recursionBound);
        // Realistic defaults, only where no rule decides the values.
        LinkEmailsToNames(record);
        MakeIdentifiersUnique(record);
        LinkDatePairs();
        ResolveLinks(record);
        CurrencyAmounts.Link(record);
        RankDeferred();
        RefuseConstantsTheChecksReject();
        return new GenerationPlan(repr, record, envelope, recordArray, _nodes, _uniqueSlots, maxDepth, recursionBound, depthLimit);
    }

    /// <summary>
    /// Each <c>when</c> rule becomes a variant of its node's behaviour, copied from the final base behaviour (presence
    /// and null rates are set after a node's generator), with the rule applied on top.
    /// </summary>
    private void AddConditionalVariants()
    {
        foreach (var (node, source, rule) in _pendingWhen)
        {
            var variant = AddVariant(node, rule);
            if (node.Kind == PlanNodeKind.Scalar) ApplyScalarRule(node, source, rule, variant);
            else ApplyContainerRule(node, source, rule, variant);
        }
    }

    /// <summary>
    /// GENERATION.md §3: for an XSD root whose content repeats, a record is the repeating element and
    /// the root wraps each file. With several repeating children (a library of authors and books) the
    /// last one is the record and the others are made per file, where IDREFs in the records find them.
    /// </summary>
    private (SchemaNode Root, SchemaNode? RecordChild) ChooseRoot(string? rootPath)
    {
        if (!string.IsNullOrEmpty(rootPath))
        {
            var wanted = NormalizePath(rootPath);
            foreach (var r in repr.Roots)
            {
                if (NormalizePath(r.Path) == wanted || r.Name == wanted) return WithRecordChild(r);
                foreach (var c in r.Children)
                    if ((NormalizePath(c.Path) == wanted || $"{r.Name}.{c.Name}" == wanted) && c.Repeats && _xsd) return (r, c);
            }
            // A path below a recursion marker stands for the node the marker repeats.
            var deep = repr.AllNodes().FirstOrDefault(n => NormalizePath(n.Path) == wanted) ?? ReprRecursion.NodeThroughMarkers(repr, wanted);
            if (deep is not null) return (deep, null);
            throw new UnsatisfiableSchemaException(rootPath, "no such root in the schema");
        }
        // Several global elements: the largest tree is the document; the others are its parts.
        var best = repr.Roots[0];
        var bestSize = -1;
        foreach (var r in repr.Roots.Take(repr.DocumentRoots ?? repr.Roots.Count))
        {
            var size = Count(r);
            if (size > bestSize) { best = r; bestSize = size; }
        }
        return WithRecordChild(best);
    }

    private (SchemaNode, SchemaNode?) WithRecordChild(SchemaNode root)
    {
        if (!_xsd || root.Kind != NodeKind.Object) return (root, null);
        SchemaNode? last = null;
        foreach (var c in root.Children)
            if (!c.IsAttribute && c.Repeats && c.Kind != NodeKind.Choice && !c.IsGroup) last = c; // a repeating group is no record (XLIFF)
        return (root, last);
    }

    private static int Count(SchemaNode n)
    {
        var total = 1;
        foreach (var c in n.Children) total += Count(c);
        return total;
    }

    private PlanNode NewNode(SchemaNode? s, string name, string path, PlanNodeKind kind, PlanNode? parent, bool isAttribute = false,
        bool isText = false, bool omitWhenEmpty = false)
    {
        var node = new PlanNode
        {
            Id = _nodes.Count, Name = name, Path = path, Kind = kind, Source = s, Parent = parent,
            IsAttribute = isAttribute, IsText = isText, Namespace = s?.Namespace, OmitWhenEmpty = omitWhenEmpty,
            Checks = isText || s?.Checks is not { Count: > 0 } checks ? null : [.. checks.Select(c => SchemaCheck.Compile(c, _checks))],
            Exclusion = isText || s?.Exclusion is not { } exclusion ? null : SchemaCheck.Compile(exclusion, _checks),
        };
        _nodes.Add(node);
        return node;
    }

    /// <summary>A member of an object: an XSD repeating element becomes an array of single elements.</summary>
    private PlanNode CompileMember(SchemaNode s, string name, PlanNode parent, long stride)
    {
        if (_xsd && s.Repeats && !s.IsAttribute && !s.IsGroup)
        {
            var array = NewNode(s, name, s.Path, PlanNodeKind.Array, parent, omitWhenEmpty: true);
            var min = s.MinOccurs ?? 1;
            var hardMax = s.Unbounded || s.MaxOccurs is null ? int.MaxValue : s.MaxOccurs.Value;
            array.Behavior = new NodeBehavior { MinItems = min, MaxItems = Math.Min(hardMax, Math.Max(min, min + SoftExtraItems)) };
            array.Required = true;
            ApplyItemsRules(array, s, hardMax);
            var item = CompileSingle(s, name, array, stride * Math.Max(1, Math.Min(hardMax, 1024)));
            item.Required = true;
            array.Children = [item];
            foreach (var r in RulesFor(s))
                if (RuleKinds.IsConditional(r) && RuleKinds.Has(r, RuleEffect.ItemCount)) _pendingWhen.Add((array, s, r));
            return array;
        }
        var node = CompileSingle(s, name, parent, stride);
        node.Required = _xsd && !s.IsAttribute ? (s.MinOccurs ?? 1) >= 1 || s.Required && s.MinOccurs is null : s.Required;
        if (!node.Required)
        {
            var present = OptionalPresentRate;
            foreach (var r in RulesFor(s))
                if (UnconditionalAbsentRate(r) is { } nr) present = s.Nullable ? 1 : 1 - nr;
            // An absent field with a default means its default: weighted values are written out every time,
            // so the weights are the proportions a reader sees.
            if (s.Default is not null && RulesFor(s).Any(r => !RuleKinds.IsConditional(r) && RuleKinds.Has(r, RuleEffect.WeighsValues)
                && RuleKinds.AbsentRate(r) is null)) present = 1;
            // A JavaScript validator (ajv) reads an absent "constructor" or "toString" as the inherited function and
            // rejects it: a JSON property with such a name is written whenever it may be.
            if (!_xsd && InheritedJavaScriptNames.Contains(name) && !RulesFor(s).Any(r => RuleKinds.AbsentRate(r) is not null)) present = 1;
            node.Behavior.PresentRate = present;
        }
        // when-rules on objects, arrays and choices: variants made at the end, from the final base behaviour.
        if (node.Kind != PlanNodeKind.Scalar)
            foreach (var r in RulesFor(s))
                if (RuleKinds.IsConditional(r) && RuleKinds.Has(r, ContainerEffects)) _pendingWhen.Add((node, s, r));
        return node;
    }

    private void ApplyContainerRule(PlanNode node, SchemaNode s, ConstraintRule r, NodeBehavior variant)
    {
        if (RuleKinds.ItemCount(r) is { } items && node.Kind == PlanNodeKind.Array) ApplyItems(s, items, variant, HardMaxItems(s, _xsd));
        if (RuleKinds.AbsentRate(r) is { } nr) ApplyAbsentRate(node, variant, nr);
    }

    /// <summary>A rule's rate of absent or null values (<see cref="RuleKinds.AbsentRate"/>) on a variant: a nullable field is
    /// written and null that often, another one left out (never when it is required).</summary>
    private static void ApplyAbsentRate(PlanNode node, NodeBehavior behavior, double rate)
    {
        if (node.Nullable)
        {
            behavior.NullRate = rate;
            behavior.PresentRate = 1;
        }
        else behavior.PresentRate = node.Required ? 1 : 1 - rate;
    }

    /// <summary>How often a rule without a condition makes its field absent or null; null for a rule under a condition
    /// (a variant, applied at the end) or one that leaves presence to the schema.</summary>
    private static double? UnconditionalAbsentRate(ConstraintRule r) => RuleKinds.IsConditional(r) ? null : RuleKinds.AbsentRate(r);

    /// <summary>The repr nodes above <paramref name="node"/>, root first.</summary>
    private List<SchemaNode> AncestorsOf(SchemaNode node)
    {
        var chain = new List<SchemaNode>();
        foreach (var r in repr.Roots)
            if (Search(r)) break;
        return chain;

        bool Search(SchemaNode n)
        {
            if (ReferenceEquals(n, node)) return true;
            chain.Add(n);
            foreach (var c in n.Children)
                if (Search(c)) return true;
            chain.RemoveAt(chain.Count - 1);
            return false;
        }
    }

    /// <summary>How deep a plan may nest: far past what <see cref="SchemaReadLimits.MaxDepth"/> lets a repr hold.</summary>
    private const int MaxNesting = 1000;

    private PlanNode CompileSingle(SchemaNode s, string name, PlanNode? parent, long stride)
    {
        if (s.RecursesTo is not null) return CompileReentry(s, name, parent, stride);
        if (s.Reuses is not null) return CompileReuse(s, name, parent, stride);
        // A plan deeper than any the repr's depth limit allows is a recursion that copying shared content keeps renewing;
        // refused here, before the stack runs out (a stack overflow would end the whole process, not this request).
        if (_sourceChain.Count >= MaxNesting || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new UnsatisfiableSchemaException(s.Path.Length > 200 ? s.Path[..200] + "…" : s.Path,
                $"its plan nests deeper than {MaxNesting} levels: a recursion in the schema that the engine cannot bound here");
        _sourceChain.Add(s);
        _strideOnChain[s] = stride;
        try
        {
            var node = CompileContent(s, name, parent, stride);
            _compiled[s] = (node, stride);
            return node;
        }
        finally
        {
            _sourceChain.RemoveAt(_sourceChain.Count - 1);
            _strideOnChain.Remove(s);
        }
    }

    /// <summary>
    /// A recursion marker: a <see cref="PlanNodeKind.Recursion"/> node pointing back at the plan node of the ancestor it
    /// repeats, compiled once; records follow it while they are made, up to the bound (<see cref="PlanRecursion"/>). A
    /// recursion that can never end is refused here; the nearest optional step above it (an optional element or
    /// property, an array that may be empty, another alternative of a choice) then leaves it out.
    /// </summary>
    private PlanNode CompileReentry(SchemaNode marker, string name, PlanNode? parent, long stride)
    {
        var target = ReprRecursion.Target(_sourceChain, marker);
        if (target is null)
        {
            // A marker inside shared content compiled in place elsewhere (a copy): it points at the element where that
            // content was built, whose content is its type's. Its compiled node serves as the back-edge's target here too;
            // left out there, its content is compiled here.
            target = SharedTarget(marker)
                ?? throw new UnsatisfiableSchemaException(marker.Path, $"it repeats '{marker.RecursesTo}', which does not enclose it");
            if (Live(target, out var compiledTarget))
                return BackEdge(marker, name, parent, stride, target, compiledTarget.Node, compiledTarget.Stride);
            return CompileInPlace(target, marker, name, parent, stride, NoRuleWithin(marker, target));
        }
        return ChainBackEdge(marker, name, parent, stride, target);
    }

    /// <summary>A back-edge to <paramref name="target"/>, on the chain being compiled: refused when the recursion can never
    /// end.</summary>
    private PlanNode ChainBackEdge(SchemaNode marker, string name, PlanNode? parent, long stride, SchemaNode target)
    {
        if (ReprRecursion.Endless(_sourceChain, target, marker))
            throw new RecursionBoundException(marker, target, _sourceChain, _recursionBound, endless: true);
        PlanNode? targetNode = null;
        for (var p = parent; p is not null && targetNode is null; p = p.Parent)
            if (ReferenceEquals(p.Source, target)) targetNode = p;
        // The target lies above the record (a root_path below a marker): its content is compiled here once, and the
        // markers inside it point back at this copy.
        if (targetNode is null) return CompileCopy(target, marker, name, parent, stride, mayShare: false);
        return BackEdge(marker, name, parent, stride, target, targetNode, _strideOnChain.GetValueOrDefault(target, 1));
    }

    /// <summary>The content of <paramref name="original"/> compiled in place of <paramref name="at"/> (a marker or a
    /// reference), remembered as a copy of it while it is on the chain. Where the original was not compiled yet (the
    /// compiler reached a use before the place the reader built it, as properties an <c>if</c> tests are compiled first),
    /// later uses share this copy instead of each compiling one more, unless <paramref name="mayShare"/> is false (a rule
    /// names a path inside it, or it is the document or record root).</summary>
    private PlanNode CompileCopy(SchemaNode original, SchemaNode at, string name, PlanNode? parent, long stride, bool mayShare)
    {
        var copy = ReprRecursion.Unroll(original, at, repr.Language);
        _copyOf[copy] = original;
        PlanNode node;
        try { node = CompileSingle(copy, name, parent, stride); }
        finally { _copyOf.Remove(copy); }
        if (mayShare && !_compiled.ContainsKey(original) && node.Kind != PlanNodeKind.Recursion) _compiled[original] = (node, stride);
        return node;
    }

    /// <summary>The content of <paramref name="original"/> at <paramref name="at"/> (a marker or a reference whose content is
    /// not shared there): a back-edge to the copy of it already being compiled on the chain, else a copy of its own.</summary>
    private PlanNode CompileInPlace(SchemaNode original, SchemaNode at, string name, PlanNode? parent, long stride, bool mayShare) =>
        CopyOnChain(original) is { } copy
            ? ChainBackEdge(at, name, parent, stride, copy)
            : CompileCopy(original, at, name, parent, stride, mayShare);

    /// <summary>
    /// A copy of <paramref name="original"/> being compiled on the chain. Shared content copied in place holds markers
    /// that point above it and references to content that holds it in turn; each copy would copy the next one without end,
    /// so a marker or reference that reaches content already being copied on the chain is a back-edge to that copy.
    /// </summary>
    private SchemaNode? CopyOnChain(SchemaNode original)
    {
        for (var i = _sourceChain.Count - 1; i >= 0; i--)
            if (_copyOf.TryGetValue(_sourceChain[i], out var copied) && ReferenceEquals(copied, original)) return _sourceChain[i];
        return null;
    }

    private readonly Dictionary<SchemaNode, SchemaNode> _copyOf = new(ReferenceEqualityComparer.Instance);

    private PlanNode BackEdge(SchemaNode marker, string name, PlanNode? parent, long stride, SchemaNode target, PlanNode targetNode,
        long targetStride)
    {
        var node = EdgeTo(marker, name, PlanNodeKind.Recursion, parent, target, targetNode);
        _recursions.Add((node, stride, targetStride));
        return node;
    }

    /// <summary>A node whose records make <paramref name="targetNode"/>'s content under this node's name: a back-edge of a
    /// recursion or a use of shared content.</summary>
    private PlanNode EdgeTo(SchemaNode source, string name, PlanNodeKind kind, PlanNode? parent, SchemaNode target, PlanNode targetNode)
    {
        var node = NewNode(source, name, source.Path, kind, parent);
        node.Target = targetNode;
        node.DepthShift = ObjectDepth(parent) - ObjectDepth(targetNode.Parent);
        // An element with a required attribute cannot be written as xsi:nil without it (ApplyNullable's rule, on the content).
        if (!(_xsd && target.Children.Any(c => c.IsAttribute && c.Required))) ApplyNullable(node, source);
        return node;
    }

    /// <summary>
    /// A reference to shared content (<see cref="SchemaNode.Reuses"/>): a <see cref="PlanNodeKind.Reuse"/> node whose records
    /// make the content compiled for the node it names, under this node's name. It is compiled in place instead (a copy of
    /// that content at this path) where a rule names a path inside this node or inside the shared content, where that
    /// content was not compiled (it lies above a root_path, or was left out), and for the document and record roots.
    /// </summary>
    private PlanNode CompileReuse(SchemaNode reference, string name, PlanNode? parent, long stride)
    {
        var target = SharedTarget(reference)
            ?? throw new UnsatisfiableSchemaException(reference.Path, $"it reuses '{reference.Reuses}', which the schema does not hold");
        var mayShare = !_inPlace.Contains(reference) && NoRuleWithin(reference, target);
        if (!mayShare || !Live(target, out _)) return CompileInPlace(target, reference, name, parent, stride, mayShare);
        var (targetNode, targetStride) = _compiled[target];
        var node = EdgeTo(reference, name, PlanNodeKind.Reuse, parent, target, targetNode);
        _reuses.Add((node, stride, targetStride));
        return node;
    }

    private bool? _hasReferences;
    private bool HasReferences => _hasReferences ??= repr.AllNodes().Any(n => n.Reuses is not null);

    /// <summary>The node of the repr (not a marker or reference) that a reference reuses or a marker repeats.</summary>
    private SchemaNode? SharedTarget(SchemaNode referenceOrMarker) =>
        (_content ??= new ReprRecursion.ContentByPath(repr.AllNodes())).Of(referenceOrMarker);

    /// <summary>Whether the content of <paramref name="s"/> was compiled and is still part of the plan (not taken back).</summary>
    private bool Live(SchemaNode s, out (PlanNode Node, long Stride) compiled) =>
        _compiled.TryGetValue(s, out compiled) && compiled.Node.Id < _nodes.Count && ReferenceEquals(_nodes[compiled.Node.Id], compiled.Node);

    /// <summary>Whether no rule names a path inside <paramref name="at"/> (a marker or reference) or inside its
    /// <paramref name="target"/>: only then may one compiled content serve both.</summary>
    private bool NoRuleWithin(SchemaNode at, SchemaNode target) => !NamesPathWithin(at.Path) && !NamesPathWithin(target.Path);

    private bool NamesPathWithin(string path)
    {
        var normalized = NormalizePath(path);
        foreach (var p in _rulePaths)
            if (Within(p, normalized)) return true;
        return false;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="ancestor"/> or below it.</summary>
    private static bool Within(string path, string ancestor) =>
        path.StartsWith(ancestor, StringComparison.Ordinal)
            && (path.Length == ancestor.Length || path[ancestor.Length] is '.' or '[');

    private static List<string> RulePaths(IReadOnlyList<ConstraintRule> rules) =>
        [.. rules.SelectMany(RuleKinds.NamedPaths).Select(NormalizePath)];

    /// <summary>Plan nodes and pending rule work made so far, to take back when a recursion past its bound leaves a member out.</summary>
    private (int Nodes, int PendingWhen, int Links) Mark() => (_nodes.Count, _pendingWhen.Count, _links.Count);

    private void Rollback((int Nodes, int PendingWhen, int Links) mark)
    {
        _nodes.RemoveRange(mark.Nodes, _nodes.Count - mark.Nodes);
        _pendingWhen.RemoveRange(mark.PendingWhen, _pendingWhen.Count - mark.PendingWhen);
        _links.RemoveRange(mark.Links, _links.Count - mark.Links);
    }

    private bool OptionalMember(SchemaNode c) =>
        _xsd && !c.IsAttribute ? (c.MinOccurs ?? (c.Required ? 1 : 0)) == 0 : !c.Required;

    private PlanNode CompileContent(SchemaNode s, string name, PlanNode? parent, long stride)
    {
        if (s.Kind == NodeKind.Array && !_xsd)
        {
            var array = NewNode(s, name, s.Path, PlanNodeKind.Array, parent);
            var min = s.MinOccurs ?? 0;
            var hardMax = s.MaxOccurs ?? int.MaxValue;
            array.Behavior = new NodeBehavior { MinItems = min, MaxItems = Math.Min(hardMax, Math.Max(min, min + SoftExtraItems)) };
            array.UniqueItems = s.UniqueItems;
            PlanNode item;
            var itemStride = stride * Math.Max(1, Math.Min(hardMax, 1024));
            var prefix = s.Children.Where(c => c.PrefixIndex is not null).OrderBy(c => c.PrefixIndex).ToList();
            var rest = s.Children.FirstOrDefault(c => c.PrefixIndex is null);
            // A prefix item cut at the reader's recursion limit is never made (its kind is only guessed: flagd's rule at the
            // head of a fractional split came out a string). The array holds the items before it, and where minItems
            // needs that item it cannot be made here, as content past the recursion bound (a choice takes another branch).
            if (prefix.FindIndex(p => p.Truncated) is var cut and >= 0)
            {
                if (min > cut) throw new RecursionBoundException(prefix[cut], prefix[cut], _sourceChain, _recursionBound, endless: false);
                prefix = prefix[..cut];
                rest = null;
                array.Behavior.MaxItems = Math.Min(array.Behavior.MaxItems, cut);
            }
            if (prefix.Count > 0)
            {
                array.PrefixItems = [.. prefix.Select(p => { var n = CompileSingle(p, name, array, itemStride); n.Required = true; return n; })];
                // A closed tuple (no item schema past the prefix) holds at most the prefix.
                if (rest is null) array.Behavior.MaxItems = Math.Min(array.Behavior.MaxItems, prefix.Count);
                array.Behavior.MinItems = Math.Min(array.Behavior.MinItems, array.Behavior.MaxItems);
            }
            // An item cut at the recursion limit is never made: the array holds only what comes before it.
            if (rest is { Truncated: true })
            {
                array.Behavior.MaxItems = prefix.Count;
                array.Behavior.MinItems = Math.Min(array.Behavior.MinItems, prefix.Count);
            }
            var mark = Mark();
            var restCut = false;
            PlanNode? restItem = null;
            try
            {
                if (rest is not null) restItem = CompileSingle(rest, name, array, itemStride);
            }
            catch (RecursionBoundException) when (array.Behavior.MinItems <= prefix.Count)
            {
                if (prefix.Count == 0 && !s.Required) throw; // an optional array of nothing but recursion: left out by its object
                // Items past the recursion bound: the array holds only what comes before them.
                Rollback(mark);
                restCut = true;
                rest = null;
            }
            if (restItem is not null) item = restItem;
            else if (prefix.Count > 0) item = array.PrefixItems![^1];
            else
            {
                item = NewNode(null, name, s.Path + "[]", PlanNodeKind.Scalar, array);
                item.Behavior = new NodeBehavior { Generator = new Values.TextValueGenerator(1, 20) };
            }
            item.Required = true;
            array.Children = [item];
            if (s.UniqueItems && array.PrefixItems is null && item.Kind == PlanNodeKind.Scalar && item.Behavior.Generator is { } g
                && g.UniqueDomain is var d && d > 0 && d < (UInt128)array.Behavior.MaxItems)
                array.Behavior.MaxItems = (int)d;
            ApplyItemsRules(array, s, hardMax);
            if (restCut) (array.Behavior.MinItems, array.Behavior.MaxItems) = (Math.Min(array.Behavior.MinItems, prefix.Count), prefix.Count);
            return array;
        }

        switch (s.Kind)
        {
            case NodeKind.Object:
                return CompileObject(s, name, parent, stride);
            case NodeKind.Choice:
                {
                    var choice = NewNode(s, name, s.Path, PlanNodeKind.Choice, parent);
                    SetRepeat(choice, s);
                    var branches = new List<PlanNode>();
                    RecursionBoundException? pastBound = null;
                    foreach (var b in s.Children)
                    {
                        if (b.Truncated) continue; // a cut alternative is never chosen
                        // A JSON oneOf/anyOf branch is the value of the property itself; an XSD branch is an element of its own.
                        var mark = Mark();
                        PlanNode branch;
                        try
                        {
                            branch = _xsd ? CompileMember(b, b.Name, choice, stride) : CompileSingle(b, name, choice, stride);
                        }
                        catch (RecursionBoundException e)
                        {
                            Rollback(mark); // an alternative that recurses past the bound is not chosen
                            pastBound = e;
                            continue;
                        }
                        branch.Required = true;
                        branches.Add(branch);
                    }
                    if (branches.Count == 0 && pastBound is not null) throw pastBound;
                    if (branches.Count == 0) throw new UnsatisfiableSchemaException(s.Path, "a choice without any branch that can be made");
                    choice.Children = [.. branches];
                    choice.CheckBranchOverlap = !_xsd && branches.Count > 1 && !BranchOverlap.AreDisjoint([.. branches.Select(b => b.Source!)],
                        SharedTarget);
                    if (choice.CheckBranchOverlap) BranchOverlap.RequireDiscriminators(branches);
                    ApplyNullable(choice, s);
                    return choice;
                }
            default:
                {
                    var attributes = s.Children.Where(c => c.IsAttribute && !c.Truncated).ToList();
                    if (_xsd && attributes.Count > 0)
                    {
                        // Simple content with attributes: an element holding attributes and a text value.
                        var obj = NewNode(s, name, s.Path, PlanNodeKind.Object, parent);
                        var children = attributes.Select(a => CompileMember(a, a.Name, obj, stride)).ToList();
                        var text = NewNode(s, "#text", s.Path + ".#text", PlanNodeKind.Scalar, obj, isText: true);
                        text.Required = true;
                        BuildScalar(text, s, stride);
                        children.Add(text);
                        obj.Children = [.. children];
                        ApplyNullable(obj, s);
                        return obj;
                    }
                    var scalar = NewNode(s, name, s.Path, PlanNodeKind.Scalar, parent, isAttribute: s.IsAttribute);
                    BuildScalar(scalar, s, stride);
                    ApplyNullable(scalar, s);
                    return scalar;
                }
        }
    }

    private PlanNode CompileObject(SchemaNode s, string name, PlanNode? parent, long stride)
    {
        var obj = NewNode(s, name, s.Path, s.IsGroup ? PlanNodeKind.Group : PlanNodeKind.Object, parent, isAttribute: s.IsAttribute);
        if (s.IsGroup) SetRepeat(obj, s);
        var members = new List<SchemaNode>();
        foreach (var c in s.Children) if (c.IsAttribute && !c.Truncated) members.Add(c);
        // With shared content the cut is left to records (each member's DepthCut): content cut at its first use would have
        // to be compiled again, as a copy, at every use above the limit.
        var tooDeep = maxDepth is { } limit && ObjectDepth(obj) >= limit && !HasReferences;
        var elements = s.Children.Where(c => !c.IsAttribute && !SkipTruncated(c) && !(tooDeep && IsOptionalContainer(c) && c != _recordChild))
            .ToList();
        // Properties an if/then/else tests are made first, so the condition can be read when the rest is made.
        if (s.Conditionals is { Count: > 0 } conds)
        {
            var tested = conds.SelectMany(c => c.If).Select(t => t.Name).ToHashSet();
            elements = [.. elements.Where(e => tested.Contains(e.Name)), .. elements.Where(e => !tested.Contains(e.Name))];
        }
        members.AddRange(elements);
        var children = new List<PlanNode>();
        var mixedText = -1;
        foreach (var c in members)
        {
            if (s.Mixed && mixedText < 0 && !c.IsAttribute)
            {
                mixedText = children.Count;
                children.Add(MixedText(s, obj));
            }
            var mark = Mark();
            try
            {
                var member = CompileMember(c, c.Name, obj, stride);
                // Inside a recursion's or shared content the object may lie deeper than here: the depth limit is checked again
                // there (max_depth, or the one chosen for shared content).
                // An optional container is cut where this object lies at the limit; a value or attribute only where the object
                // itself lies past it (made there because it is required), so every object within the limit has its values.
                member.DepthCut = IsOptionalContainer(c) ? ObjectDepth(obj) : ObjectDepth(obj) - 1;
                children.Add(member);
            }
            catch (RecursionBoundException) when (OptionalMember(c))
            {
                Rollback(mark); // recursion past its bound: this optional member is not made here
            }
        }
        if (s.Mixed && mixedText < 0) children.Add(MixedText(s, obj));
        // dependentRequired: when the property may appear, the properties it needs always do.
        foreach (var c in s.Children)
            if (c.DependentRequired is { } needs)
                foreach (var child in children)
                    if (needs.Contains(child.Name) && !child.IsAttribute) child.Required = true;
        if (s.Conditionals is { Count: > 0 })
        {
            var compiled = new List<ObjectConditional>();
            foreach (var cond in s.Conditionals)
            {
                var tests = new List<(PlanNode, SchemaNode)>();
                foreach (var test in cond.If)
                {
                    var sibling = children.FirstOrDefault(c => c.Name == test.Name);
                    if (sibling is null)
                    {
                        sibling = CompileMember(test, test.Name, obj, stride);
                        sibling.Required = false;
                        sibling.Behavior.PresentRate = 0;
                        children.Add(sibling);
                    }
                    tests.Add((sibling, test));
                }
                PlanNode?[] Side(List<SchemaNode>? side)
                {
                    var byIndex = new PlanNode?[children.Count + (side?.Count ?? 0)];
                    if (side is null) return byIndex;
                    foreach (var replacement in side)
                    {
                        var index = children.FindIndex(c => c.Name == replacement.Name);
                        // A property the side allows no value for, which the object never has anyway, needs nothing.
                        if (index < 0 && replacement.Absent) continue;
                        if (index < 0)
                        {
                            // A property only this side declares: absent in the base object.
                            var absent = CompileMember(replacement, replacement.Name, obj, stride);
                            absent.Required = false;
                            absent.Behavior.PresentRate = 0;
                            children.Add(absent);
                            index = children.Count - 1;
                        }
                        byIndex[index] = CompileMember(replacement, replacement.Name, obj, stride);
                    }
                    return byIndex;
                }
                compiled.Add(new ObjectConditional
                {
                    Tests = [.. tests], Then = Side(cond.Then), Else = Side(cond.Else),
                    IfCheck = cond.IfCheck is { } ifCheck ? SchemaCheck.Compile(ifCheck, _checks) : null,
                    ElseOf = cond.ElseOf ?? -1,
                });
            }
            obj.Conditionals = [.. compiled];
        }
        obj.Children = [.. children];
        if (obj.Conditionals is { } conditionals) obj.Presence = PresenceDependencies.Of(obj.Children, conditionals);
        if (s.NotAllPresent is { Count: > 0 } groups)
            obj.NotAllPresent = [.. groups.Select(g => g.Select(n => children.FindIndex(c => c.Name == n && !c.IsAttribute)).ToArray())
                .Where(g => g.All(i => i >= 0))];
        ApplyNullable(obj, s);
        return obj;
    }

    private PlanNode MixedText(SchemaNode s, PlanNode obj)
    {
        var text = NewNode(null, "#text", s.Path + ".#text", PlanNodeKind.Scalar, obj, isText: true);
        text.Behavior = new NodeBehavior { Generator = new SemanticValueGenerator(SemanticKind.Sentence), PresentRate = OptionalPresentRate };
        text.DepthCut = ObjectDepth(obj) - 1; // like the object's other values
        return text;
    }

    private static void SetRepeat(PlanNode node, SchemaNode s)
    {
        if (!s.IsGroup) return;
        node.MinRepeat = Math.Max(1, s.MinOccurs ?? 1);
        node.MaxRepeat = s.Unbounded ? node.MinRepeat + SoftExtraItems : Math.Max(node.MinRepeat, s.MaxOccurs ?? 1);
    }

    /// <summary>Objects enclosing this one (itself included); groups add no level.</summary>
    internal static int ObjectDepth(PlanNode? node)
    {
        var depth = 0;
        for (var n = node; n is not null; n = n.Parent)
            if (n.Kind == PlanNodeKind.Object) depth++;
        return depth;
    }

    /// <summary>Content that may be left out and would nest further: what <c>max_depth</c> cuts.</summary>
    private bool IsOptionalContainer(SchemaNode c)
    {
        var optional = _xsd ? (c.MinOccurs ?? (c.Required ? 1 : 0)) == 0 : !c.Required;
        return optional && (c.Kind is NodeKind.Object or NodeKind.Array or NodeKind.Choice || c.IsGroup);
    }

    private static bool SkipTruncated(SchemaNode c) => c.Truncated && (c.MinOccurs ?? (c.Required ? 1 : 0)) == 0;

    private void ApplyNullable(PlanNode node, SchemaNode s)
    {
        if (!s.Nullable) return;
        // An element with a required attribute cannot be written as xsi:nil without it: keep it a value.
        if (_xsd && node.Kind == PlanNodeKind.Object && node.Children.Any(c => c.IsAttribute && c.Required)) return;
        node.Nullable = true;
        // A JSON value whose kind was guessed from its keywords (no type: 609 of FHIR's 626 definitions) accepts null only
        // because nothing says otherwise: it is made of its kind, and null only where a rule asks for it.
        node.Behavior.NullRate = !_xsd && s.AcceptsOtherTypes ? 0 : DefaultNullRate;
        foreach (var r in RulesFor(s))
            if (UnconditionalAbsentRate(r) is { } nr)
            {
                node.Behavior.NullRate = nr;
                node.Behavior.PresentRate = 1;
            }
        // A JSON property whose only value is null ("type": "null") is null whenever it is written.
        if (!_xsd && s.Kind == NodeKind.Any && s.Const == "null") node.Behavior.NullRate = 1;
    }

    private void ApplyItemsRules(PlanNode array, SchemaNode s, int hardMax)
    {
        foreach (var r in RulesFor(s))
        {
            if (RuleKinds.IsConditional(r) || RuleKinds.ItemCount(r) is not { } items) continue;
            ApplyItems(s, items, array.Behavior, hardMax);
        }
    }

    private static int HardMaxItems(SchemaNode s, bool xsd) =>
        xsd ? (s.Unbounded || s.MaxOccurs is null ? int.MaxValue : s.MaxOccurs.Value) : s.MaxOccurs ?? int.MaxValue;

    private static void ApplyItems(SchemaNode s, (int? Min, int? Max) items, NodeBehavior b, int hardMax)
    {
        var min = Math.Max(s.MinOccurs ?? 0, items.Min ?? b.MinItems);
        var max = Math.Min(hardMax, items.Max ?? Math.Max(b.MaxItems, min));
        if (min > max) throw new UnsatisfiableSchemaException(s.Path, $"items {min}..{max} is outside what the schema allows");
        b.MinItems = min;
        b.MaxItems = max;
    }

    private NodeBehavior AddVariant(PlanNode node, ConstraintRule rule)
    {
        var variant = node.Behavior.Clone();
        _links.Add((node, rule, variant));
        return variant;
    }

    // ---- scalars ----

    private void BuildScalar(PlanNode node, SchemaNode s, long stride)
    {
        node.Behavior.Generator = new ScalarGeneratorBuilder(repr, s, node.Path, referenceDate).Build(null);
        foreach (var r in FieldRulesOf(s).Merged)
        {
            // An items rule on the array's path reaches its scalar item too: alone it says nothing about the values.
            if (RuleKinds.Has(r, RuleEffect.ItemCount) && !RuleKinds.Has(r, DecidesValues | RuleEffect.Uniqueness)) continue;
            if (RuleKinds.IsConditional(r))
            {
                // Made once the base behaviour is final (presence and null rates are set after this).
                _pendingWhen.Add((node, s, r));
                continue;
            }
            ApplyScalarRule(node, s, r, node.Behavior);
        }
        if (s.UniqueInDocument && s.XsdType is not "ID") MakeUnique(s, node.Behavior);
        node.UniqueStride = stride;
        if (node.Behavior.Generator is TemplateValueGenerator or ReferenceValueGenerator || node.Behavior.After is not null
            || node.Behavior.Before is not null)
            node.Deferred = true;
    }

    private void ApplyScalarRule(PlanNode node, SchemaNode s, ConstraintRule r, NodeBehavior behavior)
    {
        // Unique values need room (a number's range widens), so uniqueness rebuilds the generator too.
        var unique = RuleKinds.Unique(r) == true;
        if (RuleKinds.Has(r, RuleEffect.ShapesValues) || unique)
            behavior.Generator = new ScalarGeneratorBuilder(repr, s, node.Path, referenceDate).Build(r);
        if (RuleKinds.Has(r, RuleEffect.LinksFields)) _links.Add((node, r, behavior));
        if (RuleKinds.IsConditional(r) && RuleKinds.AbsentRate(r) is { } nr) ApplyAbsentRate(node, behavior, nr);
        if (unique) MakeUnique(s, behavior);
    }

    /// <summary>Whether a value with "-123" appended is still one (<see cref="Values.UniqueSuffixValueGenerator"/>): free text,
    /// not a pattern's, an enumeration's, a list's or a union's (SDMX's version, a union of two patterned types, got
    /// <c>1.0-0</c>, which neither member allows).</summary>
    private static bool SuffixKeepsValid(SchemaNode s) =>
        s.Kind is NodeKind.String or NodeKind.Any && s.Patterns is not { Count: > 0 } && s.Enum is null && s.UnionMembers is null
        && s.ListItem is null;

    private void MakeUnique(SchemaNode s, NodeBehavior behavior)
    {
        if (behavior.Generator is Values.SequenceValueGenerator) return;
        var g = behavior.Generator!;
        if (g.UniqueDomain == 0)
        {
            if (!SuffixKeepsValid(s)) throw new UnsatisfiableSchemaException(s.Path, "unique values cannot be made for this field");
            var (minLength, maxLength) = g.LengthRange;
            behavior.Generator = new Values.UniqueSuffixValueGenerator(g, minLength, Math.Min(maxLength, 64), "-");
        }
        behavior.Unique = true;
        behavior.UniqueSlot = _uniqueSlots++;
    }

    // ---- links between fields of one record ----

    /// <summary>
    /// Links fields of the same record, once every node exists: each rule that reads other fields goes through the
    /// <see cref="RuleKind.Link"/> of the kinds it sets (<see cref="RuleKinds.Linking"/>, in their link order), then the
    /// schema's own references. A linked field is deferred: made after the fields it reads.
    /// </summary>
    private void ResolveLinks(PlanNode record)
    {
        foreach (var (node, rule, behavior) in _links)
        {
            var link = new FieldLink(this, node, rule, behavior, record);
            foreach (var kind in RuleKinds.Linking)
                if (kind.IsSet(rule)) kind.Link!(link);
        }
        LinkSchemaReferences(record);
        OfferValues();
        LinkKeyrefTuples();
    }

    internal IReadOnlyList<PlanNode> Nodes => _nodes;

    /// <summary>XSD IDREF / keyref without a rule: take values of the referenced node (or any ID in the file).</summary>
    private void LinkSchemaReferences(PlanNode record)
    {
        foreach (var node in _nodes.ToList())
        {
            if (node.Kind != PlanNodeKind.Scalar || node.Source is not { } s || node.Behavior.Generator is ReferenceValueGenerator) continue;
            if (s.XsdType is "IDREF" or "IDREFS" || s.References is not null)
            {
                var target = s.References is { } path ? ValueOf(FindNode(path, node)) : null;
                if (s.References is null && !_nodes.Any(n => n.Source?.XsdType == "ID"))
                    throw new UnsatisfiableSchemaException(node.Path, "an IDREF but no element or attribute of type ID to point to");
                node.Behavior.Generator = new ReferenceValueGenerator(target, node.Behavior.Generator!)
                {
                    Keyref = target is not null && s.ReferenceScope is { } scope ? KeyrefScopeOf(node, s, scope, target, record) : null,
                };
                node.Deferred = true;
            }
        }
    }

    /// <summary>
    /// Where a keyref field's values come from (<see cref="KeyrefScope"/>): the key's fields, the instance of the
    /// declaring element they must lie in (none when it holds the records: the whole file), and the unique the field
    /// is also in. A keyref in the file's envelope to a key field of the records reads the records' index-derived
    /// values, so that field is made in every record.
    /// </summary>
    private KeyrefScope KeyrefScopeOf(PlanNode node, SchemaNode s, string scopePath, PlanNode target, PlanNode record)
    {
        var targets = new List<PlanNode> { target };
        foreach (var path in s.ReferenceTargets ?? [])
            if (ValueOf(FindNode(path, node)) is { Kind: PlanNodeKind.Scalar } other && !targets.Contains(other)) targets.Add(other);
        var within = FindNode(scopePath, node);
        if (within is not null && !ReferenceEquals(within, record) && Encloses(within, record)) within = null;
        var distinctWithin = s.DistinctScope is { } d ? FindNode(d, node) : null;
        var distinctWith = distinctWithin is null
            ? []
            : (s.DistinctWith ?? []).Select(p => ValueOf(FindNode(p, node))).OfType<PlanNode>().Distinct().ToArray();
        var inEveryRecord = within is null && record.Parent is not null && Encloses(record, target)
            && RecordEngine.OncePerRecord(target, record, requirePresent: false)
            && (target.Behavior.Unique || target.Behavior.Generator is SequenceValueGenerator);
        if (inEveryRecord)
            for (var n = target; !ReferenceEquals(n, record); n = n.Parent!) n.Required = true;
        return new KeyrefScope([.. targets], within, distinctWithin, distinctWith, inEveryRecord)
        {
            FieldCheck = KeyValueCheck.For(s, targets.Select(t => t.Source)),
        };
    }

    /// <summary>
    /// A keyref field fixed to one value (SCL's <c>LN0</c>, whose <c>lnClass</c> is <c>LLN0</c>) finds a key to take only
    /// where the key field holds that value, which the key field's own values (any of 17 enumerations) hit once in
    /// hundreds: the key field offers it (<see cref="OfferedValuesGenerator"/>). A unique or fixed key field, or one made
    /// from other fields, is left as it is.
    /// </summary>
    private void OfferValues()
    {
        foreach (var node in _nodes)
            if (node.Source is { } element && FixedByKeyrefs.TryGetValue(element.Path, out var values)
                && ValueOf(node) is { Source: { Fixed: null } field } key
                && !key.Behavior.Unique && !key.Deferred && key.Behavior.Generator is { } own and not IRecordFieldReader
                && values.Where(v => KeyValueCheck.Of(field).Accepts(v)).ToArray() is { Length: > 0 } offered)
                key.Behavior.Generator = new OfferedValuesGenerator(key, offered, own);
    }

    /// <summary>The node holding an element's value: an element of simple content with attributes (IP-XACT's
    /// <c>modeRef</c>, a name with a <c>priority</c>) is an object whose text is its <c>#text</c> child, which is what a key
    /// field <c>.</c> or a reference to the element reads.</summary>
    private static PlanNode? ValueOf(PlanNode? node) =>
        node is { Kind: PlanNodeKind.Object } && node.Children.FirstOrDefault(c => c.IsText) is { } text ? text : node;

    private static bool Encloses(PlanNode ancestor, PlanNode node)
    {
        for (var n = node.Parent; n is not null; n = n.Parent)
            if (ReferenceEquals(n, ancestor)) return true;
        return false;
    }

    /// <summary>The other fields of a multi-field keyref follow the choice of its first field.</summary>
    private void LinkKeyrefTuples()
    {
        foreach (var node in _nodes)
        {
            if (node.Source?.ReferenceLead is not { } leadPath
                || node.Behavior.Generator is not ReferenceValueGenerator { Target: { } target } alone) continue;
            var lead = FindNode(leadPath, node);
            if (lead?.Behavior.Generator is not ReferenceValueGenerator leading) continue;
            leading.LeadsTuple = true;
            if (alone.Keyref?.FieldCheck is { } check) leading.Keyref?.Followers.Add((target, check));
            node.Behavior.Generator = new TupleReferenceValueGenerator(lead, target, alone);
        }
    }

    /// <summary>
    /// Realism without rules: an email guessed from a field's name or format is spelt from the
    /// record's own first/last (or full) name, the nearest ones in the tree.
    /// </summary>
    private void LinkEmailsToNames(PlanNode record)
    {
        var inRecord = new HashSet<PlanNode>();
        void Collect(PlanNode n)
        {
            inRecord.Add(n);
            foreach (var c in n.Children) Collect(c);
            if (n.PrefixItems is { } prefix) foreach (var p in prefix) Collect(p);
        }
        Collect(record);
        SemanticKind? KindOf(PlanNode n) => n.Behavior.Generator switch
        {
            SemanticValueGenerator sv => sv.Kind,
            CheckedValueGenerator { Preferred: SemanticValueGenerator sv } => sv.Kind,
            _ => null,
        };
        PlanNode? Nearest(PlanNode from, SemanticKind kind) => inRecord
            .Where(n => n.Kind == PlanNodeKind.Scalar && !n.Deferred && n.Variants is null && KindOf(n) == kind && !n.IsAttribute)
            .OrderByDescending(n => CommonPrefix(n.Path, from.Path)).FirstOrDefault();
        foreach (var node in inRecord)
        {
            if (node.Kind != PlanNodeKind.Scalar || node.Deferred || node.Variants is not null || node.Source is not { } s
                || !OnlyUniqueOrNullRate(s)) continue;
            if (KindOf(node) != SemanticKind.Email) continue;
            var first = Nearest(node, SemanticKind.FirstName);
            var last = Nearest(node, SemanticKind.LastName);
            var full = Nearest(node, SemanticKind.FullName);
            if ((first is null || last is null) && full is null) continue;
            var email = new NameEmailValueGenerator(first is not null && last is not null ? first : null,
                first is not null && last is not null ? last : null, full);
            node.Behavior.Generator = node.Behavior.Generator is CheckedValueGenerator checkedGenerator
                ? checkedGenerator.WithPreferred(email)
                : email;
            node.Deferred = true;
        }
    }

    /// <summary>
    /// Multi-field XSD keys (<see cref="SchemaNode.UniqueTuple"/>): the combination is unique, not each field. The
    /// fields of one key element share one unique key (counted per element, <see cref="PlanNode.UniqueScope"/>) and one
    /// permutation; each field writes its own digit of that key in a mixed radix of the fields' domains (smallest
    /// first), so two elements never agree on every field while an enumeration or a small range repeats freely. A field
    /// whose values something else decides (a rule, a reference) or that has no countable domain is left free. Where the
    /// key's nodes cannot be lined up (a path made more than once, a field repeating inside its element), each field is
    /// made unique on its own as for one-field keys.
    /// </summary>
    private void MakeKeyTuplesUnique()
    {
        var groups = _nodes.Where(n => n.Kind == PlanNodeKind.Scalar && n.Source?.UniqueTuple is not null)
            .GroupBy(n => string.Join("\n", n.Source!.UniqueTuple!), StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var paths = group.First().Source!.UniqueTuple!;
            var fields = paths.Select(p => group.Where(n => n.Source!.Path == p).ToList()).ToList();
            if (fields.Any(f => f.Count != 1) || group.Count() != paths.Count || !TupleDigits([.. fields.Select(f => f[0])]))
                foreach (var node in group)
                    if (!node.Behavior.Unique && (Schema.Xsd.XsdIdentityConstraints.CanBeUnique(node.Source!)
                        || !group.Any(n => Schema.Xsd.XsdIdentityConstraints.CanBeUnique(n.Source!))))
                        MakeUnique(node.Source!, node.Behavior);
        }
    }

    /// <summary>
    /// Unique values that must differ across several plan nodes: the fields of one XSD unique's table
    /// (<see cref="SchemaNode.UniqueAmong"/>), and the copies of one unique field that recursion compiles once per depth.
    /// Each node counts its own keys as before; the group's nodes take interleaved lanes of one key space and share one
    /// permutation, so two of them never meet on a key (nor, made by the same type, on a value).
    /// </summary>
    private void InterleaveSharedUniques()
    {
        var groups = _nodes.Where(n => n.Kind == PlanNodeKind.Scalar && n.Behavior is { Unique: true, UniqueSlot: >= 0 } && n.UniqueScope is null
                && n.Source is not null)
            .GroupBy(n => n.Source!.UniqueAmong ?? (object)n.Source!);
        foreach (var group in groups)
        {
            var nodes = group.ToList();
            if (nodes.Count < 2) continue;
            for (var i = 0; i < nodes.Count; i++)
            {
                nodes[i].UniqueLane = i;
                nodes[i].UniqueLanes = nodes.Count;
                nodes[i].Behavior.UniqueSlot = nodes[0].Behavior.UniqueSlot;
            }
        }
    }

    /// <summary>Domains up to this size are counted within each instance of their XSD unique's scope
    /// (<see cref="CountSmallUniquesWithinScope"/>); larger ones stay unique across the whole document.</summary>
    private const ulong SmallUniqueDomain = 4096;

    /// <summary>
    /// An XSD unique whose values have a small domain (Garmin TCX's step ids, 1 to 20, in each workout) holds within each
    /// instance of the element it is declared on, not across the document, which its domain could never fill. Its fields
    /// count their keys per instance of that element (<see cref="PlanNode.UniqueCountedIn"/>), so up to the domain's size
    /// of them differ; and the repetitions inside that element are lowered, the widest first, until the most fields one
    /// instance can hold (recursion followed to the plan's bound) fit the domain. Minimums are kept: a scope whose required
    /// content alone holds more fields than the domain stays as it is.
    /// </summary>
    private void CountSmallUniquesWithinScope(PlanNode record, int recursionBound)
    {
        var groups = _nodes.Where(n => n.Kind == PlanNodeKind.Scalar && n.Behavior is { Unique: true, UniqueSlot: >= 0, Generator: not null }
                && n.UniqueScope is null && n.Variants is null && n.Source?.UniqueWithin is not null)
            .GroupBy(n => n.Behavior.UniqueSlot);
        foreach (var group in groups)
        {
            var fields = group.ToHashSet();
            var domain = fields.Min(n => n.Behavior.Generator!.UniqueDomain);
            if (domain == 0 || domain > SmallUniqueDomain) continue;
            var scope = fields.First().Parent;
            while (scope is not null && (scope.Kind != PlanNodeKind.Object || scope.Source?.Path != fields.First().Source!.UniqueWithin))
                scope = scope.Parent;
            if (scope is null || !(ReferenceEquals(scope, record) || Encloses(record, scope)) || !fields.All(f => Encloses(scope, f))) continue;
            foreach (var field in fields) field.UniqueCountedIn = scope;
            scope.CountsOccurrences = true;
            scope.ResetsUniqueCounts = [.. scope.ResetsUniqueCounts ?? [], group.Key];
            for (var round = 0; round < 64; round++)
            {
                // Counts per node and recursion level, made again each round, since each round lowers a repetition.
                var counted = new Dictionary<(PlanNode, int), long>();
                if (MostFields(scope, fields, recursionBound, 0, counted) <= (long)domain) break;
                var widest = Repetitions(scope, n => MostFields(n, fields, recursionBound, 0, counted) > 0)
                    .MaxBy(n => n.Kind == PlanNodeKind.Array ? n.Behavior.MaxItems : n.MaxRepeat);
                if (widest is null) break;
                if (widest.Kind == PlanNodeKind.Array) widest.Behavior.MaxItems = Math.Max(widest.Behavior.MinItems, widest.Behavior.MaxItems / 2);
                else widest.MaxRepeat = Math.Max(widest.MinRepeat, widest.MaxRepeat / 2);
            }
        }
    }

    /// <summary>The most of <paramref name="fields"/> one instance of <paramref name="node"/> can hold, <paramref name="recursions"/>
    /// back-edges deep; <paramref name="counted"/> keeps each node's count per depth, so a recursive scope costs its size
    /// times the bound.</summary>
    private static long MostFields(PlanNode node, HashSet<PlanNode> fields, int recursionBound, int recursions,
        Dictionary<(PlanNode, int), long> counted)
    {
        if (counted.TryGetValue((node, recursions), out var known)) return known;
        const long Many = long.MaxValue / 4;
        static long Times(long a, long b) => a == 0 || b == 0 ? 0 : a > Many / b ? Many : a * b;
        long Of(PlanNode n) => MostFields(n, fields, recursionBound, recursions, counted);
        long Sum(IEnumerable<PlanNode> nodes) => nodes.Aggregate(0L, (total, n) => Math.Min(Many, total + Of(n)));
        var most = node.Kind switch
        {
            PlanNodeKind.Scalar => fields.Contains(node) ? 1 : 0,
            PlanNodeKind.Object => Sum(node.Children),
            PlanNodeKind.Group => Times(node.MaxRepeat, Sum(node.Children)),
            PlanNodeKind.Choice => Times(node.MaxRepeat, node.Children.Select(Of).DefaultIfEmpty().Max()),
            PlanNodeKind.Array => Math.Min(Many, Sum(node.PrefixItems ?? []) + Times(node.Behavior.MaxItems, Of(node.Item))),
            PlanNodeKind.Recursion => recursions >= recursionBound ? 0 : MostFields(node.Target!, fields, recursionBound, recursions + 1, counted),
            PlanNodeKind.Reuse => Of(node.Target!),
            _ => 0,
        };
        counted[(node, recursions)] = most;
        return most;
    }

    /// <summary>The arrays and repeating groups or choices within <paramref name="scope"/> (recursion followed once) that may
    /// repeat more than they must and whose content <paramref name="holdsFields"/>.</summary>
    private static IEnumerable<PlanNode> Repetitions(PlanNode scope, Func<PlanNode, bool> holdsFields)
    {
        var seen = new HashSet<PlanNode>();
        var stack = new Stack<PlanNode>([scope]);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (!seen.Add(node)) continue;
            var repeats = node.Kind == PlanNodeKind.Array ? node.Behavior.MaxItems > node.Behavior.MinItems
                : node.Kind is PlanNodeKind.Group or PlanNodeKind.Choice && node.MaxRepeat > node.MinRepeat;
            if (repeats && holdsFields(node)) yield return node;
            foreach (var child in node.Children) stack.Push(child);
            if (node.PrefixItems is { } prefix) foreach (var item in prefix) stack.Push(item);
            if (node.Target is { } target) stack.Push(target);
        }
    }

    /// <summary>Per key field (its path), the values keyref fields fixed to one value refer to it with: it offers them
    /// (<see cref="OfferValues"/>), and it is no digit of its key's unique tuple (<see cref="TupleDigits"/>), where each key
    /// element's value would follow from its place and an offered value come once in as many elements as it has values.</summary>
    private Dictionary<string, string[]> FixedByKeyrefs => _fixedByKeyrefs ??= repr.AllNodes()
        .Where(n => n.Fixed is not null && n.References is not null)
        .SelectMany(n => (n.ReferenceTargets ?? []).Prepend(n.References!).Select(key => (Key: key, Value: n.Fixed!)))
        .GroupBy(p => p.Key, p => p.Value, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Distinct().ToArray(), StringComparer.Ordinal);

    private Dictionary<string, string[]>? _fixedByKeyrefs;

    /// <summary>Makes the fields of one key element a unique tuple; false when they cannot be lined up.</summary>
    private bool TupleDigits(List<PlanNode> fields)
    {
        // A field unique already (a rule, an ID) makes every tuple unique.
        if (fields.Any(f => f.Behavior.Unique || f.Source!.XsdType == "ID")) return true;
        var scope = fields[0].Parent;
        while (scope is not null && (scope.Kind != PlanNodeKind.Object || !fields.All(f => Encloses(scope, f)))) scope = scope.Parent;
        if (scope is null) return false;
        foreach (var field in fields)
            for (var n = field.Parent; !ReferenceEquals(n, scope); n = n!.Parent)
                if (n!.Kind is PlanNodeKind.Array or PlanNodeKind.Choice || n.MaxRepeat > 1) return false; // more than one per element
        var digits = new List<(PlanNode Node, ValueGenerator Generator)>();
        foreach (var field in fields)
        {
            var s = field.Source!;
            if (field.Variants is not null || field.Deferred || s.References is not null || !OnlyUniqueOrNullRate(s)
                || FixedByKeyrefs.ContainsKey(s.Path)) continue;
            var g = new ScalarGeneratorBuilder(repr, s, field.Path, referenceDate).Build(new ConstraintRule { Field = s.Path, Unique = true });
            if (g.UniqueDomain == 0)
            {
                if (!SuffixKeepsValid(s)) continue;
                var (minLength, maxLength) = g.LengthRange;
                g = new UniqueSuffixValueGenerator(g, minLength, Math.Min(maxLength, 64), "-");
            }
            digits.Add((field, g));
        }
        if (digits.Count == 0 || digits.Select(d => d.Node.UniqueStride).Distinct().Count() > 1) return false;
        digits.Sort((a, b) => a.Generator.UniqueDomain.CompareTo(b.Generator.UniqueDomain));
        var total = UInt128.One;
        foreach (var (_, g) in digits) total = SaturatingProduct(total, g.UniqueDomain);
        var domain = total > ulong.MaxValue ? ulong.MaxValue : (ulong)total;
        var slot = _uniqueSlots++;
        var radix = UInt128.One;
        foreach (var (node, g) in digits)
        {
            node.Behavior.Generator = new TupleDigitValueGenerator(g, radix, g.UniqueDomain, domain);
            node.Behavior.Unique = true;
            node.Behavior.UniqueSlot = slot;
            node.UniqueScope = scope;
            radix = SaturatingProduct(radix, g.UniqueDomain);
        }
        scope.CountsOccurrences = true;
        return true;

        static UInt128 SaturatingProduct(UInt128 a, UInt128 b) => a != 0 && b > UInt128.MaxValue / a ? UInt128.MaxValue : a * b;
    }

    /// <summary>Rules on the field that leave its values to the engine (unique, null_rate) or none at all.</summary>
    private bool OnlyUniqueOrNullRate(SchemaNode s) => RulesFor(s).All(r => !RuleKinds.IsConditional(r) && !RuleKinds.Has(r, DecidesValues));

    /// <summary>
    /// GENERATION.md: fields that identify a record — <c>id</c>, <c>*_id</c>, <c>*Id</c>, <c>*_number</c>, <c>*_key</c>, e-mails —
    /// occurring once per record are made unique across the dataset (index-derived, so 1,000,000 records never
    /// collide) unless a rule decides their values or the schema's domain is too small to hold them.
    /// </summary>
    private void MakeIdentifiersUnique(PlanNode record)
    {
        foreach (var node in _nodes.ToList())
        {
            if (node.Kind != PlanNodeKind.Scalar || node.Variants is not null || node.Behavior.Unique || node.Source is not { } s) continue;
            if (s.XsdType is "ID" or "IDREF" or "IDREFS" || s.References is not null || s.Enum is not null || s.Fixed is not null
                || s.Const is not null) continue;
            if (node.Behavior.Generator is null or ReferenceValueGenerator or TemplateValueGenerator or SequenceValueGenerator or PickValueGenerator
                or ConstantValueGenerator) continue;
            if (node.Behavior.After is not null || node.Behavior.Before is not null || !OnlyUniqueOrNullRate(s)
                || RulesFor(s).Any(r => RuleKinds.Unique(r) == false)) continue;
            if (!RecordEngine.OncePerRecord(node, record, requirePresent: false)) continue;
            var email = IsEmail(node);
            if (!email && !IsIdentifierName(node.Name)) continue;
            if (!email && s.Kind is NodeKind.Integer or NodeKind.Number)
            {
                // Numbers get room for a million records and more: an unstated bound is far away.
                node.Behavior.Generator = new ScalarGeneratorBuilder(repr, s, node.Path, referenceDate)
                    .Build(new ConstraintRule { Field = s.Path, Unique = true });
            }
            var g = node.Behavior.Generator!;
            if (g.UniqueDomain == 0 && !(g is TextValueGenerator)) continue;
            // A realistic value that cannot be made unique (a VAT id, an IBAN) stays realistic rather than becoming the pattern's.
            if (!email && (g is SemanticValueGenerator sv && sv.UniqueDomain == 0
                || g is CheckedValueGenerator { Preferred: SemanticValueGenerator cv } && cv.UniqueDomain == 0)) continue;
            try
            {
                MakeUnique(s, node.Behavior);
                node.Behavior.UniqueByName = true;
            }
            catch (UnsatisfiableSchemaException)
            {
                // The schema leaves no room for unique values (a narrow pattern): keep them as they are.
            }
        }
    }

    private static bool IsEmail(PlanNode node) => node.Behavior.Generator switch
    {
        NameEmailValueGenerator => true,
        SemanticValueGenerator { Kind: SemanticKind.Email } => true,
        CheckedValueGenerator { Preferred: NameEmailValueGenerator or SemanticValueGenerator { Kind: SemanticKind.Email } } => true,
        _ => false,
    };

    /// <summary><c>id</c>, <c>order_id</c>, <c>orderId</c>, <c>OrderID</c>, <c>order_number</c>, <c>invoiceNumber</c>, <c>api_key</c>,
    /// <c>uuid</c>.</summary>
    internal static bool IsIdentifierName(string name)
    {
        var n = ScalarGeneratorBuilder.Normalize(name);
        if (n is "id" or "uuid" or "guid" or "key") return true;
        if (n.Contains("phone") || n.Contains("fax") || n.Contains("mobile") || n.Contains("tel") || n.Contains("house") || n.Contains("street")
            || n.Contains("line") || n.Contains("page") || n.Contains("version") || n.Contains("parent") || n.Contains("manager")
            || n.Contains("ref")) return false;
        foreach (var suffix in new[] { "_id", "-id", "Id", "ID", "_number", "-number", "Number", "_no", "No", "_key", "Key", "_uuid", "Uuid",
            "UUID" })
            if (name.EndsWith(suffix, StringComparison.Ordinal) && name.Length > suffix.Length) return true;
        return false;
    }

    /// <summary>
    /// Realism without rules: an end date (due, left, delivery...) comes after its sibling start date
    /// (issue, hired, placed...). It only narrows within the schema's bounds, and falls back to the
    /// plain range when that leaves nothing.
    /// </summary>
    private void LinkDatePairs()
    {
        static bool IsEnd(string n) => n.Contains("due") || n.Contains("end") || n.Contains("left") || n.Contains("until") || n.Contains("expir")
            || n.Contains("deliver") || n.Contains("shipped") || n.Contains("closed") || n.Contains("finish") || n.Contains("return");
        static bool IsStart(string n) => n.Contains("issue") || n.Contains("start") || n.Contains("hired") || n.Contains("placed")
            || n.Contains("created") || n.Contains("opened") || n.Contains("begin") || n.Contains("ordered");
        foreach (var node in _nodes)
        {
            if (node.Kind != PlanNodeKind.Scalar || node.Deferred || node.Variants is not null || node.Source is not { } s
                || RulesFor(s).Count > 0) continue;
            if (node.Behavior.Generator is not TemporalValueGenerator { Kind: TemporalKind.Date or TemporalKind.DateTime }
                || node.Behavior.Unique) continue;
            var name = ScalarGeneratorBuilder.Normalize(node.Name);
            if (!IsEnd(name) || node.Parent is not { } parent) continue;
            var start = parent.Children.FirstOrDefault(c => c != node && c.Kind == PlanNodeKind.Scalar && !c.Deferred
                && c.Behavior.Generator is TemporalValueGenerator { Kind: TemporalKind.Date or TemporalKind.DateTime }
                && IsStart(ScalarGeneratorBuilder.Normalize(c.Name)));
            if (start is null) continue;
            node.Behavior.After = start;
            node.Deferred = true;
            // Realistic lags: goods arrive within days, a due date within weeks; a contract's end may be years away.
            var days = name.Contains("deliver") || name.Contains("shipped") ? 14 : name.Contains("due") ? 60 : (long?)null;
            if (days is { } d)
                node.Behavior.MaxLag = node.Behavior.Generator is TemporalValueGenerator { Kind: TemporalKind.DateTime } ? d * 86400 : d;
            if (name.Contains("deliver") || name.Contains("shipped")) AgreeWithStatus(node, parent);
        }
    }

    /// <summary>
    /// A delivery date and the record's status agree: none while an order is pending or cancelled, always
    /// one once it is delivered. Made as when-variants on the status sibling, so a rule on either still wins.
    /// </summary>
    private void AgreeWithStatus(PlanNode node, PlanNode parent)
    {
        if (node.Required) return;
        var status = parent.Children.FirstOrDefault(c => c.Kind == PlanNodeKind.Scalar && c.Source?.Enum is { Count: > 0 }
            && ScalarGeneratorBuilder.Normalize(c.Name) is "status" or "state" or "orderstatus" or "deliverystatus");
        if (status?.Source?.Enum is not { } values || (status.Source is { } ss && RulesFor(ss).Any(RuleKinds.IsConditional))) return;
        var variants = new List<ConditionalBehavior>();
        foreach (var value in values.OfType<string>())
        {
            var v = value.ToLowerInvariant();
            double? present = v is "pending" or "cancelled" or "canceled" or "new" or "draft" or "created" or "processing" or "open"
                or "on_hold" or "awaiting_payment" or "unpaid"
                ? 0 : v is "delivered" or "completed" or "complete" or "returned" or "refunded" ? 1 : null;
            if (present is not { } p) continue;
            var behavior = node.Behavior.Clone();
            behavior.PresentRate = p;
            if (p == 1) behavior.NullRate = 0;
            variants.Add(new ConditionalBehavior(status, value, behavior));
        }
        if (variants.Count > 0) node.Variants = [.. node.Variants ?? [], .. variants];
    }

    private static int CommonPrefix(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n]) n++;
        return n;
    }

    /// <summary>
    /// A <c>when</c> on a container (its presence or item count) is decided when the container is made,
    /// so the field it tests must be made first: in a JSON object the members are moved so it is.
    /// XSD element order is the schema's; there a test of a later field finds nothing and the base rule applies.
    /// </summary>
    internal void MakeBefore(PlanNode field, PlanNode node)
    {
        if (_xsd) return;
        var fieldPath = new List<PlanNode>();
        for (var n = field; n is not null; n = n.Parent) fieldPath.Add(n);
        for (PlanNode? child = node, parent = node.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            var fieldChild = fieldPath.FindIndex(n => n.Parent == parent);
            if (fieldChild < 0) continue;
            if (parent.Kind != PlanNodeKind.Object || parent.Conditionals is not null) return;
            var children = parent.Children.ToList();
            var from = children.IndexOf(fieldPath[fieldChild]);
            var to = children.IndexOf(child);
            if (from > to && to >= 0)
            {
                children.RemoveAt(from);
                children.Insert(to, fieldPath[fieldChild]);
                parent.Children = [.. children];
            }
            return;
        }
    }

    /// <summary>A field named in a rule: its full path, a path relative to the node's parents, or a unique name.</summary>
    internal PlanNode? FindNode(string reference, PlanNode from)
    {
        var wanted = NormalizePath(reference);
        PlanNode? Best(Func<PlanNode, bool> match)
        {
            PlanNode? found = null;
            foreach (var n in _nodes)
            {
                if (!match(n)) continue;
                // Prefer the value over the repetition that holds it.
                if (found is null || (found.Kind == PlanNodeKind.Array && n.Kind != PlanNodeKind.Array)) found = n;
            }
            return found;
        }
        var exact = Best(n => NormalizePath(n.Path) == wanted && n.Kind != PlanNodeKind.Array);
        if (exact is not null) return exact;
        // A path through a recursion marker names the node it repeats, compiled once.
        if (ReprRecursion.NodeThroughMarkers(repr, wanted) is { } shared && NormalizePath(shared.Path) != wanted)
        {
            var sharedPath = NormalizePath(shared.Path);
            if (Best(n => NormalizePath(n.Path) == sharedPath && n.Kind != PlanNodeKind.Array) is { } found) return found;
        }
        for (var p = from.Parent; p is not null; p = p.Parent)
        {
            var prefix = NormalizePath(p.Path);
            var rel = Best(n => NormalizePath(n.Path) == prefix + "." + wanted || NormalizePath(n.Path) == prefix + "[]." + wanted);
            if (rel is not null && rel.Kind != PlanNodeKind.Array) return rel;
        }
        var byName = _nodes.Where(n => n.Name == wanted && n.Kind == PlanNodeKind.Scalar).ToList();
        return byName.Count >= 1 ? byName[0] : null;
    }

    /// <summary>
    /// A rule that makes a deferred value the same in every record (a template without fields, a formula of constants)
    /// is checked against the node's generate-and-check schemas now: a value they reject would fail every record, so
    /// the plan is refused naming the field. What depends on other fields can only be checked per record
    /// (<see cref="RecordEngine"/> redraws, then reports the field).
    /// </summary>
    private void RefuseConstantsTheChecksReject()
    {
        foreach (var node in _nodes)
        {
            if (!node.Deferred || node.Checks is not { } checks) continue;
            foreach (var behavior in Behaviors(node))
            {
                var text = behavior.Generator switch
                {
                    TemplateValueGenerator t => t.ConstantText,
                    FormulaValueGenerator { Range: var r } f when r.Lo == r.Hi && !f.FieldsRead.Any() =>
                        r.Lo.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    _ => null,
                };
                if (text is null) continue;
                var buffer = new RecordBuffer();
                var token = buffer.BeginValue(node.Id, behavior.Generator!.JsonType);
                buffer.Append(text);
                buffer.EndValue(token);
                if (checks.All(c => c.Passes(buffer, 0, 1, _nodes))) continue;
                var shown = behavior.Generator.JsonType == ValueJsonType.Raw ? text : JsonSerializer.Serialize(text);
                throw new UnsatisfiableSchemaException(node.Path,
                    $"the rule's {(behavior.Generator is TemplateValueGenerator ? "template" : "formula")} always makes {shown}, which the schema " +
                    "rejects here (its 'not' or if/then/else); change the rule");
            }
        }
    }

    private void RankDeferred()
    {
        var state = new int[_nodes.Count]; // 0 new, 1 visiting, 2 done
        foreach (var n in _nodes) if (n.Deferred) Rank(n, state);
    }

    private static int Rank(PlanNode n, int[] state)
    {
        if (!n.Deferred) return 0;
        if (state[n.Id] == 2) return n.DeferRank;
        if (state[n.Id] == 1) throw new UnsatisfiableSchemaException(n.Path, "fields depend on each other in a circle");
        state[n.Id] = 1;
        var rank = 1;
        foreach (var dep in Dependencies(n)) rank = Math.Max(rank, Rank(dep, state) + 1);
        n.DeferRank = rank;
        state[n.Id] = 2;
        return rank;
    }

    private static IEnumerable<PlanNode> Dependencies(PlanNode n)
    {
        foreach (var b in Behaviors(n))
        {
            if (b.After is { } a) yield return a;
            if (b.Before is { } bf) yield return bf;
            if (b.Generator is IRecordFieldReader reader) foreach (var f in reader.FieldsRead) yield return f;
        }
        if (n.Variants is { } variants) foreach (var v in variants) yield return v.Field;
    }

    private static IEnumerable<NodeBehavior> Behaviors(PlanNode n)
    {
        yield return n.Behavior;
        if (n.Variants is { } variants) foreach (var v in variants) yield return v.Behavior;
    }
}
