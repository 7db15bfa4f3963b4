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
    public async Task Scalar_reference_is_served_from_this_host_without_fonts_or_services_from_outside()
    {
        var client = TdmpApi.Instance.Anonymous();
        var response = await client.GetAsync("/api/reference/");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("scalar", html, StringComparison.OrdinalIgnoreCase);

        // Nothing on the page names another host: the scripts are relative, and the configuration turns off what would
        // call out (fonts from a CDN, the AI agent, MCP, telemetry) and the controls that need the internet.
        Assert.DoesNotMatch(@"(src|href)=""(https?:)?//", html);
        Assert.DoesNotContain("cdn.", html, StringComparison.OrdinalIgnoreCase);
        var configuration = System.Text.RegularExpressions.Regex.Match(html, @"initialize\(\s*'[^']*',\s*\w+,\s*(\{.*\})\s*,", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.True(configuration.Success, html);
        var config = JsonDocument.Parse(configuration.Groups[1].Value).RootElement;
        Assert.False(config.GetProperty("withDefaultFonts").GetBoolean());
        Assert.False(config.GetProperty("telemetry").GetBoolean());
        Assert.True(config.GetProperty("agent").GetProperty("disabled").GetBoolean());
        Assert.True(config.GetProperty("hideClientButton").GetBoolean());
        Assert.DoesNotMatch("https?://", configuration.Groups[1].Value);
        foreach (var script in System.Text.RegularExpressions.Regex.Matches(html, @"<script[^>]*src=""([^""]+)""").Select(m => m.Groups[1].Value))
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/reference/" + script)).StatusCode);
    }

    [Fact]
    public async Task Login_is_an_oauth2_password_flow_listed_first_and_bearer_says_how_to_get_a_token()
    {
        var document = await (await TdmpApi.Instance.Anonymous().GetAsync("/openapi/v1.json")).ExpectAsync(HttpStatusCode.OK);
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("/users/token", schemes.GetProperty("OAuth2").GetProperty("flows").GetProperty("password").GetProperty("tokenUrl").GetString());
        Assert.Contains("POST /users/token", schemes.GetProperty("Bearer").GetProperty("description").GetString());
        Assert.Equal("/users/token", document.GetProperty("paths").EnumerateObject().First().Name);
        Assert.Equal("login", document.GetProperty("paths").GetProperty("/users/token").GetProperty("post").GetProperty("operationId").GetString());
        Assert.Equal(["Users", "Projects", "Schemas", "Constraints", "Datasets", "Data"],
            document.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString()).Take(6));
        Assert.All(document.GetProperty("tags").EnumerateArray(), t => Assert.False(string.IsNullOrEmpty(t.GetProperty("description").GetString())));

        // Every path id an integer (but an access token's token_id, a UUID), every query parameter optional and described.
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        foreach (var operation in path.Value.EnumerateObject())
        foreach (var parameter in operation.Value.TryGetProperty("parameters", out var ps) ? ps.EnumerateArray() : default)
        {
            var name = parameter.GetProperty("name").GetString()!;
            Assert.False(string.IsNullOrEmpty(parameter.GetProperty("description").GetString()), $"{path.Name} {name}");
            if (parameter.GetProperty("in").GetString() == "path" && name.EndsWith("_id"))
                Assert.Equal(name == "token_id" ? "string" : "integer", parameter.GetProperty("schema").GetProperty("type").GetString());
            if (parameter.GetProperty("in").GetString() == "query")
                Assert.False(parameter.GetProperty("required").GetBoolean(), $"{path.Name} {name}");
        }
    }

    [Fact]
    public async Task Problem_details_schema_is_what_the_service_sends()
    {
        var client = await TdmpApi.Instance.LoginAsync(TdmpApi.SuperuserName, TdmpApi.SuperuserPassword);
        var problem = await (await client.PostAsJsonAsync("/projects/create", new { name = "" })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        var document = await (await TdmpApi.Instance.Anonymous().GetAsync("/openapi/v1.json")).ExpectAsync(HttpStatusCode.OK);
        var schema = document.GetProperty("components").GetProperty("schemas").GetProperty("ProblemDetails");
        var properties = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(properties, problem.EnumerateObject().Select(p => p.Name).ToHashSet());
        Assert.Equal("object", schema.GetProperty("properties").GetProperty("errors").GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Object, problem.GetProperty("errors").ValueKind);
        Assert.All(problem.GetProperty("errors").EnumerateObject(), e => Assert.Equal(JsonValueKind.Array, e.Value.ValueKind));
    }
}
