using System.Text.Json.Serialization;

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
    [JsonPropertyName(EventNames.DatasetCompleted)] public ChannelChoice? DatasetCompleted { get; init; }
    [JsonPropertyName(EventNames.DatasetFailed)] public ChannelChoice? DatasetFailed { get; init; }
    [JsonPropertyName(EventNames.ExportCompleted)] public ChannelChoice? ExportCompleted { get; init; }
    [JsonPropertyName(EventNames.ExportFailed)] public ChannelChoice? ExportFailed { get; init; }
    [JsonPropertyName(EventNames.ProjectMemberAdded)] public ChannelChoice? ProjectMemberAdded { get; init; }
    [JsonPropertyName(EventNames.UserRoleChanged)] public ChannelChoice? UserRoleChanged { get; init; }

    /// <summary>The events the request changes, by their names.</summary>
    public IReadOnlyList<(string Event, ChannelChoice Choice)> Changes()
    {
        var changes = new List<(string, ChannelChoice)>();
        void Add(string name, ChannelChoice? choice) { if (choice is not null) changes.Add((name, choice)); }
        Add(EventNames.DatasetCompleted, DatasetCompleted);
        Add(EventNames.DatasetFailed, DatasetFailed);
        Add(EventNames.ExportCompleted, ExportCompleted);
        Add(EventNames.ExportFailed, ExportFailed);
        Add(EventNames.ProjectMemberAdded, ProjectMemberAdded);
        Add(EventNames.UserRoleChanged, UserRoleChanged);
        return changes;
    }
}
