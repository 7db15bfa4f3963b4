using FastEndpoints;

namespace Tdmp.Features.Notifications.GetNotificationSettings;

public sealed class GetNotificationSettingsEndpoint(IMediator mediator) : EndpointWithoutRequest<NotificationSettingsResponse>
{
    public override void Configure()
    {
        Get("/settings/notifications");
        Roles(TenantRoles.Everyone);
        Description(b => b.ProducesProblemDetails(401));
        Summary(s =>
        {
            s.Summary = "Get my notification settings";
            s.Description = """
                Per event (`dataset.completed`, `dataset.failed`, `export.completed`, `export.failed`, `project.member_added`,
                `user.role_changed`), whether it appears in the app (`in_app`, default true) and is e-mailed (`email`, default
                false; sent only where mail is configured). Change them with `POST /settings/notifications`.
                """;
            s.ResponseExamples[200] = NotificationSettingsResponse.Example;
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
        => await Send.OkAsync(await mediator.Send(new GetNotificationSettingsQuery(), ct), ct);
}
