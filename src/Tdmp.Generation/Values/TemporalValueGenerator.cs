using System.Globalization;
using Tdmp.Generation.Engine;

namespace Tdmp.Generation.Values;

/// <summary>Which calendar value a <see cref="TemporalValueGenerator"/> makes and on which scale it counts.</summary>
public enum TemporalKind { Date, DateTime, Time, GYear, GYearMonth, GMonthDay, GMonth, GDay, Duration }

/// <summary>
/// Dates, date-times, times, XSD g* types and durations, drawn as a count of days, seconds,
/// years or months between two bounds and written in ISO 8601 / XSD lexical form.
/// </summary>
public sealed class TemporalValueGenerator : ValueGenerator, IOrderedValueGenerator
{
    private readonly TemporalKind _kind;
    private readonly long _lo, _hi;
    // Limits values may reach when after/before leave no room in the usual window (the schema's or the rule's bounds).
    private readonly long _hardLo, _hardHi;
    private readonly ValueDistribution _distribution;
    private readonly bool _zone;

    /// <param name="zone">Writes a <c>Z</c> zone on date-times and times (JSON Schema formats demand one).</param>
    public TemporalValueGenerator(TemporalKind kind, long lo, long hi, ValueDistribution? distribution, bool zone, long? hardLo = null,
        long? hardHi = null)
    {
        if (lo > hi) throw new ArgumentException("The range holds no value.");
        _kind = kind;
        _lo = lo;
        _hi = hi;
        _hardLo = Math.Min(lo, hardLo ?? lo);
        _hardHi = Math.Max(hi, hardHi ?? hi);
        _distribution = distribution ?? ValueDistribution.Uniform;
        _zone = zone;
    }

    public TemporalKind Kind => _kind;
    /// <summary>Date-times and times carry a <c>Z</c> zone (SQL types them with a time zone).</summary>
    public bool HasZone => _zone;
    public override UInt128 UniqueDomain => (UInt128)(ulong)(_hi - _lo) + 1;

    public override void Generate(ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer) =>
        Write(buffer, _distribution.Draw(ref rng, _lo, _hi, UnitsPerDay, _lo));

    public override void GenerateUnique(UInt128 key, ref RecordRandom rng, GenerationScope scope, RecordBuffer buffer) =>
        Write(buffer, _lo + (long)(ulong)key);

    // A distribution's mean and spread on dates and date-times are days after the lower bound.
    private double UnitsPerDay => _kind switch
    {
        TemporalKind.DateTime => 86400,
        TemporalKind.Time => 3600,
        TemporalKind.Duration => 24,
        _ => 1,
    };

    public long Lo => _lo;
    public long Hi => _hi;

    public bool GenerateBetween(ref RecordRandom rng, RecordBuffer buffer, long? lowerExclusive, long? upperExclusive)
    {
        var lo = lowerExclusive is { } l ? Math.Max(_lo, l + 1) : _lo;
        var hi = upperExclusive is { } u ? Math.Min(_hi, u - 1) : _hi;
        if (lo > hi)
        {
            // The usual window leaves no room (a start at its very end): step past it, as far as the
            // window is wide, within the hard limits, so the order holds in every record.
            var width = _hi - _lo;
            lo = lowerExclusive is { } l2 ? Math.Max(_hardLo, l2 + 1) : Math.Max(_hardLo, (upperExclusive ?? _hi) - 1 - width);
            hi = upperExclusive is { } u2 ? Math.Min(_hardHi, u2 - 1) : Math.Min(_hardHi, (lowerExclusive ?? _lo) + 1 + width);
            if (lo > hi) return false;
        }
        Write(buffer, rng.NextLong(lo, hi));
        return true;
    }

    public bool TryParse(ReadOnlySpan<char> text, out long scaled) => TryParse(_kind, text, out scaled);

