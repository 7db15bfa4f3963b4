using FastEndpoints;

namespace Tdmp.Features.Integrations.ListDeliveries;

public sealed class ListDeliveriesRequest : PageRequest
{
    public long IntegrationId { get; init; }
    /// <summary>Only deliveries in this state: <c>pending</c>, <c>delivered</c> or <c>failed</c>.</summary>
    [QueryParam] public string? Status { get; init; }

    public sealed class Validator : Validator<ListDeliveriesRequest>
    {
        public Validator()
        {
            Include(new PageRequestRules());
            RuleFor(r => r.Status).Must(s => s is null or "pending" or "delivered" or "failed")
                .WithMessage("The status is pending, delivered or failed.");
        }
    }
}

/// <summary>One attempt of a delivery.</summary>
public sealed record DeliveryAttempt(int Attempt, int? StatusCode, int LatencyMs, string? Error, DateTime AttemptedAt);

/// <summary>One event delivered (or being delivered) to a webhook, with its attempts.</summary>
public sealed record DeliveryResponse
{
    public Guid DeliveryId { get; init; }
    public long EventId { get; init; }
    public string Event { get; init; } = "";
    /// <summary><c>pending</c>, <c>delivered</c> or <c>failed</c> (given up).</summary>
    public string Status { get; init; } = "";
    public int Attempts { get; init; }
    public DateTime? NextAttemptAt { get; init; }
    public int? LastStatusCode { get; init; }
    public string? LastError { get; init; }
    public DateTime OccurredAt { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? CompletedAt { get; init; }
    public IReadOnlyList<DeliveryAttempt> AttemptLog { get; init; } = [];

    public static DeliveryResponse Example => new()
    {
        DeliveryId = Guid.Parse("5d1c2f4e-8a7b-4c3d-9e0f-112233445566"), EventId = 812, Event = EventNames.DatasetCompleted,
        Status = "delivered", Attempts = 2, LastStatusCode = 200,
        OccurredAt = new DateTime(2026, 1, 6, 10, 30, 1, DateTimeKind.Utc), CreatedAt = new DateTime(2026, 1, 6, 10, 30, 2, DateTimeKind.Utc),
        CompletedAt = new DateTime(2026, 1, 6, 10, 30, 33, DateTimeKind.Utc),
        AttemptLog =
        [
            new DeliveryAttempt(1, 500, 41, "HTTP 500", new DateTime(2026, 1, 6, 10, 30, 2, DateTimeKind.Utc)),
            new DeliveryAttempt(2, 200, 35, null, new DateTime(2026, 1, 6, 10, 30, 33, DateTimeKind.Utc)),
        ],
    };
}
