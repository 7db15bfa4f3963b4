using FastEndpoints;

namespace Tdmp.Features.Notifications.MarkNotificationRead;

public sealed class MarkNotificationReadRequest : Mediator.ICommand<NotificationResponse>
{
    [BindFrom("notification_id")] public long NotificationId { get; init; }

    public sealed class Validator : Validator<MarkNotificationReadRequest>
    {
        public Validator() => RuleFor(r => r.NotificationId).GreaterThan(0);
    }
}
