using FastEndpoints;

namespace Tdmp.Features.Notifications.GetUnreadCount;

public sealed class GetUnreadCountEndpoint(IMediator mediator) : EndpointWithoutRequest<UnreadCountResponse>
{
    public override void Configure()
    {
        Get("/notifications/unread-count");
        Roles(TenantRoles.Everyone);
        Description(b => b.ProducesProblemDetails(401));
        Summary(s =>
        {
            s.Summary = "Count my unread notifications";
            s.Description = "The number of the caller's notifications not marked read yet, for a badge.";
            s.ResponseExamples[200] = new UnreadCountResponse(2);
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
        => await Send.OkAsync(await mediator.Send(new GetUnreadCountQuery(), ct), ct);
}
