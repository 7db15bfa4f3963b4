using System.Globalization;
using System.Xml.Schema;
using Tdmp.Generation.Regexes;

namespace Tdmp.Generation.Schema.Xsd;

/// <summary>
/// Reads an XSD simple type (or a complex type's simple content) onto a repr node: the built-in type it derives from,
/// and every restriction step's facets. Steps are walked from the most derived to the base, so the first bound found
/// is the narrowest; patterns stack (each step's patterns are alternatives, the steps must all match).
/// </summary>
internal sealed class XsdSimpleTypes(SchemaReadLimits limits)
{
    /// <summary>Each pattern is probed for catastrophic backtracking once, however many nodes share its type.</summary>
    private readonly Dictionary<string, string?> _patternProblems = new(StringComparer.Ordinal);

    public void Apply(SchemaNode node, XmlSchemaSimpleType type) => Apply(node, type, []);

    /// <summary>Simple content: the facets of complex restrictions in the chain apply on top of the simple base type.</summary>
    public void ApplySimpleContent(SchemaNode node, XmlSchemaComplexType type)
    {
        var steps = new List<XmlSchemaObjectCollection>();
        XmlSchemaType? current = type;
        while (current is XmlSchemaComplexType complex)
        {
            if (complex.ContentModel is XmlSchemaSimpleContent { Content: XmlSchemaSimpleContentRestriction restriction })
            {
                steps.Add(restriction.Facets);
                if (restriction.BaseType is not null)
                {
                    Apply(node, restriction.BaseType, steps);
                    return;
                }
            }
            current = complex.BaseXmlSchemaType;
        }
        if (current is XmlSchemaSimpleType simple) Apply(node, simple, steps);
        else node.Kind = NodeKind.String;
    }

    private void Apply(SchemaNode node, XmlSchemaSimpleType type, List<XmlSchemaObjectCollection> steps)
    {
        var current = type;
        while (!XsdBuiltInTypes.IsBuiltIn(current.QualifiedName))
        {
            switch (current.Content)
            {
                case XmlSchemaSimpleTypeRestriction restriction:
                    steps.Add(restriction.Facets);
                    break;
                case XmlSchemaSimpleTypeList list:
                    ApplyList(node, list.BaseItemType!, steps);
                    return;
                case XmlSchemaSimpleTypeUnion union:
                    ApplyUnion(node, union.BaseMemberTypes!, steps);
                    return;
            }
            current = current.BaseXmlSchemaType as XmlSchemaSimpleType
                ?? throw new SchemaReadException($"'{node.Path}' has a simple type whose base could not be resolved.");
        }
        var name = current.QualifiedName.Name;
        var builtIn = XsdBuiltInTypes.Describe(name, node.Path);
        if (builtIn.ListOf is not null)
        {
            var item = (XmlSchemaSimpleType)XmlSchemaType.GetBuiltInSimpleType(
                new System.Xml.XmlQualifiedName(builtIn.ListOf, XsdBuiltInTypes.Namespace))!;
            ApplyList(node, item, steps);
            node.MinLength ??= 1; // NMTOKENS, IDREFS: at least one item
            node.XsdType = name;
            return;
        }
        node.Kind = builtIn.Kind;
        node.XsdType = name;
        ApplyFacets(node, steps);
        if (node.Minimum is null && builtIn.Minimum is not null) node.Minimum = builtIn.Minimum;
        if (node.Maximum is null && builtIn.Maximum is not null) node.Maximum = builtIn.Maximum;
    }

    private void ApplyList(SchemaNode node, XmlSchemaSimpleType itemType, List<XmlSchemaObjectCollection> steps)
    {
        node.Kind = NodeKind.String;
        var item = new SchemaNode { Name = node.Name, Path = node.Path, Kind = NodeKind.String, Namespace = node.Namespace };
        Apply(item, itemType);
        node.ListItem = item;
        ApplyFacets(node, steps);
    }

