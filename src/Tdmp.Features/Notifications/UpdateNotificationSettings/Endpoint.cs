using FastEndpoints;

namespace Tdmp.Features.Notifications.UpdateNotificationSettings;

public sealed class UpdateNotificationSettingsEndpoint(IMediator mediator) : Endpoint<UpdateNotificationSettingsRequest, NotificationSettingsResponse>
{
    public override void Configure()
    {
        Post("/settings/notifications");
        Roles(TenantRoles.Everyone);
        Description(b => b.ProducesProblemDetails(400).ProducesProblemDetails(401));
        Summary(s =>
        {
            s.Summary = "Change my notification settings";
            s.Description = """
                Per event, `{"in_app": bool, "email": bool}`: whether the event appears in `GET /notifications` and whether it is
                e-mailed (only where mail is configured). Events: `dataset.completed`, `dataset.failed`, `export.completed`,
                `export.failed`, `project.member_added`, `user.role_changed`. Events and fields left out keep their values
                (defaults: `in_app` true, `email` false); an unknown event or field is `400`, like any field an endpoint does not take. Returns the
                effective settings
                of every event (`GET /settings/notifications` reads them). Audited as `settings.notifications_updated`.
                """;
            s.ExampleRequest = new UpdateNotificationSettingsRequest
            {
                DatasetFailed = new ChannelChoice { InApp = true, Email = true },
                ProjectMemberAdded = new ChannelChoice { InApp = false },
            };
            s.ResponseExamples[200] = NotificationSettingsResponse.Example;
        });
    }

    public override async Task HandleAsync(UpdateNotificationSettingsRequest req, CancellationToken ct)
        => await Send.OkAsync(await mediator.Send(new UpdateNotificationSettingsCommand(req.Changes()), ct), ct);
}
