using System.Xml;
using System.Xml.Schema;

namespace Tdmp.Generation.Schema.Xsd;

/// <summary>
/// Walks a compiled schema set from a global element into repr nodes. It reads the post-compilation view
/// (<see cref="XmlSchemaComplexType.ContentTypeParticle"/>, <see cref="XmlSchemaComplexType.AttributeUses"/>), so
/// extension, restriction and group references arrive already resolved.
/// </summary>
internal sealed class XsdReprBuilder
{
    private readonly XmlSchemaSet _set;
    private readonly SchemaReadLimits _limits;
    private readonly XsdSimpleTypes _simpleTypes;
    private readonly Dictionary<XmlQualifiedName, List<XmlSchemaElement>> _substitutes = [];
    /// <summary>The complex types being expanded on the current chain with the paths of their elements: an element of one
    /// of them (the same declaration or another) inside it becomes a recursion marker (<see cref="SchemaNode.RecursesTo"/>)
    /// with its own name, namespace and occurrences and that element's content, kept once.</summary>
    private readonly Dictionary<object, string> _typesOnPath = [];
    /// <summary>What <see cref="_typesOnPath"/> and <see cref="_built"/> are keyed by: a named type, or an anonymous type's content.</summary>
    private readonly XsdContentKeys _contentKeys = new();
    /// <summary>Complex types built in full in the current tree, with the path of that element: a later element of the same
    /// type (not inside it) is a reference to it (<see cref="SchemaNode.Reuses"/>), so that a type graph that reuses types
    /// widely (UBL, KML's xAL, XHTML) is kept once instead of expanded into a tree. A recursion marker inside such content
    /// may point above it, at the element of its type where the content was built: its content is still that type's.</summary>
    private readonly Dictionary<object, SchemaNode> _built = [];
    /// <summary>The types of <see cref="_built"/> in the order they were added: content built for a branch that is then
    /// dropped (an alternative no document can hold) is forgotten, so nothing refers to it.</summary>
    private readonly List<object> _builtOrder = [];
    /// <summary>Inside a choice among derived types, whose alternatives share their paths: content built there is not
    /// shared, as its path does not name it alone.</summary>
    private int _derivedChoices;
    /// <summary>Content that is built in place at every use, never shared: what key/keyref/unique constraints reach
    /// (<see cref="XsdIdentityReach"/>), whose selectors and fields are resolved on the tree and marked on its nodes.</summary>
    private readonly HashSet<object> _unshared = [];
    /// <summary>The content key of each element of complex type in the current tree (built, reference or marker).</summary>
    private readonly Dictionary<SchemaNode, object> _contentOf = new(ReferenceEqualityComparer.Instance);
    private int _reused;
    private ReprBudget _budget;
    /// <summary>How many elements of complex type may nest (the root is 1); deeper optional ones (and alternatives) are
    /// cut, kept as <see cref="SchemaNode.Truncated"/> markers; deeper required ones are kept with their required content.</summary>
    private int _maxElementDepth = int.MaxValue;
    private int _elementDepth;
    private List<(SchemaNode Element, XmlSchemaIdentityConstraint Constraint)> _identity = [];
    /// <summary>The names the content model being built declares twice (<see cref="ClashingNames"/>).</summary>
    private HashSet<XmlQualifiedName> _clashingNames = [];
    private readonly Dictionary<XmlSchemaParticle, HashSet<XmlQualifiedName>> _clashingNamesOf = new(ReferenceEqualityComparer.Instance);

    public XsdReprBuilder(XmlSchemaSet set, SchemaReadLimits limits)
    {
        _set = set;
        _limits = limits;
        _simpleTypes = new XsdSimpleTypes(limits);
        _budget = new ReprBudget(limits);
        foreach (var element in set.GlobalElements.Values.Cast<XmlSchemaElement>().OrderBy(e => e.LineNumber))
            if (!element.SubstitutionGroup.IsEmpty)
            {
                if (!_substitutes.TryGetValue(element.SubstitutionGroup, out var members)) _substitutes[element.SubstitutionGroup] = members = [];
                members.Add(element);
            }
    }

    /// <summary>How many derived types an element of an abstract type may choose among, outside any other such choice and
    /// inside one, tried in turn when the whole tree does not fit the limits (1: the first type that can be made). Types
    /// that hold elements of their own base type (NLog's wrapper targets hold a <c>target</c> of any target type) nest
    /// every ordering of each other within the choice, which outgrows any limit; capping the nested choices first keeps
    /// the outer one whole, so documents still use every type there.</summary>
    private static readonly (int Outer, int Nested)[] DerivedAlternativeCaps = [(int.MaxValue, 4), (int.MaxValue, 1), (16, 1), (4, 4), (4, 1), (1, 1)];
    private static readonly (int Outer, int Nested) Uncapped = (int.MaxValue, int.MaxValue);
    private (int Outer, int Nested) _maxDerivedAlternatives = Uncapped;
    /// <summary>Whether the last tree built holds a choice among derived types, so that fewer types might fit.</summary>
    private bool _madeDerivedChoice;

