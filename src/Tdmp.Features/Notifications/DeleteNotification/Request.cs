using FastEndpoints;

namespace Tdmp.Features.Notifications.DeleteNotification;

public sealed class DeleteNotificationRequest : Mediator.ICommand
{
    [BindFrom("notification_id")] public long NotificationId { get; init; }

    public sealed class Validator : Validator<DeleteNotificationRequest>
    {
        public Validator() => RuleFor(r => r.NotificationId).GreaterThan(0);
    }
}
