using System.Text.Json.Nodes;
using Json.Schema;

namespace Tdmp.Tests.Generation;

/// <summary>JsonSchema.Net's verdict on one record, as the tests report it.</summary>
internal static class JsonSchemaNet
{
    /// <summary>Null when <paramref name="item"/> is valid, else its errors (instance location, evaluation path, message).
    /// A record is evaluated with the flag output first, which stops at the first failure: the list output evaluates and
    /// keeps every alternative's details, which took 77 s for twelve records of FHIR's union of resources.</summary>
    public static string? Errors(JsonSchema schema, JsonNode? item)
    {
        using var doc = JsonDocument.Parse(item?.ToJsonString() ?? "null");
        if (schema.Evaluate(doc.RootElement, new EvaluationOptions { RequireFormatValidation = true, OutputFormat = OutputFormat.Flag }).IsValid)
            return null;
        var r = schema.Evaluate(doc.RootElement, new EvaluationOptions { RequireFormatValidation = true, OutputFormat = OutputFormat.List });
        return r.IsValid ? null : string.Join("; ", (r.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}")));
    }
}