    /// <summary>
    /// The tree of one document element. An element whose complex type is already being expanded on its chain (through the
    /// same declaration or another element of that type) is a recursion marker (<see cref="SchemaNode.RecursesTo"/>), so
    /// each type appears once per chain. When the tree is too big, elements of abstract types first choose among fewer
    /// derived types (<see cref="DerivedAlternativeCaps"/>); when it is still too big (a type graph that reuses types
    /// widely without recursion), optional
    /// content is cut at the deepest element depth whose tree fits the limits: the documents stay valid, only less
    /// deep. Required content that can never end (a required element whose type needs itself) is refused naming the cycle.
    /// </summary>
    public SchemaNode BuildRoot(XmlSchemaElement element)
    {
        var root = BuildWithinLimits(element);
        // Only a tree where a required choice was cut whole can have lost what ends it: no other tree pays for the check.
        if (!_cutRequiredChoice || ReprRecursion.CanEnd(root)) return root;
        // Every way of making the document repeats a recursive type without end, because the depth cut dropped what ends
        // it: built again, a required choice cut whole makes one alternative past the cut (MakeOneAlternativeBelowTheCut).
        _pastCutAlternatives = true;
        try
        {
            var again = BuildWithinLimits(element);
            return ReprRecursion.CanEnd(again) ? again : root;
        }
        finally { _pastCutAlternatives = false; }
    }

    /// <summary>Whether a required choice had every alternative cut for depth in the last tree built.</summary>
    private bool _cutRequiredChoice;
    /// <summary>Whether such a choice makes one alternative past the cut instead of cutting its parent.</summary>
    private bool _pastCutAlternatives;

    private SchemaNode BuildWithinLimits(XmlSchemaElement element)
    {
        _documentFiles = Reachable(element);
        _maxDerivedAlternatives = Uncapped;
        _unshared.Clear();
        _cutRequiredChoice = false;
        try
        {
            return BuildRoot(element, int.MaxValue);
        }
        catch (ReprLimitException first)
        {
            SchemaReadException? last = first;
            // Every derived type of every abstract-typed element may be what outgrew the limits: fewer types first, down
            // to one per element, before any depth is cut.
            foreach (var cap in DerivedAlternativeCaps)
            {
                if (!_madeDerivedChoice) break;
                _maxDerivedAlternatives = cap;
                try { return BuildRoot(element, int.MaxValue); }
                catch (ReprLimitException e) { last = e; }
            }
            return ReprBudget.DeepestFitting(depth => BuildRoot(element, depth), tryShallowerOnOtherRefusals: true, ref last)
                ?? throw (last ?? first);
        }
    }

    private SchemaNode BuildRoot(XmlSchemaElement element, int maxElementDepth)
    {
        _identity = [];
        _madeDerivedChoice = false;
        _budget = new ReprBudget(_limits);
        _maxElementDepth = maxElementDepth;
        _elementDepth = 0;
        _typesOnPath.Clear();
        _built.Clear();
        _builtOrder.Clear();
        _derivedChoices = 0;
        _reused = 0;
        _contentOf.Clear();
        SchemaNode root;
        try
        {
            root = Declaration(element, 1, 1, "", 0);
        }
        catch (UnsupportedBranchException e)
        {
            throw new SchemaReadException($"No document of '{element.QualifiedName.Name}' can be made: {e.Message}", e.Line, e.Column);
        }
        if (_identity.Count > 0 && _reused > 0)
        {
            // Key and keyref selectors are resolved on the tree: what they reach is built again in place at every use
            // (until no constraint reaches shared content; each round unshares more, so this ends).
            var reached = XsdIdentityReach.Keys(root, _identity, _contentOf);
            if (!reached.IsSubsetOf(_unshared))
            {
                _unshared.UnionWith(reached);
                return BuildRoot(element, maxElementDepth);
            }
        }
        root.Required = true;
        root.MinOccurs = root.MaxOccurs = null; // a document has exactly one root; occurrences say nothing here
        XsdIdentityConstraints.Apply(root, _identity);
        if (_reused > 0) ReprRecursion.NumberReferences([.. SchemaRepr.NodesOf([root])]);
        return root;
    }

    /// <summary>The node of an element particle, or null when no element can stand in its place (an abstract head
    /// with no substitute): an optional one is then left out, a required one refused by the caller.</summary>
    private SchemaNode? Element(XmlSchemaElement particle, string prefix, int depth, bool alternative)
    {
        var (min, max) = Occurs(particle);
        if (particle.RefName.IsEmpty) return Declaration(particle, min, max, prefix, depth, alternative); // local: no substitution group
        var declaration = _set.GlobalElements[particle.RefName] as XmlSchemaElement
            ?? throw new SchemaReadException($"Element ref '{particle.RefName}' is not declared.", particle.LineNumber, particle.LinePosition);
        var alternatives = Substitutes(declaration).FindAll(a => a == declaration || !_clashingNames.Contains(a.QualifiedName));
        if (alternatives.Count == 1 && alternatives[0] == declaration) return Declaration(declaration, min, max, prefix, depth, alternative);
        if (alternatives.Count == 0) return null;
        // A substitution group: in the head's place, the head (unless abstract) or any member.
        var group = Group(NodeKind.Choice, declaration.QualifiedName.Name,
            prefix + "(" + string.Join("|", alternatives.Select(a => a.QualifiedName.Name)) + ")", min, max, depth);
        UnsupportedBranchException? problem = null;
        foreach (var member in alternatives)
        {
            var mark = _builtOrder.Count;
            try { group.Children.Add(Declaration(member, 1, 1, prefix, depth + 1, alternative: true)); }
            catch (UnsupportedBranchException e)
            {
                problem = e;
                ForgetBuiltSince(mark);
            }
        }
        if (group.Children.Count == 0) throw problem!;
        return CutWhenNoBranchIsMade(group, particle);
    }

