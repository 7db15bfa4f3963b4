using Tdmp.Generation.Engine;

namespace Tdmp.Generation.Values;

/// <summary>The realistic value kinds a rule's <c>generator</c> (or a field's name and format) asks for.</summary>
public enum SemanticKind
{
    FirstName, LastName, FullName, Email, Phone, Street, City, PostalCode, CountryCode, Company, Iban, Uuid,
    Url, Ipv4, Ipv6, Sentence, Word, Title, Username, CurrencyCode, Hostname, VatId, Isbn, Ean, CardNumber,
}

/// <summary>Realistic values by meaning (names, addresses, emails, IBANs...), in English or German.</summary>
public sealed class SemanticValueGenerator(SemanticKind kind) : ValueGenerator
{
    /// <summary>The rule <c>generator</c> names this engine knows, with their kinds.</summary>
    public static readonly IReadOnlyDictionary<string, SemanticKind> Names = new Dictionary<string, SemanticKind>(StringComparer.OrdinalIgnoreCase)
    {
        ["first_name"] = SemanticKind.FirstName, ["last_name"] = SemanticKind.LastName, ["full_name"] = SemanticKind.FullName,
        ["name"] = SemanticKind.FullName, ["email"] = SemanticKind.Email, ["phone"] = SemanticKind.Phone,
        ["street"] = SemanticKind.Street, ["street_address"] = SemanticKind.Street, ["address"] = SemanticKind.Street,
        ["city"] = SemanticKind.City, ["postal_code"] = SemanticKind.PostalCode, ["zip"] = SemanticKind.PostalCode,
        ["country_code"] = SemanticKind.CountryCode, ["country"] = SemanticKind.CountryCode, ["company"] = SemanticKind.Company,
        ["iban"] = SemanticKind.Iban, ["uuid"] = SemanticKind.Uuid, ["url"] = SemanticKind.Url, ["uri"] = SemanticKind.Url,
        ["ipv4"] = SemanticKind.Ipv4, ["ipv6"] = SemanticKind.Ipv6, ["sentence"] = SemanticKind.Sentence,
        ["text"] = SemanticKind.Sentence, ["paragraph"] = SemanticKind.Sentence, ["word"] = SemanticKind.Word,
        ["title"] = SemanticKind.Title, ["username"] = SemanticKind.Username, ["currency_code"] = SemanticKind.CurrencyCode,
        ["currency"] = SemanticKind.CurrencyCode, ["hostname"] = SemanticKind.Hostname, ["domain"] = SemanticKind.Hostname,
        ["vat_id"] = SemanticKind.VatId, ["isbn"] = SemanticKind.Isbn, ["ean"] = SemanticKind.Ean, ["credit_card"] = SemanticKind.CardNumber,
    };

    public SemanticKind Kind => kind;

    private static string[] FirstNames(bool german) => german ? Pools.FirstNamesDe : Pools.FirstNamesEn;
    private static string[] LastNames(bool german) => german ? Pools.LastNamesDe : Pools.LastNamesEn;

    /// <summary>A given name; one in 40 is a double name of two (Anne-Sophie), so the pool holds thousands.</summary>
    private static void WriteFirstName(ref RecordRandom rng, RecordBuffer buffer, bool german)
    {
        var names = FirstNames(german);
        buffer.Append(names[rng.NextInt(names.Length)]);
        if (rng.NextInt(40) != 0) return;
        buffer.Append('-');
        buffer.Append(names[rng.NextInt(names.Length)]);
    }

    /// <summary>A family name; one in 25 is double-barrelled (Müller-Lüdenscheid).</summary>
    private static void WriteLastName(ref RecordRandom rng, RecordBuffer buffer, bool german)
    {
        var names = LastNames(german);
        buffer.Append(names[rng.NextInt(names.Length)]);
        if (rng.NextInt(25) != 0) return;
        buffer.Append('-');
        buffer.Append(names[rng.NextInt(names.Length)]);
    }
    private static string[] Words(bool german) => german ? WordLists.WordsDe : WordLists.WordsEn;

