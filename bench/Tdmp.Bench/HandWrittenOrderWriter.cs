using System.Buffers;
using System.Text.Json;
using Tdmp.Generation.Engine;

namespace Tdmp.Bench;

/// <summary>
/// Baseline (a): records of order.schema.json's shape written with a plain Utf8JsonWriter loop and
/// no schema logic at all — the ceiling of JSON serialisation on this machine.
/// </summary>
public static class HandWrittenOrderWriter
{
    private static readonly string[] Statuses = ["pending", "paid", "shipped", "delivered", "cancelled", "refunded"];
    private static readonly string[] Names = ["James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda"];
    private static readonly string[] LastNames = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis"];
    private static readonly string[] Words = ["alpha", "river", "stone", "bright", "quiet", "garden", "silver", "market"];

    /// <summary>Writes <paramref name="count"/> records; returns the bytes written.</summary>
    public static long Run(long count, long seed)
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        long bytes = 0;
        Span<char> scratch = stackalloc char[64];
        for (long i = 0; i < count; i++)
        {
            var rng = new RecordRandom(seed, i);
            writer.WriteStartObject();
            writer.WriteNumber("order_id"u8, rng.NextLong(1, 1_000_000));
            scratch.TryWrite($"ORD-{rng.NextInt(1000, 9999)}-{(char)('A' + rng.NextInt(26))}{(char)('A' + rng.NextInt(26))}{(char)('A' + rng.NextInt(26))}{rng.NextInt(10000, 99999)}", out var w1); writer.WriteString("order_number"u8, scratch[..w1]);
            writer.WriteString("status"u8, Statuses[rng.NextInt(Statuses.Length)]);
            writer.WriteString("placed_at"u8, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(rng.NextLong(0, 200_000_000)));
            scratch.TryWrite($"{Words[rng.NextInt(Words.Length)]} {Words[rng.NextInt(Words.Length)]} {Words[rng.NextInt(Words.Length)]}", out var wn); writer.WriteString("notes"u8, scratch[..wn]);
            writer.WriteStartObject("customer"u8);
            writer.WriteString("customer_id"u8, new Guid((int)rng.NextUInt64(), (short)rng.NextUInt64(), 0x4000, 0x80, 1, 2, 3, 4, 5, 6, 7));
            var first = Names[rng.NextInt(Names.Length)];
            var last = LastNames[rng.NextInt(LastNames.Length)];
            scratch.TryWrite($"{first}.{last}@example.com", out var we); writer.WriteString("email"u8, scratch[..we]);
            writer.WriteString("first_name"u8, first);
            writer.WriteString("last_name"u8, last);
            scratch.TryWrite($"+1{rng.NextLong(2_000_000_000, 9_999_999_999)}", out var wp); writer.WriteString("phone"u8, scratch[..wp]);
            writer.WriteEndObject();
            writer.WriteStartArray("items"u8);
            var items = rng.NextInt(1, 4);
            for (var k = 0; k < items; k++)
            {
                writer.WriteStartObject();
                scratch.TryWrite($"{(char)('A' + rng.NextInt(26))}{(char)('A' + rng.NextInt(26))}-{rng.NextInt(100000, 999999)}", out var w2); writer.WriteString("sku"u8, scratch[..w2]);
                writer.WriteNumber("quantity"u8, rng.NextInt(1, 99));
                writer.WriteNumber("unit_price"u8, rng.NextInt(1, 500_000) / 100m);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartObject("payment"u8);
            writer.WriteString("method"u8, "card");
            scratch.TryWrite($"{rng.NextInt(0, 9999):D4}", out var w3); writer.WriteString("card_last4"u8, scratch[..w3]);
            writer.WriteString("card_brand"u8, "visa");
            writer.WriteEndObject();
            writer.WriteNumber("total"u8, rng.NextInt(1, 10_000_000) / 100m);
            writer.WriteString("currency"u8, "EUR");
            writer.WriteEndObject();
            writer.Flush();
            if (buffer.WrittenCount > (1 << 19))
            {
                bytes += buffer.WrittenCount;
                buffer.ResetWrittenCount();
                writer.Reset(buffer);
            }
        }
        writer.Flush();
        return bytes + buffer.WrittenCount;
    }
}