    /// <summary>What may stand in the head's place: the head unless abstract, and every non-abstract member of its
    /// substitution group, transitively, whose type derives from the head's type by methods neither the head's
    /// <c>block</c> nor its type's <c>block</c> forbids. A member that blocks substitution itself does not bring its own
    /// members (the strict reading, valid under every other).</summary>
    private List<XmlSchemaElement> Substitutes(XmlSchemaElement head)
    {
        var result = new List<XmlSchemaElement>();
        if (!head.IsAbstract) result.Add(head);
        if ((head.BlockResolved & XmlSchemaDerivationMethod.Substitution) != 0) return result;
        var blocked = head.BlockResolved | ((head.ElementSchemaType as XmlSchemaComplexType)?.BlockResolved ?? XmlSchemaDerivationMethod.Empty);
        foreach (var member in Members(head, []))
            if (!member.IsAbstract && !result.Contains(member) && DerivesAllowed(member.ElementSchemaType, head.ElementSchemaType, blocked))
                result.Add(member);
        return result;
    }

    /// <summary>The members of a head's substitution group and of theirs, in declaration order.</summary>
    private List<XmlSchemaElement> Members(XmlSchemaElement head, HashSet<XmlSchemaElement> seen)
    {
        var result = new List<XmlSchemaElement>();
        if (!_substitutes.TryGetValue(head.QualifiedName, out var members)) return result;
        foreach (var member in members)
        {
            if (!seen.Add(member)) continue;
            result.Add(member);
            if ((member.BlockResolved & XmlSchemaDerivationMethod.Substitution) == 0) result.AddRange(Members(member, seen));
        }
        return result;
    }

    /// <summary>Whether <paramref name="type"/> is <paramref name="baseType"/> or derived from it with no step by a blocked method.</summary>
    private static bool DerivesAllowed(XmlSchemaType? type, XmlSchemaType? baseType, XmlSchemaDerivationMethod blocked)
    {
        for (var current = type; current is not null; current = current.BaseXmlSchemaType)
        {
            if (current == baseType) return true;
            if ((current.DerivedBy & blocked) != 0) return false;
        }
        return true; // not derived from it at all: the schema compiler has accepted the group, so nothing here forbids it
    }

    /// <param name="alternative">An alternative of a choice: cut, it is simply never chosen.</param>
    private SchemaNode Declaration(XmlSchemaElement element, int min, int? max, string prefix, int depth, bool alternative = false)
    {
        var name = element.QualifiedName.Name;
        var path = prefix + name;
        _budget.Spend(path, depth);
        var node = new SchemaNode
        {
            Name = name,
            Path = path,
            Kind = NodeKind.Any,
            Namespace = NullIfEmpty(element.QualifiedName.Namespace),
            MinOccurs = min,
            MaxOccurs = max,
            Unbounded = max is null,
            Required = min > 0,
            Nullable = element.IsNillable,
            Default = element.DefaultValue,
            Fixed = element.FixedValue,
        };
        switch (element.ElementSchemaType)
        {
            case XmlSchemaSimpleType simple:
                _simpleTypes.Apply(node, simple);
                _simpleTypes.QualifyValues(node, element);
                break;
            case XmlSchemaComplexType { IsAbstract: true } abstractType:
                var typed = AbstractTyped(node, element, abstractType, min, prefix, depth, alternative);
                if (!ReferenceEquals(typed, node))
                {
                    foreach (var each in typed.Children)
                        foreach (var constraint in element.Constraints.OfType<XmlSchemaIdentityConstraint>()) _identity.Add((each, constraint));
                    return typed;
                }
                if (node.Truncated) return node;
                break;
            case XmlSchemaComplexType complex:
                if (!ComplexElement(node, complex, min, path, depth, alternative)) return node;
                break;
        }
        foreach (var constraint in element.Constraints.OfType<XmlSchemaIdentityConstraint>()) _identity.Add((node, constraint));
        return node;
    }

