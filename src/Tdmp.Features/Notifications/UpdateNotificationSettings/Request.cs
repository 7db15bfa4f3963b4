using System.Text.Json.Serialization;
using FastEndpoints;

namespace Tdmp.Features.Notifications.UpdateNotificationSettings;

/// <summary>A change of one event's channels; an absent field keeps its value.</summary>
public sealed record ChannelChoice
{
    public bool? InApp { get; init; }
    public bool? Email { get; init; }
}

/// <summary>The events to change; events left out keep their settings.</summary>
public sealed class UpdateNotificationSettingsRequest
{
    [JsonPropertyName(NotificationEvents.DatasetCompleted)] public ChannelChoice? DatasetCompleted { get; init; }
    [JsonPropertyName(NotificationEvents.DatasetFailed)] public ChannelChoice? DatasetFailed { get; init; }
    [JsonPropertyName(NotificationEvents.ExportCompleted)] public ChannelChoice? ExportCompleted { get; init; }
    [JsonPropertyName(NotificationEvents.ExportFailed)] public ChannelChoice? ExportFailed { get; init; }
    [JsonPropertyName(NotificationEvents.ProjectMemberAdded)] public ChannelChoice? ProjectMemberAdded { get; init; }
    [JsonPropertyName(NotificationEvents.UserRoleChanged)] public ChannelChoice? UserRoleChanged { get; init; }

    /// <summary>The events the request changes, by their names.</summary>
    public IReadOnlyList<(string Event, ChannelChoice Choice)> Changes()
    {
        var changes = new List<(string, ChannelChoice)>();
        void Add(string name, ChannelChoice? choice) { if (choice is not null) changes.Add((name, choice)); }
        Add(NotificationEvents.DatasetCompleted, DatasetCompleted);
        Add(NotificationEvents.DatasetFailed, DatasetFailed);
        Add(NotificationEvents.ExportCompleted, ExportCompleted);
        Add(NotificationEvents.ExportFailed, ExportFailed);
        Add(NotificationEvents.ProjectMemberAdded, ProjectMemberAdded);
        Add(NotificationEvents.UserRoleChanged, UserRoleChanged);
        return changes;
    }
}