    private void ApplyUnion(SchemaNode node, XmlSchemaSimpleType[] memberTypes, List<XmlSchemaObjectCollection> steps)
    {
        node.UnionMembers = memberTypes.Select(member =>
        {
            var alternative = new SchemaNode { Name = node.Name, Path = node.Path, Kind = NodeKind.String, Namespace = node.Namespace };
            Apply(alternative, member);
            return alternative;
        }).ToList();
        var kinds = node.UnionMembers.Select(m => m.Kind).Distinct().ToList();
        node.Kind = kinds.Count == 1 ? kinds[0] : NodeKind.String; // every value is text; members say what text
        ApplyFacets(node, steps);
    }

    private void ApplyFacets(SchemaNode node, List<XmlSchemaObjectCollection> steps)
    {
        bool minSet = false, maxSet = false;
        foreach (var step in steps)
        {
            var patterns = new List<string>();
            var enumeration = new List<string?>();
            foreach (var facet in step.OfType<XmlSchemaFacet>())
            {
                var value = facet.Value ?? "";
                switch (facet)
                {
                    case XmlSchemaMinInclusiveFacet or XmlSchemaMinExclusiveFacet when !minSet:
                        minSet = SetBound(node, value, isMin: true, exclusive: facet is XmlSchemaMinExclusiveFacet);
                        break;
                    case XmlSchemaMaxInclusiveFacet or XmlSchemaMaxExclusiveFacet when !maxSet:
                        maxSet = SetBound(node, value, isMin: false, exclusive: facet is XmlSchemaMaxExclusiveFacet);
                        break;
                    case XmlSchemaLengthFacet:
                        node.MinLength ??= Int(value, node);
                        node.MaxLength ??= Int(value, node);
                        break;
                    case XmlSchemaMinLengthFacet: node.MinLength ??= Int(value, node); break;
                    case XmlSchemaMaxLengthFacet: node.MaxLength ??= Int(value, node); break;
                    case XmlSchemaTotalDigitsFacet: node.TotalDigits ??= Int(value, node); break;
                    case XmlSchemaFractionDigitsFacet: node.FractionDigits ??= Int(value, node); break;
                    case XmlSchemaPatternFacet: patterns.Add(value); break;
                    case XmlSchemaEnumerationFacet: enumeration.Add(node.XsdType == "QName" ? Qualify(node, value, facet) : value); break;
                }
            }
            foreach (var pattern in patterns)
                if (PatternProblem(pattern) is { } problem)
                    throw new SchemaReadException($"At '{node.Path}': {problem}.", FacetLine(step, pattern), null);
            if (patterns.Count > 0)
            {
                // Patterns of one step are alternatives; steps must all match.
                (node.Patterns ??= []).Add(patterns.Count == 1 ? patterns[0] : "(" + string.Join(")|(", patterns) + ")");
                node.PatternSyntax = "xsd";
            }
            if (enumeration.Count > 0 && node.Enum is null) node.Enum = enumeration;
        }
        if (node is { Patterns.Count: > 1, Enum: null } && Contradict(node.Patterns))
            throw new UnsupportedBranchException(
                $"'{node.Path}' can hold no value: no string matches the patterns of every step of its type's derivation "
                + $"('{string.Join("', '", node.Patterns)}')", null, null);
    }

    /// <summary>namespace → the prefix that QName values of this read are written with: one prefix per namespace, never one of
    /// the XML writer's own (<c>ns0</c>..., <c>xsi</c>, <c>xml</c>).</summary>
    private readonly Dictionary<string, string> _qnamePrefixes = new(StringComparer.Ordinal);

    /// <summary>A QName-typed declaration's <c>fixed</c> and <c>default</c>, in the document's terms (<see cref="Qualify"/>).</summary>
    public void QualifyValues(SchemaNode node, XmlSchemaObject declaration)
    {
        if (node.XsdType != "QName") return;
        if (node.Fixed is { } fixedValue) node.Fixed = Qualify(node, fixedValue, declaration);
        if (node.Default is { } defaultValue) node.Default = Qualify(node, defaultValue, declaration);
    }