    /// <summary>The content of an element of complex type; false when it was cut for recursion or depth
    /// (<see cref="SchemaNode.Truncated"/>), which only an optional element or an alternative may be.</summary>
    /// <param name="shareable">Whether the content may be shared with other elements of the type: not for an element named
    /// with <c>xsi:type</c>, whose content also holds that attribute.</param>
    private bool ComplexElement(SchemaNode node, XmlSchemaComplexType complex, int min, string path, int depth,
        bool alternative, bool shareable = true)
    {
        var content = _contentKeys.Of(complex);
        _contentOf[node] = content;
        if (_typesOnPath.TryGetValue(content, out var ancestor))
        {
            // A type inside itself (through this element or another one): the content is the ancestor's, kept once.
            node.Kind = NodeKind.Object;
            node.RecursesTo = ancestor;
            node.Children.Clear();
            return false;
        }
        // Element content (not text, which takes its values from the element's name; not xs:anyType, read as any value) whose
        // element adds no value of its own.
        shareable &= !_unshared.Contains(content) && complex.ContentType is XmlSchemaContentType.ElementOnly or XmlSchemaContentType.Mixed
            && complex.QualifiedName is not { Name: "anyType", Namespace: XsdBuiltInTypes.Namespace }
            && node.Fixed is null && node.Default is null;
        if (shareable && _built.TryGetValue(content, out var first))
        {
            // The type was built in full before, elsewhere: its content is kept once, there.
            node.Kind = NodeKind.Object;
            node.Reuses = first.Path;
            node.ReusedNode = first;
            node.Children.Clear();
            _reused++;
            return false;
        }
        // Past the depth kept only optional content is cut: a required element is always expanded (its own optional
        // content is cut), so the cut never makes a schema unsatisfiable; required recursion ends at the markers above.
        if (_elementDepth >= _maxElementDepth && complex.ContentType != XmlSchemaContentType.TextOnly && (min == 0 || alternative))
        {
            node.Kind = NodeKind.Object;
            node.Truncated = true; // optional, or one alternative of several: not generated
            node.Children.Clear();
            return false;
        }
        _typesOnPath[content] = path;
        _elementDepth++;
        try
        {
            Complex(node, complex, path + (node.Repeats ? "[]." : "."), depth);
            if (shareable && _derivedChoices == 0 && _built.TryAdd(content, node)) _builtOrder.Add(content);
        }
        finally
        {
            _elementDepth--;
            _typesOnPath.Remove(content);
        }
        return true;
    }

    /// <summary>Forgets the content built since <paramref name="mark"/> (a count of <see cref="_builtOrder"/>): its branch was dropped.</summary>
    private void ForgetBuiltSince(int mark)
    {
        for (var i = mark; i < _builtOrder.Count; i++) _built.Remove(_builtOrder[i]);
        _builtOrder.RemoveRange(mark, _builtOrder.Count - mark);
    }

    /// <summary>
    /// An element whose declared type is abstract: every instance names, with <c>xsi:type</c>, a non-abstract type
    /// derived from it (GML's <c>AbstractGeometryType</c> and the like). With several such types the element becomes a
    /// choice (a group named after the element) among one alternative per derived type, closest derivation first; the
    /// alternatives share the element's name, path and occurrences, so a constraint rule on <c>shape.@code</c> reaches
    /// every one. Each alternative carries its type in <see cref="SchemaNode.XsiType"/>, which the XML writer puts on
    /// the element, and as a first attribute <c>@xsi:type</c> (<see cref="XsiTypeAttribute"/>), so that json, csv and
    /// sql say which type a record used. A type that cannot be made is dropped; with none left the element is refused
    /// naming it (an optional one is then left out). A document's root element is one derived type: the first that can
    /// be made. Returns <paramref name="node"/> made of one type, or the choice group.
    /// </summary>
    private SchemaNode AbstractTyped(SchemaNode node, XmlSchemaElement element, XmlSchemaComplexType abstractType, int min, string prefix,
        int depth, bool alternative)
    {
        var path = node.Path;
        var candidates = ConcreteDerivedTypes(abstractType, element.BlockResolved);
        if (candidates.Count == 0)
            throw new UnsupportedBranchException(
                $"'{path}' has the abstract type '{TypeName(abstractType)}' and the upload declares no non-abstract global type derived from it "
                    + "(that the element does not block) to name with xsi:type",
                element.LineNumber, element.LinePosition);
        var cap = _derivedChoices == 0 ? _maxDerivedAlternatives.Outer : _maxDerivedAlternatives.Nested;
        if (candidates.Count == 1 || depth == 0 || cap == 1)
        {
            UnsupportedBranchException? problem = null;
            foreach (var candidate in candidates)
            {
                var mark = _builtOrder.Count;
                try
                {
                    // A recursion marker repeats an ancestor of the derived type: its element still names that type.
                    if (ComplexElement(node, candidate, min, path, depth, alternative, shareable: false) || node.RecursesTo is not null)
                        XsiTyped(node, candidate, depth);
                    return node;
                }
                catch (UnsupportedBranchException e)
                {
                    problem = e;
                    node.Children = [];
                    node.Kind = NodeKind.Any;
                    ForgetBuiltSince(mark);
                }
            }
            throw problem!;
        }
        // The choice is always made (it holds the element's occurrences on each alternative): an optional element stays
        // optional once, in its alternative.
        _madeDerivedChoice = true;
        candidates = [.. candidates.Take(cap)];
        var group = Group(NodeKind.Choice, node.Name, prefix + "(" + node.Name + ": " + string.Join("|", candidates.Select(TypeName)) + ")",
            1, 1, depth);
        UnsupportedBranchException? lastProblem = null;
        foreach (var candidate in candidates)
        {
            var each = node.ShallowCopy();
            each.Children = [];
            if (group.Children.Count > 0) _budget.Spend(path, depth); // the first alternative is the node already paid for
            _derivedChoices++;
            try
            {
                if (ComplexElement(each, candidate, min, path, depth + 1, alternative: true, shareable: false) || each.RecursesTo is not null)
                    XsiTyped(each, candidate, depth + 1);
                group.Children.Add(each);
            }
            catch (UnsupportedBranchException e) { lastProblem = e; }
            finally { _derivedChoices--; }
        }
        if (group.Children.Count == 0) throw lastProblem!;
        if (group.Children.All(c => c.Truncated))
        {
            // Every type lies past the levels kept: like one element cut for depth.
            if (min > 0 && !alternative)
                throw new UnsupportedBranchException($"'{path}' is required and every type derived from '{TypeName(abstractType)}' lies deeper "
                    + "than the levels kept", element.LineNumber, element.LinePosition);
            node.Kind = NodeKind.Object;
            node.Truncated = true;
            return node;
        }
        return group;
    }

