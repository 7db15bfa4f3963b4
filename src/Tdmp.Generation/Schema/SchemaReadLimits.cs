namespace Tdmp.Generation.Schema;

/// <summary>Bounds on what an upload may cost to read, so a hostile or runaway schema fails fast instead of hanging.</summary>
public sealed record SchemaReadLimits
{
    public static SchemaReadLimits Default { get; } = new();

    /// <summary>Size of the upload; for a zip also the total size of the files it holds. Whole published standards fit
    /// (NeTEx: 396 files, 6.5 MB, read in 5 s and about 250 MB); the files' element count and depth are bounded besides.</summary>
    public long MaxBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Nesting of the uploaded document (XML elements, JSON values) and of the repr tree.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>XML elements or JSON values in the upload.</summary>
    public int MaxElements { get; init; } = 100_000;

    /// <summary>Nodes in the repr (every field, attribute, group and choice alternative).</summary>
    public int MaxNodes { get; init; } = 20_000;

    /// <summary>How often one XSD type may nest inside itself through different elements (a JSON <c>$ref</c> target with
    /// different sibling keywords) before the tree is cut; the same element or schema re-entered is a recursion marker.</summary>
    public int MaxRecursion { get; init; } = 3;

    /// <summary>Files in a zip upload (NeTEx has 396, split by version and part).</summary>
    public int MaxFiles { get; init; } = 1000;

    /// <summary>Longest a single regex match may run; patterns that hit it when probed are refused as catastrophic.</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromMilliseconds(200);
}
