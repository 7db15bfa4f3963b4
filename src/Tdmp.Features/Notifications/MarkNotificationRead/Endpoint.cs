using FastEndpoints;

namespace Tdmp.Features.Notifications.MarkNotificationRead;

public sealed class MarkNotificationReadEndpoint(IMediator mediator) : Endpoint<MarkNotificationReadRequest, NotificationResponse>
{
    public override void Configure()
    {
        Post("/notifications/{notification_id}/read");
        Roles(TenantRoles.Everyone);
        Description(b => b.ClearDefaultAccepts().ProducesProblemDetails(401).ProducesProblemDetails(404).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Mark a notification read";
            s.Description = """
                Marks one of the caller's own notifications read and returns it; no body is needed. Marking it again keeps the
                first `read_at`. Another user's notification is `404`. Audited as `notification.read`.
                """;
            s.ResponseExamples[200] = NotificationResponse.Example with { ReadAt = new DateTime(2026, 1, 6, 11, 0, 0, DateTimeKind.Utc) };
            s.Responses[404] = "No such notification among the caller's own.";
            s.Responses[422] = "The notification id is not a positive integer.";
        });
    }

    public override async Task HandleAsync(MarkNotificationReadRequest req, CancellationToken ct)
        => await Send.OkAsync(await mediator.Send(req, ct), ct);
}