    /// <summary>Names the derived type an element is made of: on the node for the XML writer, and as its first attribute.</summary>
    private void XsiTyped(SchemaNode node, XmlSchemaComplexType type, int depth)
    {
        node.XsiType = type.QualifiedName.Name;
        node.XsiTypeNamespace = NullIfEmpty(type.QualifiedName.Namespace);
        if (node.RecursesTo is not null) return; // the ancestor it repeats has the attribute
        var path = node.Path + (node.Repeats ? "[]." : ".") + "@" + XsiTypeAttribute.Name;
        _budget.Spend(path, depth + 1);
        node.Children.Insert(0, XsiTypeAttribute.Create(path, type.QualifiedName.Name));
    }

    /// <summary>Non-abstract global complex types derived (through any number of steps) from <paramref name="baseType"/>
    /// by methods neither the element nor a type on the way blocks; closest derivation first, then in declaration order.</summary>
    private List<XmlSchemaComplexType> ConcreteDerivedTypes(XmlSchemaComplexType baseType, XmlSchemaDerivationMethod elementBlock)
    {
        // Large type graphs (GML) use the same abstract types in many places: each search runs once.
        if (_derivedTypes.TryGetValue((baseType, elementBlock), out var known)) return known;
        return _derivedTypes[(baseType, elementBlock)] = SearchConcreteDerivedTypes(baseType, elementBlock);
    }

    private readonly Dictionary<(XmlSchemaComplexType, XmlSchemaDerivationMethod), List<XmlSchemaComplexType>> _derivedTypes = [];

    private List<XmlSchemaComplexType> SearchConcreteDerivedTypes(XmlSchemaComplexType baseType, XmlSchemaDerivationMethod elementBlock)
    {
        var found = new List<(XmlSchemaComplexType Type, int Steps, int Order)>();
        var order = 0;
        foreach (var type in _set.GlobalTypes.Values.OfType<XmlSchemaComplexType>())
        {
            order++;
            if (type.IsAbstract || type.QualifiedName.IsEmpty) continue;
            var blocked = elementBlock | baseType.BlockResolved;
            var steps = 0;
            XmlSchemaType? current = type;
            var allowed = true;
            while (current is not null && current != baseType)
            {
                if ((current.DerivedBy & blocked) != 0) allowed = false;
                steps++;
                current = current.BaseXmlSchemaType;
            }
            if (current == baseType && allowed && steps > 0) found.Add((type, steps, order));
        }
        return found.OrderBy(f => f.Steps).ThenBy(f => f.Order).Select(f => f.Type).ToList();
    }

    private void Complex(SchemaNode node, XmlSchemaComplexType type, string prefix, int depth)
    {
        if (type.QualifiedName is { Name: "anyType", Namespace: XsdBuiltInTypes.Namespace }) return; // any content: Kind Any
        node.Mixed = type.IsMixed;
        var attributes = type.AttributeUses.Values.Cast<XmlSchemaAttribute>()
            .Where(a => a.Use != XmlSchemaUse.Prohibited)
            .OrderBy(a => a.LineNumber).ThenBy(a => a.LinePosition);
        foreach (var attribute in attributes)
        {
            try { node.Children.Add(Attribute(attribute, prefix, depth + 1)); }
            catch (UnsupportedBranchException) when (attribute.Use != XmlSchemaUse.Required) { } // no valid value: an optional one is left out
        }
        if (type.ContentType == XmlSchemaContentType.TextOnly)
        {
            _simpleTypes.ApplySimpleContent(node, type);
            return;
        }
        node.Kind = NodeKind.Object;
        var outerClashes = _clashingNames;
        _clashingNames = ClashingNames(type.ContentTypeParticle);
        try { Particle(type.ContentTypeParticle, prefix, node.Children, depth + 1, asUnit: false); }
        finally { _clashingNames = outerClashes; }
    }

    /// <summary>
    /// The names that a content model declares twice, as a local element and as a member of a substitution group it
    /// refers to (MSBuild's ItemGroupType: a local <c>ResourceCompile</c> beside <c>ref="Item"</c>, whose group holds a
    /// global <c>ResourceCompile</c> of other content). That breaks XSD's Element Declarations Consistent rule, and
    /// validators that compile it anyway each pick one of the two declarations (libxml2 the member) so such an element is
    /// made by neither: the member is never chosen, and the local element is left out unless required.
    /// </summary>
    private HashSet<XmlQualifiedName> ClashingNames(XmlSchemaParticle? contentModel)
    {
        if (contentModel is null) return [];
        if (_clashingNamesOf.TryGetValue(contentModel, out var known)) return known;
        var locals = new HashSet<XmlQualifiedName>();
        var heads = new List<XmlSchemaElement>();
        void Walk(XmlSchemaParticle? particle)
        {
            switch (particle)
            {
                case XmlSchemaElement { RefName.IsEmpty: true } local:
                    locals.Add(local.QualifiedName);
                    break;
                case XmlSchemaElement reference when _set.GlobalElements[reference.RefName] is XmlSchemaElement head:
                    heads.Add(head);
                    break;
                case XmlSchemaGroupRef { Particle: { } referenced }:
                    Walk(referenced);
                    break;
                case XmlSchemaGroupBase group:
                    foreach (var item in group.Items.OfType<XmlSchemaParticle>()) Walk(item);
                    break;
            }
        }
        Walk(contentModel);
        var clashing = new HashSet<XmlQualifiedName>();
        if (locals.Count > 0)
            foreach (var head in heads)
                clashing.UnionWith(Members(head, []).Select(m => m.QualifiedName).Where(locals.Contains));
        return _clashingNamesOf[contentModel] = clashing;
    }

