using System.Text.Json.Serialization;

namespace Tdmp.Features.Notifications;

/// <summary>The channels of one event as a user chose them (absent: in-app on, e-mail off).</summary>
public sealed record ChannelSettings(bool InApp, bool Email);

/// <summary>A user's effective notification settings, one entry per event.</summary>
public sealed record NotificationSettingsResponse
{
    [JsonPropertyName(EventNames.DatasetCompleted)] public ChannelSettings DatasetCompleted { get; init; } = Default;
    [JsonPropertyName(EventNames.DatasetFailed)] public ChannelSettings DatasetFailed { get; init; } = Default;
    [JsonPropertyName(EventNames.ExportCompleted)] public ChannelSettings ExportCompleted { get; init; } = Default;
    [JsonPropertyName(EventNames.ExportFailed)] public ChannelSettings ExportFailed { get; init; } = Default;
    [JsonPropertyName(EventNames.ProjectMemberAdded)] public ChannelSettings ProjectMemberAdded { get; init; } = Default;
    [JsonPropertyName(EventNames.UserRoleChanged)] public ChannelSettings UserRoleChanged { get; init; } = Default;

    public static readonly ChannelSettings Default = new(InApp: true, Email: false);

    public static NotificationSettingsResponse From(IReadOnlyDictionary<string, ChannelSettings> byEvent)
    {
        ChannelSettings Of(string e) => byEvent.TryGetValue(e, out var c) ? c : Default;
        return new()
        {
            DatasetCompleted = Of(EventNames.DatasetCompleted), DatasetFailed = Of(EventNames.DatasetFailed),
            ExportCompleted = Of(EventNames.ExportCompleted), ExportFailed = Of(EventNames.ExportFailed),
            ProjectMemberAdded = Of(EventNames.ProjectMemberAdded), UserRoleChanged = Of(EventNames.UserRoleChanged),
        };
    }

    public static NotificationSettingsResponse Example => new()
    {
        DatasetFailed = new(InApp: true, Email: true), ProjectMemberAdded = new(InApp: false, Email: false),
    };
}

/// <summary>The settings of a user as stored, read with defaults for every event.</summary>
public static class NotificationPreferences
{
    private const string ReadSql = """
        SELECT e.event AS Event, COALESCE(np.in_app, true) AS InApp, COALESCE(np.email, false) AS Email
        FROM unnest(@events) AS e(event)
        LEFT JOIN notification_preferences np ON np.user_id = @user_id AND np.event = e.event
        """;

    private sealed record Row(string Event, bool InApp, bool Email);

    public static async Task<NotificationSettingsResponse> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long userId,
        CancellationToken ct)
    {
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(ReadSql,
            new { user_id = userId, events = EventNames.Notifications }, transaction, cancellationToken: ct));
        return NotificationSettingsResponse.From(rows.ToDictionary(r => r.Event, r => new ChannelSettings(r.InApp, r.Email)));
    }
}