    /// <summary>A QName the schema states (an enumeration, a fixed value) is a namespace and a local name, its prefix read
    /// in the schema's scope: SDD's <c>Iconic</c> is in the target namespace because the schema's default namespace is.
    /// Copied as text into a document with other prefixes it would name something else, so it gets a prefix of its own,
    /// recorded in <see cref="SchemaNode.QNamePrefixes"/> for the writer to declare.</summary>
    private string Qualify(SchemaNode node, string value, XmlSchemaObject scope)
    {
        value = value.Trim();
        var colon = value.IndexOf(':');
        var (prefix, local) = colon < 0 ? ("", value) : (value[..colon], value[(colon + 1)..]);
        var ns = NamespaceOf(prefix, scope);
        node.QNamePrefixes ??= new(StringComparer.Ordinal);
        if (ns is null)
        {
            // An unprefixed name in no namespace: the document must not give unprefixed names a default namespace.
            if (prefix.Length > 0) return value; // an undeclared prefix, which the schema compiler has let through: leave it
            node.QNamePrefixes[""] = "";
            return local;
        }
        if (!_qnamePrefixes.TryGetValue(ns, out var ours))
        {
            ours = prefix.Length > 0 && !IsWritersPrefix(prefix) && !_qnamePrefixes.ContainsValue(prefix) ? prefix
                : Enumerable.Range(1, int.MaxValue).Select(i => "q" + i).First(p => !_qnamePrefixes.ContainsValue(p));
            _qnamePrefixes[ns] = ours;
        }
        node.QNamePrefixes[ours] = ns;
        return ours + ":" + local;
    }

    private static bool IsWritersPrefix(string prefix) =>
        prefix is "xml" or "xsi" || prefix.StartsWith("xml", StringComparison.OrdinalIgnoreCase)
        || (prefix.Length > 2 && prefix.StartsWith("ns", StringComparison.Ordinal) && prefix[2..].All(char.IsAsciiDigit));

    /// <summary>The namespace a prefix ("" for none) is bound to where <paramref name="scope"/> stands in its schema document.</summary>
    private static string? NamespaceOf(string prefix, XmlSchemaObject scope)
    {
        if (prefix == "xml") return "http://www.w3.org/XML/1998/namespace";
        for (var at = scope; at is not null; at = at.Parent)
            foreach (var binding in at.Namespaces.ToArray())
                if (binding.Name == prefix) return binding.Namespace.Length == 0 ? null : binding.Namespace;
        return null;
    }

    /// <summary>Each list of stacked patterns is checked once, however many nodes share its type.</summary>
    private readonly Dictionary<string, bool> _contradictions = new(StringComparer.Ordinal);

    private bool Contradict(List<string> patterns)
    {
        var key = string.Join('\n', patterns);
        if (!_contradictions.TryGetValue(key, out var contradict))
            _contradictions[key] = contradict = PatternIntersectionGenerator.Contradict(patterns);
        return contradict;
    }

    private string? PatternProblem(string pattern)
    {
        if (!_patternProblems.TryGetValue(pattern, out var problem))
            _patternProblems[pattern] = problem = SafeRegex.Problem(pattern, RegexDialect.Xsd, limits.RegexTimeout);
        return problem;
    }

    private static int? FacetLine(XmlSchemaObjectCollection step, string pattern) =>
        step.OfType<XmlSchemaPatternFacet>().FirstOrDefault(f => f.Value == pattern)?.LineNumber;

    /// <summary>Numeric bounds become <see cref="SchemaNode.Minimum"/>/<see cref="SchemaNode.Maximum"/>; bounds of
    /// dates, times and durations stay text in <see cref="SchemaNode.MinValue"/>/<see cref="SchemaNode.MaxValue"/>.</summary>
    private static bool SetBound(SchemaNode node, string value, bool isMin, bool exclusive)
    {
        if (node.Kind is NodeKind.Integer or NodeKind.Number)
        {
            if (value is "INF" or "-INF") return true; // the whole float range: no narrower bound
            if (!decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                throw new SchemaReadException($"At '{node.Path}' the bound '{value}' is outside the supported range of ±7.9e28.");
            if (isMin) (node.Minimum, node.ExclusiveMinimum) = (number, exclusive);
            else (node.Maximum, node.ExclusiveMaximum) = (number, exclusive);
        }
        else if (isMin) (node.MinValue, node.ExclusiveMinimum) = (value, exclusive);
        else (node.MaxValue, node.ExclusiveMaximum) = (value, exclusive);
        return true;
    }

    private static int Int(string value, SchemaNode node) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
        : throw new SchemaReadException($"At '{node.Path}' the facet value '{value}' is too large.");
}