    private SchemaNode Attribute(XmlSchemaAttribute attribute, string prefix, int depth)
    {
        var name = attribute.QualifiedName.Name;
        var path = prefix + "@" + name;
        _budget.Spend(path, depth);
        var node = new SchemaNode
        {
            Name = name,
            Path = path,
            Kind = NodeKind.String,
            IsAttribute = true,
            Required = attribute.Use == XmlSchemaUse.Required,
            Namespace = NullIfEmpty(attribute.QualifiedName.Namespace),
            Default = attribute.DefaultValue,
            Fixed = attribute.FixedValue,
        };
        if (attribute.AttributeSchemaType is { } type) _simpleTypes.Apply(node, type);
        _simpleTypes.QualifyValues(node, attribute);
        return node;
    }

    /// <summary>Adds what a particle contributes to <paramref name="into"/>. A sequence that occurs exactly once adds its
    /// items in place; anything else that groups elements becomes a group node (<see cref="SchemaNode.IsGroup"/>).
    /// <paramref name="asUnit"/> keeps a multi-item sequence together as one node, as a choice alternative must be.</summary>
    private void Particle(XmlSchemaParticle? particle, string prefix, List<SchemaNode> into, int depth, bool asUnit,
        (int Min, int? Max)? groupRefOccurs = null, bool alternative = false)
    {
        if (particle is null || particle.MaxOccurs == 0) return;
        switch (particle)
        {
            case XmlSchemaElement { RefName.IsEmpty: true } clashing when _clashingNames.Contains(clashing.QualifiedName)
                && (clashing.MinOccurs == 0 || alternative):
                break; // see ClashingNames
            case XmlSchemaElement element:
                SchemaNode? node;
                var before = _builtOrder.Count;
                try { node = Element(element, prefix, depth, alternative); }
                catch (UnsupportedBranchException) when (element.MinOccurs == 0)
                {
                    node = null; // optional: left out
                    ForgetBuiltSince(before);
                }
                if (node is not null) into.Add(node);
                else if (element.MinOccurs > 0)
                    throw new UnsupportedBranchException(
                        $"'{prefix}{element.RefName.Name}' is required, but its element is abstract and no element substitutes for it, "
                            + "so no document can hold it.",
                        element.LineNumber, element.LinePosition);
                break;
            case XmlSchemaGroupRef groupRef when groupRef.Particle is not null:
                Particle(groupRef.Particle, prefix, into, depth, asUnit, Occurs(groupRef), alternative);
                break;
            case XmlSchemaChoice choice:
            {
                var (min, max) = groupRefOccurs ?? Occurs(choice);
                var group = Group(NodeKind.Choice, "choice", prefix + Label(choice), min, max, depth);
                UnsupportedBranchException? lastProblem = null;
                foreach (var item in choice.Items.OfType<XmlSchemaParticle>())
                {
                    // An alternative that no document can hold is dropped; the choice stands while one is left.
                    var branch = new List<SchemaNode>();
                    var mark = _builtOrder.Count;
                    try { Particle(item, prefix, branch, depth + 1, asUnit: true, alternative: true); }
                    catch (UnsupportedBranchException e)
                    {
                        lastProblem = e;
                        ForgetBuiltSince(mark);
                        continue;
                    }
                    group.Children.AddRange(branch);
                }
                if (min > 0 && group.Children.Count > 0 && group.Children.All(c => c.Truncated))
                {
                    _cutRequiredChoice = true;
                    if (_pastCutAlternatives) MakeOneAlternativeBelowTheCut(group, choice, prefix, depth);
                }
                if (group.Children.Count > 0) into.Add(CutWhenNoBranchIsMade(group, choice));
                else if (min > 0 && lastProblem is not null)
                    throw new UnsupportedBranchException($"no alternative of the choice at '{group.Path}' can be made: {lastProblem.Message}",
                        lastProblem.Line, lastProblem.Column);
                break;
            }
            case XmlSchemaGroupBase sequenceOrAll:
            {
                var (min, max) = groupRefOccurs ?? Occurs(sequenceOrAll);
                var items = sequenceOrAll.Items.OfType<XmlSchemaParticle>().ToList();
                if (min == 1 && max == 1 && (!asUnit || items.Count == 1))
                {
                    // A sequence of one item is that item: as an alternative of a choice (DITA's groups, each a sequence of a
                    // choice of one element ref) it is still one the depth cut may leave out.
                    foreach (var item in items)
                        Particle(item, prefix, into, depth, asUnit && items.Count == 1, alternative: alternative && items.Count == 1);
                    break;
                }
                var group = Group(NodeKind.Object, sequenceOrAll is XmlSchemaAll ? "all" : "sequence", prefix + Label(sequenceOrAll), min, max,
                    depth);
                foreach (var item in items) Particle(item, prefix, group.Children, depth + 1, asUnit: false);
                into.Add(group);
                break;
            }
            case XmlSchemaAny any:
            {
                var (min, max) = Occurs(any);
                if (min == 0) break; // an optional wildcard is left out: nothing the schema names goes there
                into.Add(Wildcard(any, prefix, min, max, depth));
                break;
            }
        }
    }

