using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using FluentValidation.Results;

namespace Tdmp.Api.Hosting;

/// <summary>
/// How a JSON body that cannot be read is reported, for every endpoint at once: where it breaks (line and position),
/// which required member is missing, or that a file was sent as JSON; never the reader's own text.
/// </summary>
public static class JsonBodyErrors
{
    /// <summary>A JSON failure whose message is written for the client (and is a rule broken: 422, not 400).</summary>
    public sealed class ClientMessage(string message) : JsonException(message);

    /// <summary>Binding keeps only the message of these failures, so the message tells a broken rule (422) from a
    /// malformed body (400).</summary>
    public static bool IsRule(string message)
        => message.EndsWith("' is required.", StringComparison.Ordinal) || message.StartsWith(FileInJson, StringComparison.Ordinal);

    private const string FileInJson = "A file cannot be sent in JSON";

    public static ValidationFailure ToFailure(JsonException e)
    {
        var field = e.Path is { Length: > 1 } path ? path.TrimStart('$', '.') : "body";
        if (e is ClientMessage)
            return new ValidationFailure(field, e.Message) { ErrorCode = "json" };
        if (e.Message.Contains("missing required properties", StringComparison.Ordinal))
        {
            var missing = e.Message[(e.Message.IndexOf("including:", StringComparison.Ordinal) + "including:".Length)..]
                .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(name => name.Trim('\'', '.', ' ')).FirstOrDefault() ?? "body";
            return new ValidationFailure(missing, $"'{missing}' is required.") { ErrorCode = "required" };
        }
        var where = e.LineNumber is { } line ? $" (line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1})" : "";
        if (e.InnerException is null && e.GetType() != typeof(JsonException) || e.Message.Contains("end of data", StringComparison.OrdinalIgnoreCase)
            || e.Message.Contains("depth", StringComparison.OrdinalIgnoreCase))
            return new ValidationFailure(field == "body" ? "body" : field,
                $"The request body is not valid JSON{where}: it is cut short, has a trailing comma, or a quote or bracket is missing.");
        return new ValidationFailure(field, field == "body"
            ? $"The request body is not valid JSON{where}."
            : $"The value at {field}{where} has the wrong type or is not allowed here.");
    }

    /// <summary>A file cannot travel in JSON: say how to send it instead of failing to read it.</summary>
    public sealed class FormFileConverter : JsonConverter<IFormFile>
    {
        public override IFormFile Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            => throw new ClientMessage(FileInJson + ": upload it as multipart/form-data (field 'file'), "
                + "or send the schema's text as 'content' in JSON.");

        public override void Write(Utf8JsonWriter writer, IFormFile value, JsonSerializerOptions options) => writer.WriteNullValue();
    }

    private static readonly ConcurrentDictionary<Type, object?> FreshInstances = new();
    private static readonly ConcurrentDictionary<Type, HashSet<string>> RouteParameters = new();

    /// <summary>Route values are bound from the path, not the body: RequestShapeCheck names them per request type before
    /// the body is first read.</summary>
    public static void RegisterRoutes(Type requestType, IEnumerable<string> routes)
        => RouteParameters.TryAdd(requestType, routes
            .SelectMany(r => System.Text.RegularExpressions.Regex.Matches(r, @"\{([A-Za-z_][A-Za-z0-9_]*)").Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.OrdinalIgnoreCase));

    /// <summary>A number or id in a request body that has no default of its own (<c>record_count</c>, <c>project_id</c>) is
    /// required: leaving it out says "required", instead of a rule about 0 that nobody sent.</summary>
    public static void RequireNumbersWithoutDefault(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object || !info.Type.Name.EndsWith("Request", StringComparison.Ordinal)
            || info.Type.Namespace?.StartsWith("Tdmp.", StringComparison.Ordinal) != true
            || info.Type.GetConstructor(Type.EmptyTypes) is null) return;
        var fresh = FreshInstances.GetOrAdd(info.Type, Activator.CreateInstance);
        var route = RouteParameters.TryGetValue(info.Type, out var names) ? names : [];
        foreach (var property in info.Properties)
        {
            var type = property.PropertyType;
            if (!type.IsValueType || type == typeof(bool) || Nullable.GetUnderlyingType(type) is not null || property.Get is null) continue;
            if (type != typeof(int) && type != typeof(long) && type != typeof(decimal) && type != typeof(double)) continue;
            if (route.Contains(property.Name) || route.Contains(property.Name.Replace("_", ""))) continue;
            if (Equals(property.Get(fresh!), Activator.CreateInstance(type))) property.IsRequired = true;
        }
    }
}
