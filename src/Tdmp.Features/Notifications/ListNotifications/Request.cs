using FastEndpoints;

namespace Tdmp.Features.Notifications.ListNotifications;

public sealed class ListNotificationsRequest : PageRequest
{
    /// <summary>Only notifications not marked read yet.</summary>
    [QueryParam] public bool UnreadOnly { get; init; }

    public sealed class Validator : Validator<ListNotificationsRequest>
    {
        public Validator() => Include(new PageRequestRules());
    }
}
