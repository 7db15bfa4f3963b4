using Tdmp.Generation.Engine;

namespace Tdmp.Generation.Values;

/// <summary>
/// Makes one kind of scalar value by appending its text to the record buffer. Generators are
/// built once per plan, are immutable, and are shared by every worker thread.
/// </summary>
public abstract class ValueGenerator
{
    /// <summary>How the value is written in JSON.</summary>
    public virtual ValueJsonType JsonType => ValueJsonType.String;

    public abstract void Generate(ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer);

    /// <summary>How many distinct values <see cref="GenerateUnique"/> can make; 0 when it cannot.</summary>
    public virtual UInt128 UniqueDomain => 0;

    /// <summary>The value number <paramref name="key"/> (&lt; <see cref="UniqueDomain"/>): distinct keys give distinct values.</summary>
    public virtual void GenerateUnique(UInt128 key, ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer) =>
        throw new NotSupportedException($"{GetType().Name} cannot make unique values.");

    /// <summary>The shortest and longest text this generator makes, for plan-time checks.</summary>
    public virtual (int Min, int Max) LengthRange => (0, int.MaxValue);
}

/// <summary>A generator whose values are ordered on a long scale (numbers, dates), so <c>after</c>/<c>before</c> can narrow it per record.</summary>
public interface IOrderedValueGenerator
{
    /// <summary>Reads a value of another field onto this generator's scale.</summary>
    bool TryParse(ReadOnlySpan<char> text, out long scaled);

    /// <summary>Makes a value strictly above <paramref name="lowerExclusive"/> and strictly below <paramref name="upperExclusive"/> where given,
    /// within the generator's own bounds; false when that range is empty.</summary>
    bool GenerateBetween(ref RecordRandom rng, RecordBuffer buffer, long? lowerExclusive, long? upperExclusive);
}

/// <summary>The per-worker state a record is made in: which record, which file, and the file's shared values.</summary>
public sealed class GenerationScope
{
    public GenerationScope(GenerationPlan plan, long seed)
    {
        Plan = plan;
        Seed = seed;
    }

    public GenerationPlan Plan { get; }
    public long Seed { get; }
    public RecordBuffer Buffer { get; } = new();
    public long RecordIndex { get; set; }
    /// <summary>How many records the dataset holds (references pick another record among them).</summary>
    public long RecordCount { get; set; }
    public int FileIndex { get; set; }
    /// <summary>The first record index of the current file (references to other records stay inside the file).</summary>
    public long FileFirstRecord { get; set; }
    /// <summary>How many records the current file holds (what a reference from the envelope may pick among).</summary>
    public long FileRecordCount { get; set; }
    /// <summary>Set by an XSD keyref that found no key value it may take (<see cref="Engine.KeyrefScope"/>): the engine
    /// then leaves the field or its element out, or draws the record again.</summary>
    public bool ReferenceMissing { get; set; }
    /// <summary>Values made once per file around the records (XSD root content, e.g. the authors IDREFs point to).</summary>
    public FileEnvelope? Envelope { get; set; }
    /// <summary>Counts XML IDs made in this record, so each gets its own name.</summary>
    public int IdOrdinal { get; set; }
    /// <summary>The token a deferred value is being made for (templates look for fields near it).</summary>
    public int CurrentToken { get; set; }
    /// <summary>What the first field of each multi-field keyref took, by its token (read by the other fields of the tuple).</summary>
    public Dictionary<int, ReferenceChoice> ReferenceChoices { get; } = [];
    /// <summary>Scratch for a keyref's candidate key tokens (<see cref="KeyrefScope.Pick"/>), kept to avoid a list a field.</summary>
    internal List<int> Candidates { get; } = [];
    /// <summary>The 1-based position of the array item being made (0 outside arrays).</summary>
    public int ItemPosition { get; set; }
    /// <summary>True while the file envelope (not a record) is made.</summary>
    public bool InEnvelope { get; set; }
    /// <summary>German word lists and formats instead of English (options' locale <c>de</c>).</summary>
    public bool German { get; set; }
    /// <summary>The country every field of the current record agrees on (city, postal code, phone, IBAN, VAT, currency, names).</summary>
    public Country Country { get; set; } = Countries.All.First();
    /// <summary>The run's permutations of unique keys, by <see cref="NodeBehavior.UniqueSlot"/>.</summary>
    public IndexPermutation?[] Permutations { get; set; } = [];
}
