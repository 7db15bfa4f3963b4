namespace Tdmp.Tests.Api;

/// <summary>The reference is part of the product: every operation documents itself fully.</summary>
public sealed class OpenApiDocumentTests
{
    private static readonly string[] Verbs = ["get", "post", "put", "patch", "delete"];

    [Fact]
    public async Task Every_operation_has_a_summary_responses_error_codes_and_examples()
    {
        var document = await (await TdmpApi.Instance.Anonymous().GetAsync("/openapi/v1.json")).ExpectAsync(HttpStatusCode.OK);
        var problems = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        foreach (var operation in path.Value.EnumerateObject().Where(o => Verbs.Contains(o.Name)))
        {
            var name = $"{operation.Name.ToUpperInvariant()} {path.Name}";
            var op = operation.Value;
            if (!op.TryGetProperty("summary", out var summary) || string.IsNullOrWhiteSpace(summary.GetString()))
                problems.Add($"{name}: no summary");
            var responses = op.GetProperty("responses").EnumerateObject().ToList();
            if (!responses.Any(r => r.Name.StartsWith('2')))
                problems.Add($"{name}: no success response");
            var secured = op.TryGetProperty("security", out var security) && security.GetArrayLength() > 0;
            if (secured && responses.All(r => r.Name != "401"))
                problems.Add($"{name}: secured but 401 not documented");
            foreach (var response in responses.Where(r => r.Name.StartsWith('2')))
                if (response.Value.TryGetProperty("content", out var content) && !HasExample(document, content))
                    problems.Add($"{name}: response {response.Name} has no example");
            if (op.TryGetProperty("requestBody", out var body) && !HasExample(document, body.GetProperty("content")))
                problems.Add($"{name}: request body has no example");
        }
        Assert.Empty(problems);
    }

    /// <summary>An example on the media type, or (as for form bodies) on the schema it refers to.</summary>
    private static bool HasExample(JsonElement document, JsonElement content) => content.EnumerateObject().Any(media =>
        media.Value.TryGetProperty("example", out _)
        || media.Value.TryGetProperty("schema", out var schema) && schema.TryGetProperty("$ref", out var reference)
           && document.GetProperty("components").GetProperty("schemas")
               .GetProperty(reference.GetString()!.Split('/')[^1]).TryGetProperty("example", out _));

    [Fact]
    public async Task Scalar_reference_is_served()
    {
        var response = await TdmpApi.Instance.Anonymous().GetAsync("/api/reference/");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("scalar", html, StringComparison.OrdinalIgnoreCase);
    }
}