    /// <summary>Reads ISO text onto the scale of <paramref name="kind"/> (a date read as a date-time is its midnight).</summary>
    public static bool TryParse(TemporalKind kind, ReadOnlySpan<char> text, out long scaled)
    {
        scaled = 0;
        text = text.Trim();
        switch (kind)
        {
            case TemporalKind.Date:
                if (text.Length >= 10 && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None,
                    out var d))
                {
                    scaled = d.DayNumber;
                    return true;
                }
                return false;
            case TemporalKind.DateTime:
                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                    out var dt))
                {
                    scaled = dt.UtcTicks / TimeSpan.TicksPerSecond;
                    return true;
                }
                return false;
            case TemporalKind.Time:
                if (TimeOnly.TryParse(text.TrimEnd('Z'), CultureInfo.InvariantCulture, out var t))
                {
                    scaled = t.Ticks / TimeSpan.TicksPerSecond;
                    return true;
                }
                return false;
            case TemporalKind.GYear:
                return long.TryParse(text[..Math.Min(4, text.Length)], NumberStyles.None, CultureInfo.InvariantCulture, out scaled);
            case TemporalKind.GYearMonth:
                if (text.Length >= 7 && int.TryParse(text[..4], CultureInfo.InvariantCulture, out var y)
                    && int.TryParse(text[5..7], CultureInfo.InvariantCulture, out var m))
                {
                    scaled = y * 12L + (m - 1);
                    return true;
                }
                return false;
            default:
                return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out scaled);
        }
    }

    private void Write(RecordBuffer buffer, long v)
    {
        switch (_kind)
        {
            case TemporalKind.Date:
                WriteDate(buffer, v);
                break;
            case TemporalKind.DateTime:
                {
                    var day = FloorDiv(v, 86400);
                    WriteDate(buffer, day);
                    buffer.Append('T');
                    WriteTime(buffer, v - day * 86400);
                    if (_zone) buffer.Append('Z');
                    break;
                }
            case TemporalKind.Time:
                WriteTime(buffer, v);
                if (_zone) buffer.Append('Z');
                break;
            case TemporalKind.GYear:
                buffer.AppendPadded(v, 4);
                break;
            case TemporalKind.GYearMonth:
                buffer.AppendPadded(v / 12, 4);
                buffer.Append('-');
                buffer.AppendPadded(v % 12 + 1, 2);
                break;
            case TemporalKind.GMonthDay:
                {
                    // v is a day of a leap year (0..365), so 02-29 can appear as in XSD.
                    var date = new DateOnly(2000, 1, 1).AddDays((int)v);
                    buffer.Append("--");
                    buffer.AppendPadded(date.Month, 2);
                    buffer.Append('-');
                    buffer.AppendPadded(date.Day, 2);
                    break;
                }
            case TemporalKind.GMonth:
                buffer.Append("--");
                buffer.AppendPadded(v, 2);
                break;
            case TemporalKind.GDay:
                buffer.Append("---");
                buffer.AppendPadded(v, 2);
                break;
            case TemporalKind.Duration:
                {
                    // v is a number of hours: P{days}DT{hours}H.
                    buffer.Append('P');
                    buffer.AppendInteger(v / 24);
                    buffer.Append("DT");
                    buffer.AppendInteger(v % 24);
                    buffer.Append('H');
                    break;
                }
        }
    }

    private static void WriteDate(RecordBuffer buffer, long dayNumber)
    {
        DateOnly.FromDayNumber((int)dayNumber).Deconstruct(out var year, out var month, out var day);
        var span = buffer.Reserve(10);
        Digits(span, 0, year, 4);
        span[4] = '-';
        Digits(span, 5, month, 2);
        span[7] = '-';
        Digits(span, 8, day, 2);
        buffer.Commit(10);
    }

    private static void WriteTime(RecordBuffer buffer, long seconds)
    {
        var span = buffer.Reserve(8);
        Digits(span, 0, (int)(seconds / 3600), 2);
        span[2] = ':';
        Digits(span, 3, (int)(seconds / 60 % 60), 2);
        span[5] = ':';
        Digits(span, 6, (int)(seconds % 60), 2);
        buffer.Commit(8);
    }

    private static void Digits(Span<char> span, int at, int value, int width)
    {
        for (var i = at + width - 1; i >= at; i--)
        {
            span[i] = (char)('0' + value % 10);
            value /= 10;
        }
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    public static long DayNumber(int year, int month, int day) => new DateOnly(year, month, day).DayNumber;
    public static long Seconds(int year, int month, int day) => DayNumber(year, month, day) * 86400L;
}
