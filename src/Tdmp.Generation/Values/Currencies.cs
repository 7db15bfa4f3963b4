using Tdmp.Generation.Engine;

namespace Tdmp.Generation.Values;

/// <summary>ISO 4217 minor units: how many decimals an amount in a currency has (JPY none, KWD three).</summary>
public static class Currencies
{
    private static readonly Dictionary<string, int> NotTwo = new(StringComparer.Ordinal)
    {
        // No minor unit in use.
        ["BIF"] = 0, ["CLP"] = 0, ["DJF"] = 0, ["GNF"] = 0, ["ISK"] = 0, ["JPY"] = 0, ["KMF"] = 0, ["KRW"] = 0,
        ["PYG"] = 0, ["RWF"] = 0, ["UGX"] = 0, ["UYI"] = 0, ["VND"] = 0, ["VUV"] = 0, ["XAF"] = 0, ["XOF"] = 0, ["XPF"] = 0,
        // Thousandths.
        ["BHD"] = 3, ["IQD"] = 3, ["JOD"] = 3, ["KWD"] = 3, ["LYD"] = 3, ["OMR"] = 3, ["TND"] = 3,
    };

    /// <summary>The decimals of <paramref name="code"/>; 2 for any code not listed (most currencies).</summary>
    public static int MinorUnits(string code) => NotTwo.TryGetValue(code, out var units) ? units : 2;
}

/// <summary>
/// The currency every amount of one record is in: one code per record from a schema's currency list (the record
/// country's currency when the list holds it), or the country's currency when the record's currency field is free.
/// Computed from the seed, the record index and the country alone, so an amount knows it wherever it sits in the
/// record, before or after the currency field.
/// </summary>
public sealed class RecordCurrency(string[]? codes)
{
    private static readonly ulong CurrencyStream = RecordRandom.PathHash("#currency");
    private readonly int[]? _minorUnits = codes?.Select(Currencies.MinorUnits).ToArray();

    public string[]? Codes => codes;

    /// <summary>The index into <see cref="Codes"/> of the current record's currency.</summary>
    private int Pick(GenerationScope scope)
    {
        var own = scope.Country.Currency;
        for (var i = 0; i < codes!.Length; i++)
            if (codes[i] == own) return i;
        var record = RecordRandom.ForField(RecordRandom.FieldKey(scope.Seed, CurrencyStream), scope.InEnvelope ? -1 - scope.FileIndex
            : scope.RecordIndex, 0);
        return record.NextInt(codes.Length);
    }

    public string CodeOf(GenerationScope scope) => codes is null ? scope.Country.Currency : codes[Pick(scope)];

    public int MinorUnitsOf(GenerationScope scope) => codes is null ? scope.Country.MinorUnits : _minorUnits![Pick(scope)];
}
