using Tdmp.Generation.Engine;

namespace Tdmp.Generation.Values;

/// <summary>
/// A country the fields of one record agree on: its cities, postal code format, phone calling code, IBAN,
/// VAT prefix, currency and the language of its names. Formats use <c>#</c> for a digit, <c>N</c> for 2–9,
/// <c>A</c> for a capital letter; anything else is written as it is.
/// </summary>
public sealed record Country(
    string Code, bool German, string Currency, int MinorUnits, string[] PostalFormats, string PhoneFormat, string? IbanBban, string VatFormat)
    // VatFormat: what follows the country code in a VAT id.
{
    public string[] Cities => Pools.Cities[Code];

    public static void WriteFormat(ref RecordRandom rng, RecordBuffer buffer, string format)
    {
        foreach (var c in format)
        {
            buffer.Append(c switch
            {
                '#' => (char)('0' + rng.NextInt(10)),
                'N' => (char)('2' + rng.NextInt(8)),
                'A' => (char)('A' + rng.NextInt(26)),
                _ => c,
            });
        }
    }

    /// <summary>The VAT id: the country code, then <see cref="VatFormat"/> (ATU12345678, CHE123456789, IE1234567A).</summary>
    public void WriteVatId(ref RecordRandom rng, RecordBuffer buffer)
    {
        buffer.Append(Code);
        WriteFormat(ref rng, buffer, VatFormat);
    }

    public void WritePostalCode(ref RecordRandom rng, RecordBuffer buffer) =>
        WriteFormat(ref rng, buffer, PostalFormats.Length == 1 ? PostalFormats[0] : PostalFormats[rng.NextInt(PostalFormats.Length)]);
}

/// <summary>The countries records are placed in, per locale, with how often each is chosen.</summary>
public static class Countries
{
    private static readonly Country Us = new("US", false, "USD", 2, ["#####"], "+1N##N######", null, "#########");
    private static readonly Country Gb = new("GB", false, "GBP", 2, ["A# #AA", "A## #AA", "AA# #AA", "AA## #AA"], "+447#########",
        "AAAA##############", "#########");
    private static readonly Country Ie = new("IE", false, "EUR", 2, ["A## A#A#", "A## AA##"], "+3538########", "AAAA##############", "#######A");
    private static readonly Country Ca = new("CA", false, "CAD", 2, ["A#A #A#"], "+1N##N######", null, "#########");
    private static readonly Country Au = new("AU", false, "AUD", 2, ["N###"], "+614########", null, "###########");
    private static readonly Country Nz = new("NZ", false, "NZD", 2, ["####"], "+642########", null, "#########");
    private static readonly Country De = new("DE", true, "EUR", 2, ["N####", "0N###"], "+4917########", "##################", "#########");
    private static readonly Country At = new("AT", true, "EUR", 2, ["N###"], "+43664#######", "################", "U########");
    private static readonly Country Ch = new("CH", true, "CHF", 2, ["N###"], "+4179#######", "#################", "E#########");
    // English-speaking records in Japan: amounts in whole yen (a currency without minor units). The VAT id is the
    // 13-digit qualified invoice issuer number after "T".
    private static readonly Country Jp = new("JP", false, "JPY", 0, ["###-####"], "+81N0########", null, "T#############");

    /// <summary>
    /// Where a country has no IBAN (US, CA, AU, NZ, JP) and an IBAN is written anyway (a schema that requires one in a
    /// record that could not avoid it), an account of the locale's IBAN country.
    /// </summary>
    public static Country IbanFallback(bool german) => german ? De : Gb;

    private static readonly (Country Country, int Weight)[] English = [(Us, 38), (Gb, 25), (Ca, 12), (Au, 10), (Ie, 8), (Nz, 4), (Jp, 3)];
    private static readonly (Country Country, int Weight)[] GermanSpeaking = [(De, 75), (At, 13), (Ch, 12)];
    private static readonly (Country Country, int Weight)[] EnglishWithIban = [.. English.Where(c => c.Country.IbanBban is not null)];
    private static readonly (Country Country, int Weight)[] GermanSpeakingWithIban = [.. GermanSpeaking.Where(c => c.Country.IbanBban is not null)];

    public static IEnumerable<Country> All => English.Concat(GermanSpeaking).Select(c => c.Country);

    /// <param name="withIban">Only countries that have IBANs (records that always carry one), with the same relative weights.</param>
    public static Country Pick(ref RecordRandom rng, bool german, bool withIban = false)
    {
        var list = (german, withIban) switch
        {
            (true, false) => GermanSpeaking,
            (true, true) => GermanSpeakingWithIban,
            (false, false) => English,
            _ => EnglishWithIban,
        };
        var total = 0;
        foreach (var (_, weight) in list) total += weight;
        var roll = rng.NextInt(total);
        foreach (var (country, weight) in list)
        {
            if (roll < weight) return country;
            roll -= weight;
        }
        return list[0].Country;
    }
}