    public override UInt128 UniqueDomain => kind switch
    {
        SemanticKind.Uuid => (UInt128)1 << 60,
        SemanticKind.Email or SemanticKind.Username => UInt128.MaxValue,
        _ => 0,
    };

    public override void Generate(ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer)
    {
        var country = scope.Country;
        var german = country.German;
        switch (kind)
        {
            case SemanticKind.FirstName: WriteFirstName(ref rng, buffer, german); break;
            case SemanticKind.LastName: WriteLastName(ref rng, buffer, german); break;
            case SemanticKind.FullName:
                WriteFirstName(ref rng, buffer, german);
                buffer.Append(' ');
                WriteLastName(ref rng, buffer, german);
                break;
            case SemanticKind.Email: WriteEmail(ref rng, buffer, null, german); break;
            case SemanticKind.Username: WriteUsername(ref rng, buffer, null, german); break;
            case SemanticKind.Phone: Country.WriteFormat(ref rng, buffer, country.PhoneFormat); break;
            case SemanticKind.Street: WriteStreet(ref rng, buffer, german); break;
            case SemanticKind.City: buffer.Append(Pick(ref rng, country.Cities)); break;
            case SemanticKind.PostalCode: country.WritePostalCode(ref rng, buffer); break;
            case SemanticKind.CountryCode: buffer.Append(country.Code); break;
            case SemanticKind.CurrencyCode: buffer.Append(country.Currency); break;
            case SemanticKind.VatId: country.WriteVatId(ref rng, buffer); break;
            case SemanticKind.Isbn: WriteIsbn(ref rng, buffer); break;
            case SemanticKind.Ean: WriteEan(ref rng, buffer); break;
            case SemanticKind.CardNumber: WriteCardNumber(ref rng, buffer); break;
            case SemanticKind.Company:
                buffer.Append(Pick(ref rng, LastNames(german)));
                buffer.Append(' ');
                buffer.Append(Pick(ref rng, german ? WordLists.CompanySuffixesDe : WordLists.CompanySuffixesEn));
                break;
            case SemanticKind.Iban: WriteIban(ref rng, buffer, country.IbanBban is null ? Countries.IbanFallback(german) : country); break;
            case SemanticKind.Uuid: WriteUuid(ref rng, buffer, null); break;
            case SemanticKind.Url:
                buffer.Append("https://www.");
                buffer.Append(Pick(ref rng, WordLists.WordsEn));
                buffer.Append('.');
                buffer.Append(Pick(ref rng, WordLists.TopLevelDomains));
                buffer.Append('/');
                buffer.Append(Pick(ref rng, WordLists.WordsEn));
                break;
            case SemanticKind.Hostname:
                buffer.Append(Pick(ref rng, WordLists.WordsEn));
                buffer.Append(".example.");
                buffer.Append(Pick(ref rng, WordLists.TopLevelDomains));
                break;
            case SemanticKind.Ipv4:
                for (var i = 0; i < 4; i++)
                {
                    if (i > 0) buffer.Append('.');
                    buffer.AppendInteger(i == 0 ? rng.NextInt(1, 223) : rng.NextInt(0, 255));
                }
                break;
            case SemanticKind.Ipv6:
                buffer.Append("2001:db8");
                for (var i = 0; i < 6; i++)
                {
                    buffer.Append(':');
                    AppendHex(buffer, (ulong)rng.NextInt(0, 0xFFFF), 4);
                }
                break;
            case SemanticKind.Sentence: Sentences.Write(ref rng, buffer, german); break;
            case SemanticKind.Word: buffer.Append(Pick(ref rng, Words(german))); break;
            case SemanticKind.Title:
                {
                    var words = rng.NextInt(2, 4);
                    buffer.Append("The");
                    for (var i = 0; i < words; i++)
                    {
                        buffer.Append(' ');
                        buffer.Append(Pick(ref rng, WordLists.TitleWordsEn));
                    }
                    break;
                }
        }
    }

