using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tdmp.Generation;

/// <summary>The JSON form of the engine's documents (schema reprs, constraint rules, dataset parameters): snake_case as
/// the API, facts that are not stated left out, enums as their snake_case names. The service stores them this way, and
/// <c>tdmp generate</c> reads rules files and round-trips reprs with it, so both feed the engine the same values.</summary>
public static class DocumentJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        MaxDepth = 256,
    };
}
