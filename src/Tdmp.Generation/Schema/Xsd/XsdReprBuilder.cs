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
    private readonly Dictionary<XmlSchemaType, int> _typesOnPath = [];
    private readonly ReprBudget _budget;
    private List<(SchemaNode Element, XmlSchemaIdentityConstraint Constraint)> _identity = [];

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

    public SchemaNode BuildRoot(XmlSchemaElement element)
    {
        _identity = [];
        var root = Declaration(element, 1, 1, "", 0);
        root.Required = true;
        root.MinOccurs = root.MaxOccurs = null; // a document has exactly one root; occurrences say nothing here
        XsdIdentityConstraints.Apply(root, _identity);
        return root;
    }

    private SchemaNode Element(XmlSchemaElement particle, string prefix, int depth)
    {
        var (min, max) = Occurs(particle);
        if (particle.RefName.IsEmpty) return Declaration(particle, min, max, prefix, depth); // local: no substitution group
        var declaration = _set.GlobalElements[particle.RefName] as XmlSchemaElement
            ?? throw new SchemaReadException($"Element ref '{particle.RefName}' is not declared.", particle.LineNumber, particle.LinePosition);
        var alternatives = Substitutes(declaration);
        if (alternatives.Count == 1 && alternatives[0] == declaration) return Declaration(declaration, min, max, prefix, depth);
        if (alternatives.Count == 0)
            throw new SchemaReadException($"Element '{declaration.QualifiedName.Name}' is abstract and no element substitutes for it.",
                particle.LineNumber, particle.LinePosition);
        // A substitution group: in the head's place, the head (unless abstract) or any member.
        var group = Group(NodeKind.Choice, declaration.QualifiedName.Name,
            prefix + "(" + string.Join("|", alternatives.Select(a => a.QualifiedName.Name)) + ")", min, max, depth);
        foreach (var alternative in alternatives) group.Children.Add(Declaration(alternative, 1, 1, prefix, depth + 1));
        return group;
    }

    private List<XmlSchemaElement> Substitutes(XmlSchemaElement head)
    {
        var result = new List<XmlSchemaElement>();
        if (!head.IsAbstract) result.Add(head);
        if ((head.BlockResolved & XmlSchemaDerivationMethod.Substitution) != 0 || !_substitutes.TryGetValue(head.QualifiedName, out var members))
            return result;
        foreach (var member in members)
            foreach (var substitute in Substitutes(member))
                if (!result.Contains(substitute)) result.Add(substitute);
        return result;
    }

    private SchemaNode Declaration(XmlSchemaElement element, int min, int? max, string prefix, int depth)
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
                break;
            case XmlSchemaComplexType complex:
                if (_typesOnPath.GetValueOrDefault(complex) >= _limits.MaxRecursion)
                {
                    node.Kind = NodeKind.Object;
                    node.Truncated = true;
                    return node;
                }
                _typesOnPath[complex] = _typesOnPath.GetValueOrDefault(complex) + 1;
                Complex(node, complex, path + (node.Repeats ? "[]." : "."), depth);
                _typesOnPath[complex]--;
                break;
        }
        foreach (var constraint in element.Constraints.OfType<XmlSchemaIdentityConstraint>()) _identity.Add((node, constraint));
        return node;
    }

    private void Complex(SchemaNode node, XmlSchemaComplexType type, string prefix, int depth)
    {
        if (type.QualifiedName is { Name: "anyType", Namespace: XsdBuiltInTypes.Namespace }) return; // any content: Kind Any
        if (type.IsAbstract)
            throw new SchemaReadException(
                $"'{node.Path}' has the abstract type '{type.QualifiedName.Name}', which needs xsi:type in every document; that is not supported. Give the element a concrete type or use a choice.",
                type.LineNumber, type.LinePosition);
        node.Mixed = type.IsMixed;
        var attributes = type.AttributeUses.Values.Cast<XmlSchemaAttribute>()
            .Where(a => a.Use != XmlSchemaUse.Prohibited)
            .OrderBy(a => a.LineNumber).ThenBy(a => a.LinePosition);
        foreach (var attribute in attributes) node.Children.Add(Attribute(attribute, prefix, depth + 1));
        if (type.ContentType == XmlSchemaContentType.TextOnly)
        {
            _simpleTypes.ApplySimpleContent(node, type);
            return;
        }
        node.Kind = NodeKind.Object;
        Particle(type.ContentTypeParticle, prefix, node.Children, depth + 1, asUnit: false);
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
        return node;
    }

    /// <summary>Adds what a particle contributes to <paramref name="into"/>. A sequence that occurs exactly once adds its
    /// items in place; anything else that groups elements becomes a group node (<see cref="SchemaNode.IsGroup"/>).
    /// <paramref name="asUnit"/> keeps a multi-item sequence together as one node, as a choice alternative must be.</summary>
    private void Particle(XmlSchemaParticle? particle, string prefix, List<SchemaNode> into, int depth, bool asUnit,
        (int Min, int? Max)? groupRefOccurs = null)
    {
        if (particle is null || particle.MaxOccurs == 0) return;
        switch (particle)
        {
            case XmlSchemaElement element:
                into.Add(Element(element, prefix, depth));
                break;
            case XmlSchemaGroupRef groupRef when groupRef.Particle is not null:
                Particle(groupRef.Particle, prefix, into, depth, asUnit, Occurs(groupRef));
                break;
            case XmlSchemaChoice choice:
            {
                var (min, max) = groupRefOccurs ?? Occurs(choice);
                var group = Group(NodeKind.Choice, "choice", prefix + Label(choice), min, max, depth);
                foreach (var item in choice.Items.OfType<XmlSchemaParticle>()) Particle(item, prefix, group.Children, depth + 1, asUnit: true);
                into.Add(group);
                break;
            }
            case XmlSchemaGroupBase sequenceOrAll:
            {
                var (min, max) = groupRefOccurs ?? Occurs(sequenceOrAll);
                var items = sequenceOrAll.Items.OfType<XmlSchemaParticle>().ToList();
                if (min == 1 && max == 1 && (!asUnit || items.Count == 1))
                {
                    foreach (var item in items) Particle(item, prefix, into, depth, asUnit && items.Count == 1);
                    break;
                }
                var group = Group(NodeKind.Object, sequenceOrAll is XmlSchemaAll ? "all" : "sequence", prefix + Label(sequenceOrAll), min, max, depth);
                foreach (var item in items) Particle(item, prefix, group.Children, depth + 1, asUnit: false);
                into.Add(group);
                break;
            }
            case XmlSchemaAny any:
            {
                var (min, max) = Occurs(any);
                var path = prefix + "(any)";
                _budget.Spend(path, depth);
                into.Add(new SchemaNode
                {
                    Name = "any", Path = path, Kind = NodeKind.Any, MinOccurs = min, MaxOccurs = max, Unbounded = max is null,
                    Required = min > 0, Namespace = any.Namespace ?? "##any",
                });
                break;
            }
        }
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

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
