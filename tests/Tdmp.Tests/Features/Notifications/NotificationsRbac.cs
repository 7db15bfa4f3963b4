using Tdmp.Tests.Features.Projects;
using Tdmp.Tests.Rbac;
using static Tdmp.Tests.Rbac.RbacRow;

namespace Tdmp.Tests.Features.Notifications;

/// <summary>Everyone manages their own notifications and settings; each row acts on a notification of the calling role's user.</summary>
public sealed class NotificationsRbac : IRbacTable
{
    public IEnumerable<RbacRow> Rows() =>
    [
        new("GET", "/notifications", Call(HttpMethod.Get, "/notifications?unread_only=true"), All(Outcome.Allowed)),
        new("GET", "/notifications/unread-count", Call(HttpMethod.Get, "/notifications/unread-count"), All(Outcome.Allowed)),
        new("POST", "/notifications/{notification_id}/read", async (world, role) =>
            Message(HttpMethod.Post, $"/notifications/{await ProjectData.CreateNotificationAsync(world.Users[role])}/read"), All(Outcome.Allowed)),
        new("DELETE", "/notifications/{notification_id}", async (world, role) =>
            Message(HttpMethod.Delete, $"/notifications/{await ProjectData.CreateNotificationAsync(world.Users[role])}"), All(Outcome.Allowed)),
        new("GET", "/settings/notifications", Call(HttpMethod.Get, "/settings/notifications"), All(Outcome.Allowed)),
        new("POST", "/settings/notifications", Call(HttpMethod.Post, "/settings/notifications",
            new Dictionary<string, object> { ["dataset.failed"] = new { email = true } }), All(Outcome.Allowed)),
    ];
}
