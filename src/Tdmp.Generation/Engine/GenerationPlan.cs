using Tdmp.Generation.Constraints;
using Tdmp.Generation.Schema;

namespace Tdmp.Generation.Engine;

/// <summary>
/// A schema repr and its constraint rules compiled once into a tree of <see cref="PlanNode"/>s
/// with their value generators, ready to make any number of records on any number of cores.
/// </summary>
public sealed class GenerationPlan
{
    /// <summary>Changes whenever the same inputs would give different files.</summary>
    public const string EngineVersion = "engine-1.27.0";

    internal GenerationPlan(SchemaRepr repr, PlanNode record, PlanNode? envelope, PlanNode? recordArray, List<PlanNode> nodes, int uniqueSlots,
        int? maxDepth = null, int? recursionBound = null, int? depthLimit = null)
    {
        MaxDepth = maxDepth;
        DepthLimit = depthLimit ?? maxDepth;
        RecursionBound = recursionBound ?? maxDepth ?? ReprRecursion.DefaultBound;
        HasRecursion = nodes.Any(n => n.Kind is PlanNodeKind.Recursion or PlanNodeKind.Reuse);
        Repr = repr;
        Record = record;
        Envelope = envelope;
        RecordArray = recordArray;
        Nodes = nodes;
        UniqueSlots = uniqueSlots;
        Deferred = nodes.Any(n => n.Deferred);
        NeedsEnvelopeIds = nodes.Any(n => n.Source?.XsdType is "ID");
        Iban = IbanPlacement.Of(record, nodes);
    }

    public SchemaRepr Repr { get; }
    public SchemaLanguage Language => Repr.Language;
    /// <summary>What one record is an instance of.</summary>
    public PlanNode Record { get; }
    /// <summary>For an XSD root that wraps repeating records: the root, made once per file around them.</summary>
    public PlanNode? Envelope { get; }
    /// <summary>The repetition inside <see cref="Envelope"/> whose items are the records.</summary>
    public PlanNode? RecordArray { get; }
    public IReadOnlyList<PlanNode> Nodes { get; }

    /// <summary>What the references and recursion markers of the plan's repr nodes stand for: made when a record first asks,
    /// once for all the plan's engines (it only reads the tree, so a race builds the same index twice at worst).</summary>
    internal Func<SchemaNode, SchemaNode?> ContentOf => _contentOf ??= BranchOverlap.ContentOf(Repr, Nodes);
    private Func<SchemaNode, SchemaNode?>? _contentOf;
    internal int UniqueSlots { get; }
    /// <summary><c>params.max_depth</c>: how many object levels a record may nest (null: no level cut).</summary>
    public int? MaxDepth { get; }
    /// <summary>How many object levels a record may nest where optional content is still made: <see cref="MaxDepth"/>, or
    /// without it, for a plan with shared content whose full expansion would pass <see cref="PlanRecursion.ExpansionBudget"/>
    /// nodes, the deepest level at which it fits (so records stay the size of the schema's tree read with a depth cut).
    /// Null: no level cut.</summary>
    public int? DepthLimit { get; }
    /// <summary>How many back-edges (<see cref="PlanNodeKind.Recursion"/> nodes) one chain of a record may follow:
    /// <c>params.max_depth</c>, else <see cref="ReprRecursion.DefaultBound"/>, lowered where a recursion that branches at every
    /// level would expand past <see cref="PlanRecursion.ExpansionBudget"/> nodes.</summary>
    public int RecursionBound { get; }
    /// <summary>Whether the plan has back-edges or shared content at all (tokens named by another node than the one that made them).</summary>
    public bool HasRecursion { get; }
    internal bool Deferred { get; }
    internal bool NeedsEnvelopeIds { get; }
    /// <summary>Where IBANs may appear: which countries records are placed in, which choice branches a country without IBANs takes.</summary>
    internal IbanPlacement Iban { get; }

    /// <summary>A name for tables and files: the record's name.</summary>
    public string RecordName => Record.Name;

    /// <summary>
    /// Compiles <paramref name="repr"/> narrowed by <paramref name="rules"/>; throws <see cref="UnsatisfiableSchemaException"/> when no record can
    /// satisfy them.
    /// Default date windows end at <paramref name="referenceDate"/> (today, UTC, when null): a dataset stores the date it was made with, so
    /// regenerating it gives the same files.
    /// </summary>
    /// <param name="maxDepth">How many object levels a record may nest (<c>params.max_depth</c>): optional objects, arrays
    /// and choices deeper than that are not generated; required ones still are. It is also how often a recursion marker
    /// is followed on one chain while a record is made. Null: no level cut, and <see cref="ReprRecursion.DefaultBound"/>
    /// re-entries.</param>
    public static GenerationPlan Create(SchemaRepr repr, IReadOnlyList<ConstraintRule> rules, string? rootPath, int? maxDepth = null,
        DateOnly? referenceDate = null) =>
        new PlanCompiler(repr, rules, referenceDate ?? DateOnly.FromDateTime(DateTime.UtcNow), maxDepth).Compile(rootPath);
}
