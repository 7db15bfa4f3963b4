using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tdmp.Features.Common;

/// <summary>
/// Every timestamp the API writes is RFC 3339 UTC in whole seconds (<c>2026-01-06T10:30:00Z</c>): the form the overview
/// shows and that <c>jq fromdateiso8601</c> and Python's <c>fromisoformat</c> read. PostgreSQL keeps microseconds;
/// the wire drops them. Reading accepts any ISO 8601 date-time.
/// </summary>
public static class UtcSecondsJson
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public static string Write(DateTime value)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);
        return utc.ToString(Format, CultureInfo.InvariantCulture);
    }

    public static void AddTo(JsonSerializerOptions options)
    {
        options.Converters.Add(new DateTimeConverter());
        options.Converters.Add(new DateTimeOffsetConverter());
    }

    private sealed class DateTimeConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            => reader.GetDateTimeOffset().UtcDateTime;

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options)
            => writer.WriteStringValue(UtcSecondsJson.Write(value));
    }

    private sealed class DateTimeOffsetConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            => reader.GetDateTimeOffset().ToUniversalTime();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
            => writer.WriteStringValue(UtcSecondsJson.Write(value.UtcDateTime));
    }
}
