using System.Globalization;
using FastEndpoints;

namespace Tdmp.Features.Audit.ListAuditLogs;

public sealed class ListAuditLogsRequest : PageRequest
{
    /// <summary>Only this action, e.g. <c>project.created</c>.</summary>
    [QueryParam] public string? Action { get; init; }
    /// <summary>Only actions of this user.</summary>
    [QueryParam] public long? ActorId { get; init; }
    /// <summary>Only actions done with this tenant role: tester, manager, admin, superuser.</summary>
    [QueryParam] public string? Role { get; init; }
    /// <summary>Only actions concerning this project.</summary>
    [QueryParam] public long? ProjectId { get; init; }
    /// <summary>Superusers only: only this tenant.</summary>
    [QueryParam] public long? TenantId { get; init; }
    /// <summary>From this time on (inclusive): ISO 8601 date (<c>2026-01-06</c>, midnight UTC) or time (<c>2026-01-06T10:30:00Z</c>).</summary>
    [QueryParam] public string? StartDate { get; init; }
    /// <summary>Up to this time: a date includes that whole day (UTC); a time is exclusive.</summary>
    [QueryParam] public string? EndDate { get; init; }

    /// <summary>Reads a date or date-time; a time without offset is UTC. A date alone is that day's start,
    /// or with <paramref name="wholeDay"/> the next day's start, so that an end date includes its day.</summary>
    public static DateTime? ParseBound(string? text, bool wholeDay)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddDays(wholeDay ? 1 : 0);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.UtcDateTime
            : throw new FormatException("Not an ISO 8601 date or time.");
    }

    private static bool IsBound(string? text)
    {
        try { ParseBound(text, false); return true; }
        catch (FormatException) { return false; }
    }

    public sealed class Validator : Validator<ListAuditLogsRequest>
    {
        public Validator()
        {
            Include(new PageRequestRules());
            RuleFor(r => r.Action).MaximumLength(100);
            RuleFor(r => r.Role).Must(r => r is null || TenantRoles.TryParse(r, out _))
                .WithMessage("Role must be tester, manager, admin or superuser.");
            RuleFor(r => r.StartDate).Must(IsBound).WithMessage("Use an ISO 8601 date (2026-01-06) or time (2026-01-06T10:30:00Z).");
            RuleFor(r => r.EndDate).Must(IsBound).WithMessage("Use an ISO 8601 date (2026-01-06) or time (2026-01-06T10:30:00Z).");
            RuleFor(r => r).Must(r => !(ParseBound(r.StartDate, false) is { } start && ParseBound(r.EndDate, true) is { } end && end <= start))
                .When(r => IsBound(r.StartDate) && IsBound(r.EndDate))
                .OverridePropertyName("EndDate").WithMessage("end_date must be after start_date.");
        }
    }
}
