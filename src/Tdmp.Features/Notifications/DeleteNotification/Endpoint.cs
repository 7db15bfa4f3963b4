using FastEndpoints;

namespace Tdmp.Features.Notifications.DeleteNotification;

public sealed class DeleteNotificationEndpoint(IMediator mediator) : Endpoint<DeleteNotificationRequest>
{
    public override void Configure()
    {
        Delete("/notifications/{notification_id}");
        Roles(TenantRoles.Everyone);
        Description(b => b.ClearDefaultAccepts().Produces(204).ProducesProblemDetails(401).ProducesProblemDetails(404).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Delete a notification";
            s.Description = "Deletes one of the caller's own notifications: `204`. Another user's notification is `404`. "
                + "Audited as `notification.deleted`.";
            s.Responses[204] = "The notification was deleted.";
            s.Responses[404] = "No such notification among the caller's own.";
            s.Responses[422] = "The notification id is not a positive integer.";
        });
    }

    public override async Task HandleAsync(DeleteNotificationRequest req, CancellationToken ct)
    {
        await mediator.Send(req, ct);
        await Send.NoContentAsync(ct);
    }
}
