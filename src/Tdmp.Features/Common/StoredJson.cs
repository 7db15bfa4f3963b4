using System.Text.Json;

namespace Tdmp.Features.Common;

/// <summary>How the service writes JSON into its own tables and messages: snake_case, as the API's JSON is.</summary>
public static class StoredJson
{
    /// <summary>Documents read back by the service (schema reprs, constraint rules, dataset parameters): facts that are
    /// not stated are left out, enums are written as their snake_case names.</summary>
    public static readonly JsonSerializerOptions Documents = Tdmp.Generation.DocumentJson.Options;

    /// <summary>Records for people and receivers (audit details, webhook payloads): every field, nulls included, and
    /// timestamps as the API writes them (<see cref="UtcSecondsJson"/>).</summary>
    public static readonly JsonSerializerOptions Records = RecordOptions();

    private static JsonSerializerOptions RecordOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        UtcSecondsJson.AddTo(options);
        return options;
    }
}
