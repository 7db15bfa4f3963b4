using FastEndpoints;

namespace Tdmp.Features.Notifications.ListNotifications;

public sealed class ListNotificationsEndpoint(IMediator mediator) : Endpoint<ListNotificationsRequest, IReadOnlyList<NotificationResponse>>
{
    public override void Configure()
    {
        Get("/notifications");
        Roles(TenantRoles.Everyone);
        Description(b => b.ProducesProblemDetails(401).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "List my notifications";
            s.Description = """
                The caller's own notifications, newest first: dataset completed or failed, export done or failed, added to a
                project, role changed (as chosen with `POST /settings/notifications`). `unread_only=true` leaves out those
                marked read. Paged with `limit`/`offset`, `X-Total-Count` and `Link`.
                """;
            s.ResponseExamples[200] = new[] { NotificationResponse.Example };
        });
    }

    public override async Task HandleAsync(ListNotificationsRequest req, CancellationToken ct)
    {
        var page = await mediator.Send(new ListNotificationsQuery(req.UnreadOnly, req.Limit, req.Offset) { Sort = req.Sort }, ct);
        Paging.AddHeaders(HttpContext, req, page.Total);
        await Send.OkAsync(page.Items, ct);
    }
}