    /// <summary>
    /// A required <c>xs:any</c>: an element the wildcard admits. With <c>processContents="strict"</c> it must be a
    /// declared global element of an admitted namespace; with <c>lax</c>/<c>skip</c> an undeclared element in an
    /// admitted namespace (<c>##other</c>: a namespace of our own that is not the target one; <c>##local</c>: no
    /// namespace), holding text.
    /// </summary>
    private SchemaNode Wildcard(XmlSchemaAny any, string prefix, int min, int? max, int depth)
    {
        var targetNamespace = TargetNamespaceOf(any);
        var tokens = (any.Namespace ?? "##any").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        bool Admits(string ns) => tokens.Any(t => t switch
        {
            "##any" => true,
            "##other" => ns != targetNamespace && ns != "",
            "##targetNamespace" => ns == targetNamespace,
            "##local" => ns == "",
            _ => t == ns,
        });
        // namespace="" is an empty list: the wildcard admits no element at all (IATA NDC's Policy), so what requires one
        // cannot be made; an optional element around it is left out.
        if (tokens.Length == 0)
            throw new UnsupportedBranchException(
                $"'{prefix}(any)' is a required wildcard whose namespace list is empty, so it admits no element.", any.LineNumber, any.LinePosition);
        // No processContents attribute (None) means strict.
        if (any.ProcessContents is not (XmlSchemaContentProcessing.Strict or XmlSchemaContentProcessing.None))
        {
            var ns = tokens.Select(t => t switch
            {
                "##any" or "##other" => WildcardNamespace,
                "##targetNamespace" => targetNamespace,
                "##local" => "",
                _ => t,
            }).First(Admits);
            var name = "extension";
            while (_set.GlobalElements.Contains(new XmlQualifiedName(name, ns))) name += "X";
            var path = prefix + name;
            _budget.Spend(path, depth);
            return new SchemaNode
            {
                Name = name, Path = path, Kind = NodeKind.String, Namespace = NullIfEmpty(ns), MinOccurs = min, MaxOccurs = max,
                Unbounded = max is null, Required = true, MaxLength = 40,
            };
        }
        // Only a declaration of the files the document's root element's file pulls in (imports, includes, redefines): a
        // validator given that file knows no other (EPP's command extensions, beside epp-1.0.xsd in the upload).
        var admitted = _set.GlobalElements.Values.Cast<XmlSchemaElement>()
            .Where(e => !e.IsAbstract && Admits(e.QualifiedName.Namespace) && SchemaOf(e) is { } file && _documentFiles.Contains(file))
            .ToList();
        if (admitted.Count == 0)
            throw new UnsupportedBranchException(
                $"'{prefix}(any)' is a required wildcard with processContents=\"strict\" for namespace '{any.Namespace ?? "##any"}', and the upload "
                    + "declares no element there to put in it.",
                any.LineNumber, any.LinePosition);
        // Not an element around the wildcard that declares keys (SDD's Datasets, the only element of its namespace, inside
        // its own CodedStatements): the copy inside would be held to its own keys and, through selectors such as
        // ".//Specimen", to the outer one's, which no value can satisfy in general. An optional element around is left out.
        var declared = admitted
            .Where(e => e.Constraints.Count == 0 || e.ElementSchemaType is not XmlSchemaComplexType type
                || !_typesOnPath.ContainsKey(_contentKeys.Of(type)))
            .OrderBy(e => e.ElementSchemaType is XmlSchemaSimpleType ? 0 : 1).ThenBy(e => e.LineNumber)
            .FirstOrDefault()
            ?? throw new UnsupportedBranchException(
                $"'{prefix}(any)' is a required wildcard with processContents=\"strict\" that admits only "
                    + $"'{string.Join("', '", admitted.Select(e => e.QualifiedName.Name))}', an element around it that declares identity "
                    + "constraints, whose copy inside itself would be held to both its own and the outer one's keys.",
                any.LineNumber, any.LinePosition);
        return Declaration(declared, min, max, prefix, depth);
    }

    /// <summary>The namespace generated elements of an <c>##any</c>/<c>##other</c> wildcard are in: never the target one.</summary>
    private const string WildcardNamespace = "urn:tdmp:extension";

    /// <summary>The files the root element being built is declared in or pulls in (<see cref="Reachable"/>).</summary>
    private HashSet<XmlSchema> _documentFiles = [];

    private static XmlSchema? SchemaOf(XmlSchemaObject item)
    {
        for (var o = item; o is not null; o = o.Parent)
            if (o is XmlSchema schema) return schema;
        return null;
    }

