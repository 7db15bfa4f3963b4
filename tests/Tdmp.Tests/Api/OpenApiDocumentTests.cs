namespace Tdmp.Tests.Api;

/// <summary>The reference is part of the product: every operation documents itself fully.</summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiDocumentTests(TdmpApi api)
{
    private static readonly string[] Verbs = ["get", "post", "put", "patch", "delete"];

    [Fact]
    public async Task Every_operation_has_a_summary_responses_error_codes_and_examples()
    {
        var document = await (await api.Anonymous().GetAsync("/openapi/v1.json")).ExpectAsync(HttpStatusCode.OK);
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
        var client = api.Anonymous();
        var response = await client.GetAsync("/api/reference/");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("scalar", html, StringComparison.OrdinalIgnoreCase);

        // Nothing on the page names another host: the scripts are relative, and the configuration turns off what would
        // call out (fonts from a CDN, the AI agent, MCP, telemetry) and the controls that need the internet.
        Assert.DoesNotMatch(@"(src|href)=""(https?:)?//", html);
        Assert.DoesNotContain("cdn.", html, StringComparison.OrdinalIgnoreCase);
        var configuration = System.Text.RegularExpressions.Regex.Match(html, @"initialize\(\s*'[^']*',\s*\w+,\s*(\{.*\})\s*,",
            System.Text.RegularExpressions.RegexOptions.Singleline);
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

    /// <summary>
    /// Every outside host the served Scalar bundle names, with what it is there for. A host that the bundle would
    /// contact on its own is listed with the configuration setting that keeps it from doing so; the rest are
    /// links the user would have to click, XML/JSON namespaces, or sample values. A new Scalar version that names
    /// a host not listed here fails the test until someone has read what it does.
    /// </summary>
    private static readonly Dictionary<string, string> ScalarBundleHosts = new()
    {
        // Contacted at run time unless switched off (asserted on the served configuration below).
        ["fonts.scalar.com"] = "the Inter and mono @font-face url()s, only in the CSS when withDefaultFonts is true",
        ["proxy.scalar.com"] = "default request proxy, used only with a proxyUrl (or the standalone client's 'web' layout)",
        ["api.scalar.com"] = "the agent's and the old proxy's service, used only with the agent or that proxyUrl",
        ["app.cal.com"] = "Cal.com embed script injected by the 'book a call' panel of the agent/developer tools",
        ["scalar.cal.com"] = "Cal.com booking link of that panel",
        ["app.loops.so"] = "newsletter form posted from the developer tools' panel",
        ["galaxy.scalar.com"] = "placeholder and refresh default for flows with x-scalar-secret-refresh-token, which the document has not",
        // Links the user would follow by clicking (navigation, not requests of the page).
        ["scalar.com"] = "link", ["www.scalar.com"] = "link", ["docs.scalar.com"] = "link", ["dashboard.scalar.com"] = "link",
        ["registry.scalar.com"] = "link", ["client.scalar.com"] = "'open in client' link, hidden by hideClientButton",
        ["editor.scalar.com"] = "link", ["apidocumentation.com"] = "link", ["github.com"] = "link", ["x.com"] = "link",
        ["discord.gg"] = "link", ["developer.mozilla.org"] = "link in help texts", ["vuejs.org"] = "link in warnings",
        ["unhead.unjs.io"] = "link in warnings", ["tailwindcss.com"] = "link in comments", ["html.spec.whatwg.org"] = "link in comments",
        ["developers.cloudflare.com"] = "link", ["cloud.google.com"] = "link",
        // Namespaces and identifiers, never fetched.
        ["www.w3.org"] = "SVG/XML namespaces", ["json-schema.org"] = "JSON Schema $schema identifiers", ["www.ibm.com"] = "XML namespace",
        // Sample values of the example generator and placeholders.
        ["example.com"] = "sample", ["api.example.com"] = "sample", ["picsum.photos"] = "sample image URL value",
        ["loremflickr.com"] = "sample image URL value", ["avatars.githubusercontent.com"] = "sample avatar URL value",
        ["test-site.org"] = "sample", ["my-app.io"] = "sample", ["dev-portal.net"] = "sample", ["api-hub.com"] = "sample",
        ["code-base.dev"] = "sample", ["data-flow.co"] = "sample", ["web-pulse.io"] = "sample", ["cloud-nest.org"] = "sample",
        ["tech-wave.net"] = "sample", ["open-source.dev"] = "sample", ["byte-craft.io"] = "sample",
    };

    [Fact]
    public async Task Scalar_bundle_names_only_known_hosts_and_the_configuration_turns_off_each_one_it_would_contact()
    {
        var client = api.Anonymous();
        var html = await (await client.GetAsync("/api/reference/")).Content.ReadAsStringAsync();
        var bundle = new System.Text.StringBuilder();
        foreach (var script in System.Text.RegularExpressions.Regex.Matches(html, @"<script[^>]*src=""([^""]+)""").Select(m => m.Groups[1].Value))
        {
            var response = await client.GetAsync("/api/reference/" + script);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            bundle.Append(await response.Content.ReadAsStringAsync());
        }
        var text = bundle.ToString();
        Assert.True(text.Length > 1_000_000, "the Scalar bundle itself is served");

        var hosts = System.Text.RegularExpressions.Regex.Matches(text, @"https?://([a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)+)")
            .Select(m => m.Groups[1].Value.ToLowerInvariant()).Distinct().ToList();
        var unknown = hosts.Where(h => !ScalarBundleHosts.ContainsKey(h) && h is not ("localhost" or "127.0.0.1")).ToList();
        Assert.True(unknown.Count == 0, "hosts in the Scalar bundle nobody has checked: " + string.Join(", ", unknown));

        // What CSS would load by itself: only the default fonts.
        var cssHosts = System.Text.RegularExpressions.Regex.Matches(text, @"url\(\s*['""]?https?://([^/'""\s)]+)")
            .Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Equal(["fonts.scalar.com"], cssHosts);

        // The served configuration turns off each feature that would contact one of them.
        var configuration = System.Text.RegularExpressions.Regex.Match(html, @"initialize\(\s*'[^']*',\s*\w+,\s*(\{.*\})\s*,",
            System.Text.RegularExpressions.RegexOptions.Singleline);
        var config = JsonDocument.Parse(configuration.Groups[1].Value).RootElement;
        Assert.False(config.GetProperty("withDefaultFonts").GetBoolean());
        Assert.True(config.GetProperty("agent").GetProperty("disabled").GetBoolean(), configuration.Groups[1].Value);
        Assert.Equal("never", config.GetProperty("showDeveloperTools").GetString());
        Assert.True(config.GetProperty("hideClientButton").GetBoolean());
        Assert.False(config.TryGetProperty("proxyUrl", out var proxy) && proxy.ValueKind == JsonValueKind.String, "no request proxy");
        Assert.False(config.TryGetProperty("proxy", out var oldProxy) && oldProxy.ValueKind == JsonValueKind.String, "no request proxy");
        Assert.False(config.TryGetProperty("layout", out var layout) && layout.GetString() == "web", "not the standalone client layout");

        // The OAuth2 flow's token URL is this service's, so no default refresh URL (galaxy.scalar.com) is used.
        var document = await (await client.GetAsync("/openapi/v1.json")).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain("x-scalar-secret", document.GetRawText());
    }

    [Fact]
    public async Task Login_is_an_oauth2_password_flow_listed_first_and_bearer_says_how_to_get_a_token()
    {
        var document = await (await api.Anonymous().GetAsync("/openapi/v1.json")).ExpectAsync(HttpStatusCode.OK);
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
    public async Task Summaries_of_request_fields_are_their_descriptions_in_the_document()
    {
        var document = await (await api.Anonymous().GetAsync("/openapi/v1.json")).ExpectAsync(HttpStatusCode.OK);
        var schemas = document.GetProperty("components").GetProperty("schemas");
        string Description(string schema, string property) => schemas.GetProperty(schema).GetProperty("properties")
            .GetProperty(property).GetProperty("description").GetString() ?? "";

        // From Tdmp.Features (CreateDatasetRequest, AddUserToProjectRequest) and from Tdmp.Generation (DatasetParams).
        Assert.StartsWith("Out of json, jsonl, csv, xml, sql", Description("CreateDatasetRequest", "types"));
        Assert.StartsWith("Project role: view (see, download) or edit", Description("AddUserToProjectRequest", "role"));
        Assert.Equal("Drawn and stored when absent; the same seed gives the same files.", Description("DatasetParams", "seed"));
    }

    [Fact]
    public async Task Problem_details_schema_is_what_the_service_sends()
    {
        var client = await api.LoginAsync(TdmpApi.SuperuserName, TdmpApi.SuperuserPassword);
        var problem = await (await client.PostAsJsonAsync("/projects/create", new { name = "" }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        var document = await (await api.Anonymous().GetAsync("/openapi/v1.json")).ExpectAsync(HttpStatusCode.OK);
        var schema = document.GetProperty("components").GetProperty("schemas").GetProperty("ProblemDetails");
        var properties = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(properties, problem.EnumerateObject().Select(p => p.Name).ToHashSet());
        Assert.Equal("object", schema.GetProperty("properties").GetProperty("errors").GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Object, problem.GetProperty("errors").ValueKind);
        Assert.All(problem.GetProperty("errors").EnumerateObject(), e => Assert.Equal(JsonValueKind.Array, e.Value.ValueKind));
    }
}
