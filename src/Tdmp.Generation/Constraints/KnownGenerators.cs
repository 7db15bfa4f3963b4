namespace Tdmp.Generation.Constraints;

/// <summary>The semantic generator names a rule's <c>generator</c> may use; the engine implements exactly these.</summary>
public static class KnownGenerators
{
    public static IReadOnlyList<string> All { get; } =
    [
        "first_name", "last_name", "full_name", "email", "phone", "street", "city", "postal_code", "country_code",
        "country", "company", "iban", "uuid", "url", "ipv4", "ipv6", "sentence", "word", "username", "currency_code",
        "vat_id", "isbn", "ean", "credit_card",
    ];

    public static bool Contains(string name) => All.Contains(name, StringComparer.Ordinal);
}