    public override void GenerateUnique(UInt128 key, ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer)
    {
        switch (kind)
        {
            case SemanticKind.Uuid: WriteUuid(ref rng, buffer, (ulong)key); break;
            case SemanticKind.Email: WriteEmail(ref rng, buffer, key, scope.Country.German); break;
            case SemanticKind.Username: WriteUsername(ref rng, buffer, key, scope.Country.German); break;
            default: Generate(ref rng, scope, buffer); break;
        }
    }

    private static string Pick(ref RecordRandom rng, string[] list) => list[rng.NextInt(list.Length)];

    private static void WriteEmail(ref RecordRandom rng, RecordBuffer buffer, UInt128? key, bool german)
    {
        if (key is { } unique)
        {
            var first = Pick(ref rng, FirstNames(german));
            EmailLocalPart.AppendUnique(buffer, first, Pick(ref rng, LastNames(german)), unique);
            return;
        }
        EmailLocalPart.Append(buffer, Pick(ref rng, FirstNames(german)));
        buffer.Append('.');
        EmailLocalPart.Append(buffer, Pick(ref rng, LastNames(german)));
        if (key is { } k)
        {
            buffer.Append('.');
            buffer.AppendBase36(k);
        }
        else if (rng.Chance(0.3)) buffer.AppendInteger(rng.NextInt(1, 99));
        buffer.Append('@');
        buffer.Append(Pick(ref rng, WordLists.EmailDomains));
    }

    private static void WriteUsername(ref RecordRandom rng, RecordBuffer buffer, UInt128? key, bool german)
    {
        EmailLocalPart.Append(buffer, Pick(ref rng, FirstNames(german)));
        buffer.Append('_');
        if (key is { } k) buffer.AppendBase36(k);
        else buffer.AppendInteger(rng.NextInt(1, 9999));
    }

    private static void WritePhone(ref RecordRandom rng, RecordBuffer buffer, bool german)
    {
        if (german)
        {
            buffer.Append("+49");
            buffer.AppendInteger(rng.NextInt(151, 179));
            buffer.AppendPadded(rng.NextInt(0, 9_999_999), 7);
        }
        else
        {
            buffer.Append("+1");
            buffer.AppendInteger(rng.NextInt(201, 989));
            buffer.AppendInteger(rng.NextInt(200, 999));
            buffer.AppendPadded(rng.NextInt(0, 9999), 4);
        }
    }

    private static void WriteStreet(ref RecordRandom rng, RecordBuffer buffer, bool german)
    {
        var number = rng.NextInt(1, 250);
        if (german)
        {
            buffer.Append(Pick(ref rng, WordLists.StreetNamesDe));
            buffer.Append(Pick(ref rng, WordLists.StreetTypesDe));
            buffer.Append(' ');
            buffer.AppendInteger(number);
        }
        else
        {
            buffer.AppendInteger(number);
            buffer.Append(' ');
            buffer.Append(Pick(ref rng, WordLists.StreetNamesEn));
            buffer.Append(' ');
            buffer.Append(Pick(ref rng, WordLists.StreetTypesEn));
        }
    }

    /// <summary>An IBAN of <paramref name="country"/> (DE 22, AT 20, CH 21, GB and IE 22 characters) with correct ISO 13616 check digits.</summary>
    private static void WriteIban(ref RecordRandom rng, RecordBuffer buffer, Country country)
    {
        var format = country.IbanBban!;
        Span<char> bban = stackalloc char[format.Length];
        for (var i = 0; i < format.Length; i++)
            bban[i] = format[i] == 'A' ? (char)('A' + rng.NextInt(26)) : (char)('0' + rng.NextInt(10));
        // Move country + "00" behind the BBAN, letters become 10..35, check = 98 - (n mod 97).
        var remainder = 0;
        foreach (var c in bban) remainder = Mod97(remainder, c);
        foreach (var c in country.Code) remainder = Mod97(remainder, c);
        remainder = Mod97(Mod97(remainder, '0'), '0');
        buffer.Append(country.Code);
        buffer.AppendPadded(98 - remainder, 2);
        buffer.Append(bban);
    }

