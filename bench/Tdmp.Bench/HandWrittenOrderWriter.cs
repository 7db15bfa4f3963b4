using System.Buffers;
using System.Text.Json;
using Tdmp.Generation.Engine;

namespace Tdmp.Bench;

/// <summary>
/// Baseline (a): records of order.schema.json's shape — the same properties, optional ones present
/// as often as the engine makes them, similar lengths — written with a plain Utf8JsonWriter loop and
/// no schema logic at all: the ceiling of JSON serialisation on this machine.
/// </summary>
public static class HandWrittenOrderWriter
{
    private static readonly string[] Statuses = ["pending", "paid", "shipped", "delivered", "cancelled", "refunded"];
    private static readonly string[] Channels = ["web", "mobile", "store", "phone"];
    private static readonly string[] Tiers = ["none", "silver", "gold", "platinum"];
    private static readonly string[] Brands = ["visa", "mastercard", "amex"];
    private static readonly string[] Names = ["James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda"];
    private static readonly string[] LastNames = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis"];
    private static readonly string[] Cities = ["Chicago", "Boston", "Seattle", "London", "Dublin", "Toronto"];
    private static readonly string[] Words = ["alpha", "river", "stone", "bright", "quiet", "garden", "silver", "market", "window", "summer"];

    /// <summary>Writes <paramref name="count"/> records as one JSON array; returns the bytes written.</summary>
    public static long Run(long count, long seed)
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        long bytes = 0;
        Span<char> s = stackalloc char[128];
        writer.WriteStartArray();
        for (long i = 0; i < count; i++)
        {
            var rng = new RecordRandom(seed, i);
            writer.WriteStartObject();
            writer.WriteNumber("order_id"u8, rng.NextLong(1, 1_000_000));
            s.TryWrite($"ORD-{rng.NextInt(1000, 9999)}-{L(ref rng)}{L(ref rng)}{L(ref rng)}{rng.NextInt(10000, 99999)}", out var n);
            writer.WriteString("order_number"u8, s[..n]);
            writer.WriteString("status"u8, Statuses[rng.NextInt(Statuses.Length)]);
            writer.WriteString("placed_at"u8, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(rng.NextLong(0, 200_000_000)));
            if (rng.Chance(0.8)) { s.TryWrite($"{DateOnly.FromDayNumber(737000 + rng.NextInt(3000)):yyyy-MM-dd}",
                out var d); writer.WriteString("delivery_date"u8, s[..d]); }
            if (rng.Chance(0.8)) writer.WriteString("channel"u8, Channels[rng.NextInt(Channels.Length)]);
            if (rng.Chance(0.8)) writer.WriteBoolean("gift"u8, rng.Chance(0.5));
            if (rng.Chance(0.8)) writer.WriteString("notes"u8, Sentence(s, ref rng, 6));
            writer.WriteStartObject("customer"u8);
            writer.WriteString("customer_id"u8, new Guid((int)rng.NextUInt64(), (short)rng.NextUInt64(), 0x4000, 0x80, 1, 2, 3, 4, 5, 6, 7));
            var first = Names[rng.NextInt(Names.Length)];
            var last = LastNames[rng.NextInt(LastNames.Length)];
            s.TryWrite($"{first}.{last}{rng.NextInt(1, 99)}@example.com", out n);
            writer.WriteString("email"u8, s[..n]);
            writer.WriteString("first_name"u8, first);
            writer.WriteString("last_name"u8, last);
            if (rng.Chance(0.8)) { s.TryWrite($"+1{rng.NextLong(2_000_000_000, 9_999_999_999)}", out n); writer.WriteString("phone"u8, s[..n]); }
            if (rng.Chance(0.8)) { s.TryWrite($"{DateOnly.FromDayNumber(712000 + rng.NextInt(20000)):yyyy-MM-dd}",
                out var d); writer.WriteString("birth_date"u8, s[..d]); }
            if (rng.Chance(0.8)) writer.WriteString("loyalty_tier"u8, Tiers[rng.NextInt(Tiers.Length)]);
            writer.WriteEndObject();
            if (rng.Chance(0.8))
            {
                writer.WriteStartObject("shipping_address"u8);
                s.TryWrite($"{rng.NextInt(1, 250)} {Words[rng.NextInt(Words.Length)]} Road", out n);
                writer.WriteString("line1"u8, s[..n]);
                if (rng.Chance(0.8)) writer.WriteString("line2"u8, Sentence(s, ref rng, 2));
                writer.WriteString("city"u8, Cities[rng.NextInt(Cities.Length)]);
                s.TryWrite($"{rng.NextInt(10000, 99999)}", out n);
                writer.WriteString("postal_code"u8, s[..n]);
                writer.WriteString("country"u8, "US");
                writer.WriteEndObject();
            }
            writer.WriteStartArray("items"u8);
            var items = rng.NextInt(1, 4);
            for (var k = 0; k < items; k++)
            {
                writer.WriteStartObject();
                s.TryWrite($"{L(ref rng)}{L(ref rng)}-{rng.NextInt(100000, 999999)}", out n);
                writer.WriteString("sku"u8, s[..n]);
                if (rng.Chance(0.8)) writer.WriteString("description"u8, Sentence(s, ref rng, 6));
                writer.WriteNumber("quantity"u8, rng.NextInt(1, 99));
                writer.WriteNumber("unit_price"u8, rng.NextInt(1, 500_000) / 100m);
                if (rng.Chance(0.8)) writer.WriteNumber("discount_pct"u8, rng.NextInt(0, 10) * 5);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartObject("payment"u8);
            writer.WriteString("method"u8, "card");
            s.TryWrite($"{rng.NextInt(0, 9999):D4}", out n);
            writer.WriteString("card_last4"u8, s[..n]);
            writer.WriteString("card_brand"u8, Brands[rng.NextInt(Brands.Length)]);
            writer.WriteEndObject();
            writer.WriteNumber("total"u8, rng.NextInt(1, 100_000) / 100m);
            if (rng.Chance(0.8)) writer.WriteString("currency"u8, "EUR");
            if (rng.Chance(0.8))
            {
                writer.WriteStartArray("tags"u8);
                var tags = rng.NextInt(0, 3);
                for (var k = 0; k < tags; k++) writer.WriteStringValue(Words[rng.NextInt(Words.Length)]);
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
            if (writer.BytesPending > (1 << 19))
            {
                writer.Flush();
                bytes += buffer.WrittenCount;
                buffer.ResetWrittenCount();
                writer.Reset(buffer);
            }
        }
        writer.WriteEndArray();
        writer.Flush();
        return bytes + buffer.WrittenCount;
    }

    private static char L(ref RecordRandom rng) => (char)('A' + rng.NextInt(26));

    private static ReadOnlySpan<char> Sentence(Span<char> s, ref RecordRandom rng, int words)
    {
        var n = 0;
        for (var w = 0; w < words; w++)
        {
            if (w > 0) s[n++] = ' ';
            var word = Words[rng.NextInt(Words.Length)];
            word.CopyTo(s[n..]);
            n += word.Length;
        }
        return s[..n];
    }
}
