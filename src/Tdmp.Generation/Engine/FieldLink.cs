using Tdmp.Generation.Constraints;

namespace Tdmp.Generation.Engine;

/// <summary>
/// One rule that reads other fields of the record, being linked once every plan node exists: what a kind's
/// <see cref="RuleKind.Link"/> hook works with. It finds the fields the rule names, refuses the plan naming the field,
/// and defers the field or moves the field it tests before it; the kind decides the rest (its generator, its order).
/// </summary>
internal sealed class FieldLink(PlanCompiler compiler, PlanNode node, ConstraintRule rule, NodeBehavior behavior, PlanNode record)
{
    public PlanNode Node => node;
    public ConstraintRule Rule => rule;
    /// <summary>The behaviour the rule sets: the field's own, or the variant of a <c>when</c> rule.</summary>
    public NodeBehavior Behavior => behavior;
    /// <summary>The record the field belongs to.</summary>
    public PlanNode Record => record;
    /// <summary>Every node of the plan (a bound for following chains of links, the arrays a formula aggregates).</summary>
    public IReadOnlyList<PlanNode> Nodes => compiler.Nodes;

    /// <summary>The field a rule names (a path, a path relative to the field's parents, or a unique name), or null.</summary>
    public PlanNode? Find(string reference) => compiler.FindNode(reference, node);

    /// <summary>The field a rule names, or the plan is refused with <paramref name="refusal"/>.</summary>
    public PlanNode Field(string reference, string refusal) => Find(reference) ?? throw Refuse(refusal);

    /// <summary>The plan refused at this field.</summary>
    public UnsatisfiableSchemaException Refuse(string why) => new(node.Path, why);

    /// <summary>The field is made after the fields it reads.</summary>
    public void Defer() => node.Deferred = true;

    /// <summary>A container's variant is decided when the container is made: the field it tests is made first.</summary>
    public void MakeBefore(PlanNode field) => compiler.MakeBefore(field, node);
}