    /// <summary>The file of <paramref name="item"/> and every file it imports, includes or redefines, transitively.</summary>
    private static HashSet<XmlSchema> Reachable(XmlSchemaObject item)
    {
        var seen = new HashSet<XmlSchema>();
        var pending = new Stack<XmlSchema>();
        if (SchemaOf(item) is { } start) pending.Push(start);
        while (pending.Count > 0)
        {
            var schema = pending.Pop();
            if (!seen.Add(schema)) continue;
            foreach (var external in schema.Includes.OfType<XmlSchemaExternal>())
                if (external.Schema is { } next) pending.Push(next);
        }
        return seen;
    }

    private static string TargetNamespaceOf(XmlSchemaObject item)
    {
        for (var o = item; o is not null; o = o.Parent)
            if (o is XmlSchema schema) return schema.TargetNamespace ?? "";
        return "";
    }

    private SchemaNode Group(NodeKind kind, string name, string path, int min, int? max, int depth)
    {
        _budget.Spend(path, depth);
        return new SchemaNode
        {
            Name = name, Path = path, Kind = kind, IsGroup = true, MinOccurs = min, MaxOccurs = max, Unbounded = max is null, Required = min > 0,
        };
    }

    /// <summary>A group's path segment: its element names joined the way the group combines them, e.g. <c>(A|B)</c>.</summary>
    private static string Label(XmlSchemaParticle particle) => particle switch
    {
        XmlSchemaElement e => (e.RefName.IsEmpty ? e.QualifiedName : e.RefName).Name,
        XmlSchemaGroupRef g when g.Particle is not null => Label(g.Particle),
        XmlSchemaChoice c => "(" + string.Join("|", c.Items.OfType<XmlSchemaParticle>().Select(Label)) + ")",
        XmlSchemaAll a => "(" + string.Join("&", a.Items.OfType<XmlSchemaParticle>().Select(Label)) + ")",
        XmlSchemaSequence s => "(" + string.Join(",", s.Items.OfType<XmlSchemaParticle>().Select(Label)) + ")",
        XmlSchemaAny => "any",
        _ => "?",
    };

    private static (int Min, int? Max) Occurs(XmlSchemaParticle particle) =>
        ((int)Math.Min(particle.MinOccurs, int.MaxValue),
         particle.MaxOccurs >= int.MaxValue ? null : (int)particle.MaxOccurs);

    /// <summary>
    /// A required choice whose every alternative lies past the depth cut gets one alternative made there, as a required
    /// element is (its required content only), instead of cutting its parent: Akoma Ntoso's act has a body of a choice of
    /// 29 hierarchy elements, and cut at three levels every document type but the collections (which then recurse without
    /// end) was dropped, so the schema was refused. Only on a second build of a document that cannot end otherwise: made
    /// everywhere, DocBook's alternatives past the cut grew its csv and sql layout past 20,000 tables. The alternative with
    /// the fewest nodes is made.
    /// </summary>
    private void MakeOneAlternativeBelowTheCut(SchemaNode group, XmlSchemaChoice choice, string prefix, int depth)
    {
        List<SchemaNode>? Make(XmlSchemaParticle item)
        {
            var branch = new List<SchemaNode>();
            var mark = _builtOrder.Count;
            try { Particle(item, prefix, branch, depth + 1, asUnit: true, alternative: false); }
            catch (UnsupportedBranchException)
            {
                ForgetBuiltSince(mark);
                return null;
            }
            return branch.Count == 0 || branch.Any(b => b.Truncated) ? null : branch;
        }
        static int Size(List<SchemaNode> branch) => SchemaRepr.NodesOf(branch).Count();
        // Sized on their own first, each forgetting the content (and giving back the nodes) it built, so that the next is
        // not made of references to it.
        XmlSchemaParticle? smallest = null;
        var fewest = int.MaxValue;
        foreach (var item in choice.Items.OfType<XmlSchemaParticle>())
        {
            var (mark, spent) = (_builtOrder.Count, _budget.Spent);
            if (Make(item) is { } branch && Size(branch) < fewest) (smallest, fewest) = (item, Size(branch));
            ForgetBuiltSince(mark);
            _budget.Refund(spent);
        }
        if (smallest is null || Make(smallest) is not { } made) return;
        group.Children.Clear();
        group.Children.AddRange(made);
    }

    /// <summary>A choice whose every alternative was cut for depth is itself cut (optional) or cuts its parent (required).</summary>
    private static SchemaNode CutWhenNoBranchIsMade(SchemaNode choice, XmlSchemaParticle particle)
    {
        if (!choice.Children.All(c => c.Truncated)) return choice;
        if (choice.MinOccurs > 0)
            throw new UnsupportedBranchException($"every alternative of the required choice '{choice.Path}' lies deeper than the levels kept",
                particle.LineNumber, particle.LinePosition);
        choice.Truncated = true;
        choice.Children.Clear();
        return choice;
    }

    private static string TypeName(XmlSchemaType type) => type.QualifiedName.IsEmpty ? "(anonymous type)" : type.QualifiedName.Name;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

/// <summary>A part of the schema that no document can hold (an abstract element nobody substitutes, a strict wildcard
/// with nothing to put in it): a choice drops the alternative; anywhere else it refuses the schema.</summary>
internal sealed class UnsupportedBranchException(string message, int? line, int? column) : SchemaReadException(message, line, column);