    /// <summary>An ISBN-13 in hyphenated groups (978-3-1614-8410-0) with its check digit.</summary>
    private static void WriteIsbn(ref RecordRandom rng, RecordBuffer buffer)
    {
        Span<int> d = stackalloc int[13];
        d[0] = 9; d[1] = 7; d[2] = rng.Chance(0.8) ? 8 : 9;
        for (var i = 3; i < 12; i++) d[i] = rng.NextInt(10);
        d[12] = Ean13Check(d);
        for (var i = 0; i < 13; i++)
        {
            if (i is 3 or 4 or 8 or 12) buffer.Append('-');
            buffer.Append((char)('0' + d[i]));
        }
    }

    /// <summary>An EAN-13 (GTIN) with its check digit.</summary>
    private static void WriteEan(ref RecordRandom rng, RecordBuffer buffer)
    {
        Span<int> d = stackalloc int[13];
        d[0] = 4; // a German GS1 prefix (400-440), as good as any
        d[1] = rng.NextInt(5);
        for (var i = 2; i < 12; i++) d[i] = rng.NextInt(10);
        d[12] = Ean13Check(d);
        foreach (var x in d) buffer.Append((char)('0' + x));
    }

    public static int Ean13Check(ReadOnlySpan<int> first12)
    {
        var sum = 0;
        for (var i = 0; i < 12; i++) sum += first12[i] * (i % 2 == 0 ? 1 : 3);
        return (10 - sum % 10) % 10;
    }

    /// <summary>A 16-digit card number in a test range (Visa 4…, Mastercard 51–55…) that passes the Luhn check.</summary>
    private static void WriteCardNumber(ref RecordRandom rng, RecordBuffer buffer)
    {
        Span<int> d = stackalloc int[16];
        if (rng.Chance(0.5)) d[0] = 4;
        else { d[0] = 5; d[1] = rng.NextInt(1, 5); }
        for (var i = d[0] == 4 ? 1 : 2; i < 15; i++) d[i] = rng.NextInt(10);
        d[15] = LuhnCheck(d[..15]);
        foreach (var x in d) buffer.Append((char)('0' + x));
    }

    public static int LuhnCheck(ReadOnlySpan<int> payload)
    {
        var sum = 0;
        for (var i = 0; i < payload.Length; i++)
        {
            // Doubling starts at the digit next to the check digit.
            var v = payload[payload.Length - 1 - i];
            if (i % 2 == 0) { v *= 2; if (v > 9) v -= 9; }
            sum += v;
        }
        return (10 - sum % 10) % 10;
    }

    private static int Mod97(int remainder, char c) =>
        c is >= '0' and <= '9' ? (remainder * 10 + (c - '0')) % 97 : (remainder * 100 + (c - 'A' + 10)) % 97;

    private static void WriteUuid(ref RecordRandom rng, RecordBuffer buffer, ulong? key)
    {
        var hi = rng.NextUInt64();
        // Version 4 and the RFC 4122 variant; a unique key fills the 60 low bits of the last two groups.
        var lo = key is { } k ? k & 0x0FFFFFFFFFFFFFFFUL : rng.NextUInt64() & 0x3FFFFFFFFFFFFFFFUL;
        var guid = new Guid((uint)(hi >> 32), (ushort)(hi >> 16), (ushort)(0x4000 | (hi & 0x0FFF)),
            (byte)(0x80 | (lo >> 56 & 0x3F)), (byte)(lo >> 48), (byte)(lo >> 40), (byte)(lo >> 32), (byte)(lo >> 24), (byte)(lo >> 16),
                (byte)(lo >> 8), (byte)lo);
        var span = buffer.Reserve(36);
        guid.TryFormat(span, out var written);
        buffer.Commit(written);
    }

    private static void AppendHex(RecordBuffer buffer, ulong value, int digits)
    {
        var span = buffer.Reserve(digits);
        for (var i = digits - 1; i >= 0; i--)
        {
            span[i] = "0123456789abcdef"[(int)(value & 0xF)];
            value >>= 4;
        }
        buffer.Commit(digits);
    }
}
