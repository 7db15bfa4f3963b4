using System.Text.Json;
using System.Text.Json.Nodes;
using FastEndpoints;
using Tdmp.Generation.Writers;

namespace Tdmp.Api.Hosting;

/// <summary>
/// Turns the document NSwag generates from the endpoints into the contract clients are built from, by conventions that
/// apply to every operation (so a new endpoint follows them without doing anything): camelCase operationIds from the
/// endpoint class, integer <c>*_id</c> path parameters, optional query parameters with descriptions, defaults and
/// bounds, enums for the closed vocabularies, documented response headers, the exact problem-details shape, flattened
/// schemas, examples that fit their media type, workflow-ordered tags, and the OAuth2 password flow for the reference.
/// It works on the JSON text, once, when the document is first asked for.
/// </summary>
public static partial class OpenApiContract
{
    private static readonly string[] Verbs = ["get", "put", "post", "delete", "patch"];

    /// <summary>Tags in the order a CI job meets them, each with the description the reference shows.</summary>
    private static readonly (string Name, string Description)[] Tags =
    [
        ("Users", "Log in (`POST /users/token`, first), log out, and manage the users of a tenant."),
        ("Projects", "Projects group schemas and datasets and decide who sees them."),
        ("Schemas", "Upload XSD and JSON Schema files and read their repr, the tree of fields constraint sets point into."),
        ("Constraints", "Constraint sets narrow a schema: value lists with weights, ranges, generators, per field."),
        ("Datasets", "Generate datasets from a schema (and a constraint set), poll them with `?wait=`, delete them."),
        ("Data", "Download a dataset's files: one format, one part (table) or everything as a zip."),
        ("Integrations", "S3 exports and webhooks that receive dataset events."),
        ("Notifications", "The caller's notifications and which events send them."),
        ("Settings", "The caller's own account: name, theme, password, e-mail, two-factor login, avatar."),
        ("Tenants", "The caller's tenant; superusers create and manage tenants."),
        ("Audit", "Who did what, when: the audit log (admins see their tenant's)."),
        ("Health", "Liveness and readiness probes for load balancers and orchestrators."),
        ("Version", "The running build."),
    ];

    /// <summary>Closed vocabularies, by property or parameter name (and optionally the schema that holds it).</summary>
    private static readonly Dictionary<string, string[]> Enums = new()
    {
        ["role"] = ["tester", "manager", "admin", "superuser"],
        ["ProjectMember.role"] = ["view", "edit"],
        ["MyProject.role"] = ["view", "edit", "manage"],
        ["MembershipResponse.role"] = ["view", "edit"],
        ["AddUserToProjectRequest.role"] = ["view", "edit"],
        ["theme"] = ["light", "dark", "system"],
        ["status"] = ["queued", "running", "completed", "failed", "cancelled"],
        ["DeliveryResponse.status"] = ["pending", "delivered", "failed"],
        ["DatasetExport.status"] = ["queued", "running", "completed", "failed"],
        ["HealthResponse.status"] = ["ok", "unavailable"],
        ["/integrations/{integration_id}/deliveries status"] = ["pending", "delivered", "failed"],
        ["types"] = OutputFormats.Names,
        ["format"] = OutputFormats.Names,
        ["PreviewSchemaRequest.format"] = OutputFormats.PreviewNames,
        ["SchemaNode.format"] = [],
        ["provider"] = ["s3", "webhook"],
        ["SchemaResponse.type"] = ["xsd", "json_schema"],
        ["UploadSchemaRequest.type"] = ["xsd", "json_schema"],
        ["ProjectSchema.type"] = ["xsd", "json_schema"],
        ["LinkedSchemaResponse.type"] = ["xsd", "json_schema"],
        ["ListSchemas.type"] = ["xsd", "json_schema"],
    };

    /// <summary>What a query parameter means when its request property has no summary of its own.</summary>
    private static readonly Dictionary<string, string> ParameterDescriptions = new()
    {
        ["limit"] = "How many items to return.",
        ["offset"] = "How many items to skip.",
        ["wait"] = "Seconds to hold the request until the dataset leaves `queued`/`running`.",
        ["sort"] = "Sort order: a field name, `-` before it for descending (e.g. `-created_at`).",
        ["q"] = "Case-insensitive text search.",
    };

    /// <summary>Defaults and bounds of the common query parameters (the validators enforce the same).</summary>
    private static readonly Dictionary<string, JsonObject> ParameterSchemas = new()
    {
        ["limit"] = new() { ["type"] = "integer", ["format"] = "int32", ["minimum"] = 1, ["maximum"] = 500, ["default"] = 50 },
        ["offset"] = new() { ["type"] = "integer", ["format"] = "int32", ["minimum"] = 0, ["default"] = 0 },
        ["wait"] = new() { ["type"] = "integer", ["format"] = "int32", ["minimum"] = 0, ["maximum"] = 60, ["default"] = 0 },
        ["unread_only"] = new() { ["type"] = "boolean", ["default"] = false },
        ["created_after"] = new() { ["type"] = "string", ["format"] = "date-time" },
        ["created_before"] = new() { ["type"] = "string", ["format"] = "date-time" },
    };

    /// <summary>Response headers the service sends, documented where they occur.</summary>
    private static readonly JsonObject TotalCountHeader = new()
    {
        ["description"] = "How many items match, over all pages.",
        ["schema"] = new JsonObject { ["type"] = "integer", ["format"] = "int64" },
    };

    private static readonly JsonObject LinkHeader = new()
    {
        ["description"] = "RFC 8288 links to the `first`, `prev`, `next` and `last` pages.",
        ["schema"] = new JsonObject { ["type"] = "string" },
    };

    private static readonly JsonObject LocationHeader = new()
    {
        ["description"] = "The address of the created resource.",
        ["schema"] = new JsonObject { ["type"] = "string" },
    };

    private static readonly JsonObject RetryAfterHeader = new()
    {
        ["description"] = "Seconds to wait before trying again.",
        ["schema"] = new JsonObject { ["type"] = "integer" },
    };

    private static readonly JsonObject AuthenticateHeader = new()
    {
        ["description"] = "`Bearer`: log in with `POST /users/token` and send the token.",
        ["schema"] = new JsonObject { ["type"] = "string" },
    };

    private static readonly JsonObject ETagHeader = new()
    {
        ["description"] = "The file's sha256, quoted; send it as `If-None-Match` to get `304` when unchanged.",
        ["schema"] = new JsonObject { ["type"] = "string" },
    };

    private static readonly JsonObject ContentDispositionHeader = new()
    {
        ["description"] = "`attachment` with the file's name.",
        ["schema"] = new JsonObject { ["type"] = "string" },
    };

    /// <summary>What an example shows for a file's bytes (a picture, a zip).</summary>
    private const string FilePlaceholder = "(the file's bytes)";

    /// <summary>Examples of downloads by media type: each one fits its own type.</summary>
    private static readonly Dictionary<string, string> FileExamples = new()
    {
        ["application/json"] = "[{\"order_id\": 1, \"status\": \"paid\"}]",
        ["application/x-ndjson"] = "{\"order_id\": 1, \"status\": \"paid\"}\n",
        ["text/csv"] = "order_id,status\n1,paid\n",
        ["application/xml"] = "<?xml version=\"1.0\" encoding=\"utf-8\"?><orders><order><order_id>1</order_id></order></orders>",
        ["application/sql"] = "INSERT INTO orders (order_id, status) VALUES (1, 'paid');\n",
    };

    /// <summary>The problem details every error response carries (ProblemResponses writes exactly these members).</summary>
    private static JsonObject ProblemDetailsSchema() => new()
    {
        ["type"] = "object",
        ["description"] = "RFC 9457 problem details, the body of every error response (`application/problem+json`).",
        ["required"] = new JsonArray("type", "title", "status", "detail", "instance", "trace_id"),
        ["properties"] = new JsonObject
        {
            ["type"] = new JsonObject { ["type"] = "string", ["description"] = "Always `about:blank`: the status says what kind of error it is." },
            ["title"] = new JsonObject { ["type"] = "string", ["description"] = "The status's reason phrase." },
            ["status"] = new JsonObject { ["type"] = "integer", ["format"] = "int32", ["description"] = "The HTTP status." },
            ["detail"] = new JsonObject { ["type"] = "string", ["description"] = "What went wrong, in words you can act on." },
            ["instance"] = new JsonObject { ["type"] = "string", ["description"] = "The request's path." },
            ["trace_id"] = new JsonObject { ["type"] = "string", ["description"] = "Also in the server log: quote it when reporting a problem." },
            ["errors"] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = "Field errors (400 and 422): each field name, as sent, with its messages.",
                ["additionalProperties"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
            },
        },
        ["example"] = new JsonObject
        {
            ["type"] = "about:blank",
            ["title"] = "Unprocessable Entity",
            ["status"] = 422,
            ["detail"] = "Validation failed: record_count: 'record_count' is required.",
            ["instance"] = "/datasets/create",
            ["trace_id"] = "4bf92f3577b34da6a3ce929d0e0e4736",
            ["errors"] = new JsonObject { ["record_count"] = new JsonArray("'record_count' is required.") },
        },
    };

    public static string Process(string nswagJson, IEnumerable<Type> endpointTypes)
    {
        var document = JsonNode.Parse(nswagJson)!.AsObject();
        var operationIds = OperationIdsByNSwagName(endpointTypes);
        var schemas = document["components"]!["schemas"]!.AsObject();

        schemas["ProblemDetails"] = ProblemDetailsSchema();
        schemas.Remove("ProblemDetails_Error");
        foreach (var node in Descendants(document)) FixNullableReference(node);
        foreach (var (_, schema) in schemas) FixEnumComponent(schema!.AsObject());
        foreach (var (name, schema) in schemas.ToList())
            FixSchema(schemas, name, schema!.AsObject());

        var paths = document["paths"]!.AsObject();
        foreach (var (path, item) in paths)
        foreach (var (_, node) in item!.AsObject().Where(v => Verbs.Contains(v.Key)).ToList())
            FixOperation(schemas, path, node!.AsObject(), operationIds);
        OrderPaths(document);

        document["servers"] = new JsonArray(new JsonObject { ["url"] = "/", ["description"] = "This service" });
        document["info"]!["license"] = new JsonObject { ["name"] = "Proprietary", ["url"] = "https://tdmp.example/license" };
        document["tags"] = TagList(paths);
        document["components"]!["securitySchemes"] = SecuritySchemes();
        RemoveUnusedSchemas(document);
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>NSwag names an operation after its class's full name (<c>TdmpFeaturesUsersLoginLoginEndpoint</c>);
    /// the contract names it after the class alone, in camelCase (<c>login</c>).</summary>
    private static Dictionary<string, string> OperationIdsByNSwagName(IEnumerable<Type> endpointTypes)
    {
        var ids = new Dictionary<string, string>();
        foreach (var type in endpointTypes)
        {
            var nswag = type.FullName!.Replace(".", "").Replace("+", "");
            var name = type.Name.EndsWith("Endpoint", StringComparison.Ordinal) ? type.Name[..^"Endpoint".Length] : type.Name;
            ids[nswag] = char.ToLowerInvariant(name[0]) + name[1..];
        }
        return ids;
    }

    private static void FixOperation(JsonObject schemas, string path, JsonObject operation, Dictionary<string, string> operationIds)
    {
        // operationId: the endpoint class in camelCase; an endpoint on two verbs gets the verb in front of the second.
        if (operation["operationId"]?.GetValue<string>() is { } nswagId)
        {
            var verbPrefixed = Verbs.FirstOrDefault(v => nswagId.StartsWith(char.ToUpperInvariant(v[0]) + v[1..] + "Tdmp", StringComparison.Ordinal));
            var key = verbPrefixed is null ? nswagId : nswagId[verbPrefixed.Length..];
            if (operationIds.TryGetValue(key, out var id))
                operation["operationId"] = verbPrefixed is null || verbPrefixed == "post" ? id
                    : verbPrefixed + char.ToUpperInvariant(id[0]) + id[1..];
        }

        var secured = operation["security"] is JsonArray { Count: > 0 };
        operation["security"] = secured
            ? new JsonArray(new JsonObject { ["OAuth2"] = new JsonArray() }, new JsonObject { ["Bearer"] = new JsonArray() })
            : new JsonArray();
        if (operation["description"] is null || string.IsNullOrWhiteSpace(operation["description"]!.GetValue<string>()))
            operation["description"] = operation["summary"]?.GetValue<string>() ?? "";

        var isList = false;
        if (operation["parameters"] is JsonArray parameters)
            foreach (var parameter in parameters.OfType<JsonObject>())
            {
                FixParameter(path, parameter);
                if (parameter["name"]?.GetValue<string>() == "limit") isList = true;
            }

        if (operation["requestBody"]?["content"] is JsonObject requestContent)
        {
            // A body that carries a file is documented as multipart only: generators build one method per operation from
            // its media types, and one that mixes JSON in sends the file as JSON.
            if (requestContent.ContainsKey("multipart/form-data"))
                foreach (var other in requestContent.Select(m => m.Key).Where(k => k != "multipart/form-data").ToList())
                    requestContent.Remove(other);
            foreach (var (_, media) in requestContent) FixMediaExample(schemas, media!.AsObject());
        }

        foreach (var (status, responseNode) in operation["responses"]!.AsObject())
        {
            var response = responseNode!.AsObject();
            if (string.IsNullOrEmpty(response["description"]?.GetValue<string>()))
                response["description"] = int.TryParse(status, out var code)
                    ? Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(code)
                    : "Response";
            var headers = new JsonObject();
            if (status == "200" && isList)
            {
                headers["X-Total-Count"] = TotalCountHeader.DeepClone();
                headers["Link"] = LinkHeader.DeepClone();
            }
            if (status == "201") headers["Location"] = LocationHeader.DeepClone();
            if (status == "429") headers["Retry-After"] = RetryAfterHeader.DeepClone();
            if (status == "401") headers["WWW-Authenticate"] = AuthenticateHeader.DeepClone();
            // Downloads of stored files (they offer a zip of several): the preview's bytes have neither header.
            if (status == "200" && response["content"] is JsonObject files && files.ContainsKey("application/zip"))
            {
                headers["ETag"] = ETagHeader.DeepClone();
                headers["Content-Disposition"] = ContentDispositionHeader.DeepClone();
            }
            if (headers.Count > 0) response["headers"] = headers;

            if (response["content"] is JsonObject content)
                foreach (var (mediaType, media) in content)
                {
                    var mediaObject = media!.AsObject();
                    if (mediaObject["schema"]?["format"]?.GetValue<string>() == "binary")
                    {
                        mediaObject["example"] = FileExamples.TryGetValue(mediaType, out var text) ? text : FilePlaceholder;
                        continue;
                    }
                    FixMediaExample(schemas, mediaObject);
                }
        }
    }

    /// <summary>Path ids are integers; query parameters are optional, described, with their default and bounds.</summary>
    private static void FixParameter(string path, JsonObject parameter)
    {
        var name = parameter["name"]!.GetValue<string>();
        var location = parameter["in"]!.GetValue<string>();
        var schema = parameter["schema"] as JsonObject ?? [];
        // Every resource id is a 64-bit integer, but for the one kind whose id is a UUID (an access token's token_id).
        var uuid = schema["format"]?.GetValue<string>() is "uuid" or "guid";
        if (location == "path" && name.EndsWith("_id", StringComparison.Ordinal))
        {
            schema = uuid
                ? new JsonObject { ["type"] = "string", ["format"] = "uuid" }
                : new JsonObject { ["type"] = "integer", ["format"] = "int64", ["minimum"] = 1 };
            parameter["example"] = uuid ? "3f2b8c1e-9a4d-4e57-b0a1-6c2d8e9f0a11" : 42;
            parameter["description"] ??= $"The {name[..^3].Replace('_', ' ')}'s id.";
        }
        if (location == "path")
            parameter["description"] ??= $"The {name.Replace('_', ' ')}.";
        if (location == "query")
        {
            parameter["required"] = false;
            schema.Remove("nullable");
            if (ParameterSchemas.TryGetValue(name, out var known)) schema = known.DeepClone().AsObject();
            if ((Enums.TryGetValue($"{path} {name}", out var forPath) ? forPath : EnumFor(null, name)) is { Length: > 0 } values
                && schema["type"]?.GetValue<string>() == "string")
                schema["enum"] = new JsonArray(values.Select(v => (JsonNode)v).ToArray());
            if (parameter["description"] is null)
                parameter["description"] = ParameterDescriptions.TryGetValue(name, out var text)
                    ? text
                    : $"Only items whose `{name}` matches; all when absent.";
            var description = parameter["description"]!.GetValue<string>();
            if (schema["default"] is { } defaultValue && !description.Contains("default", StringComparison.OrdinalIgnoreCase))
                parameter["description"] = $"{description} Default {defaultValue.ToJsonString()}.";
            if (parameter["example"] is { } example && !ExampleFits(schema, example)) parameter.Remove("example");
        }
        parameter["schema"] = schema;
        if (parameter["example"] is { } pathExample && !ExampleFits(schema, pathExample)) parameter.Remove("example");
    }

    private static bool ExampleFits(JsonObject schema, JsonNode example) => schema["type"]?.GetValue<string>() switch
    {
        "integer" => example.GetValueKind() == JsonValueKind.Number,
        "string" => example.GetValueKind() == JsonValueKind.String,
        "boolean" => example.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        _ => true,
    };

    private static string[]? EnumFor(string? schemaName, string property)
        => schemaName is not null && Enums.TryGetValue($"{schemaName}.{property}", out var specific) ? specific
            : Enums.TryGetValue(property, out var general) ? general : null;

    /// <summary>Flattens <c>allOf</c> (a response with its base's properties validates as one object), and adds enums.</summary>
    private static void FixSchema(JsonObject schemas, string name, JsonObject schema)
    {
        if (schema["allOf"] is JsonArray parts)
        {
            var properties = new JsonObject();
            var required = new List<string>();
            foreach (var part in parts.OfType<JsonObject>())
            {
                var resolved = part["$ref"] is { } reference ? Resolve(schemas, reference.GetValue<string>()) : part;
                if (resolved?["allOf"] is not null) FixSchema(schemas, RefName(part["$ref"]!.GetValue<string>()), resolved.AsObject());
                foreach (var (key, value) in resolved?["properties"]?.AsObject() ?? []) properties[key] = value!.DeepClone();
                required.AddRange(resolved?["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? []);
            }
            schema.Remove("allOf");
            schema["type"] = "object";
            if (required.Count > 0) schema["required"] = new JsonArray(required.Distinct().Select(r => (JsonNode)r).ToArray());
            schema["properties"] = properties;
        }
        schema.Remove("additionalProperties");
        if (schema["properties"] is not JsonObject props) return;
        foreach (var (property, valueNode) in props)
        {
            if (valueNode is not JsonObject value) continue;
            var values = EnumFor(name, property);
            if (values is not { Length: > 0 }) continue;
            var target = value["type"]?.GetValue<string>() == "array" ? value["items"] as JsonObject : value;
            if (target?["type"]?.GetValue<string>() == "string")
            {
                var members = new JsonArray(values.Select(v => (JsonNode)v).ToArray());
                if (value["nullable"]?.GetValue<bool>() == true && target == value) members.Add(null);
                target["enum"] = members;
            }
        }
        foreach (var (_, valueNode) in props)
            if (valueNode is JsonObject value && value.ContainsKey("example"))
            {
                if (value["format"]?.GetValue<string>() == "binary") value["example"] = FilePlaceholder;
                else if (value["example"] is null) value.Remove("example");
                else value["example"] = CleanExample(schemas, value, value["example"])?.DeepClone();
            }
        if (schema["example"] is JsonObject example)
        {
            foreach (var (property, valueNode) in props)
                if (valueNode?["format"]?.GetValue<string>() == "binary") example[property] = FilePlaceholder;
            CleanExample(schemas, schema, example);
            if (example.Count == 0 || !ExampleValid(schemas, schema, example)) schema.Remove("example");
        }
    }

    /// <summary>OpenAPI 3.0 allows <c>nullable</c> only beside a <c>type</c>, and a <c>$ref</c> cannot be made nullable;
    /// NSwag's <c>{nullable, oneOf: [$ref]}</c> becomes the plain <c>$ref</c>: the member is then absent or null in
    /// examples (clients accept null for an object that is not required).</summary>
    private static void FixNullableReference(JsonObject node)
    {
        if (node["nullable"] is null || node["type"] is not null) return;
        node.Remove("nullable");
        var composed = node["oneOf"] as JsonArray ?? node["allOf"] as JsonArray ?? node["anyOf"] as JsonArray;
        if (composed is not { Count: 1 } || composed[0]?["$ref"] is not { } reference) return;
        var target = reference.GetValue<string>();
        foreach (var key in node.Select(p => p.Key).ToList()) node.Remove(key);
        node["$ref"] = target;
    }

    /// <summary>Drops what an example says that its schema cannot: null for a plain <c>$ref</c> member (see above); and
    /// writes enum members as the service does (NSwag renders C# enum names in examples).</summary>
    private static JsonNode? CleanExample(JsonObject schemas, JsonObject schema, JsonNode? example)
    {
        if (schema["$ref"] is { } reference)
            return Resolve(schemas, reference.GetValue<string>()) is { } target ? CleanExample(schemas, target, example) : example;
        if (example is JsonValue value && value.GetValueKind() == JsonValueKind.String && schema["enum"] is JsonArray members)
        {
            var text = value.GetValue<string>();
            var snake = JsonNamingPolicy.SnakeCaseLower.ConvertName(text);
            return members.Any(m => m?.GetValue<string>() == text) || members.All(m => m?.GetValue<string>() != snake) ? example : snake;
        }
        if (example is JsonArray array && schema["items"] is JsonObject items)
            for (var i = 0; i < array.Count; i++)
            {
                var cleaned = CleanExample(schemas, items, array[i]);
                if (!ReferenceEquals(cleaned, array[i])) array[i] = cleaned?.DeepClone();
            }
        if (example is not JsonObject obj || schema["properties"] is not JsonObject properties) return example;
        foreach (var (name, member) in properties)
        {
            if (member is not JsonObject memberSchema || !obj.ContainsKey(name)) continue;
            if (obj[name] is null && memberSchema["$ref"] is not null) obj.Remove(name);
            else
            {
                var cleaned = CleanExample(schemas, memberSchema, obj[name]);
                if (!ReferenceEquals(cleaned, obj[name])) obj[name] = cleaned?.DeepClone();
            }
        }
        return example;
    }

    /// <summary>C# enums go over the wire in snake_case (<c>DateTime</c> is <c>date_time</c>); NSwag lists their C# names.</summary>
    private static void FixEnumComponent(JsonObject schema)
    {
        if (schema["x-enumNames"] is null || schema["enum"] is not JsonArray members) return;
        schema.Remove("x-enumNames");
        schema["enum"] = new JsonArray(members.Select(m => (JsonNode?)JsonNamingPolicy.SnakeCaseLower.ConvertName(m!.GetValue<string>())).ToArray());
        if (string.IsNullOrEmpty(schema["description"]?.GetValue<string>())) schema.Remove("description");
    }

    private static void FixMediaExample(JsonObject schemas, JsonObject media)
    {
        if (media["example"] is not { } example || media["schema"] is not JsonObject schema) return;
        media["example"] = example = CleanExample(schemas, schema, example)?.DeepClone()!;
        if (!ExampleValid(schemas, schema, example)) media.Remove("example");
    }

    /// <summary>A loose structural check, enough to drop examples NSwag mis-renders (a form file as an object); the test
    /// suite validates every example against its schema with redocly.</summary>
    private static bool ExampleValid(JsonObject schemas, JsonObject schema, JsonNode? example)
    {
        if (schema["$ref"] is { } reference)
            return Resolve(schemas, reference.GetValue<string>()) is not JsonObject target || ExampleValid(schemas, target, example);
        if (example is null) return true;
        return schema["type"]?.GetValue<string>() switch
        {
            "string" => example.GetValueKind() == JsonValueKind.String,
            "object" => example is JsonObject obj && (schema["properties"] as JsonObject ?? []).All(p =>
                !obj.ContainsKey(p.Key) || p.Value is not JsonObject ps || ExampleValid(schemas, ps, obj[p.Key])),
            _ => true,
        };
    }

    private static JsonObject? Resolve(JsonObject schemas, string reference) => schemas[RefName(reference)] as JsonObject;

    private static string RefName(string reference) => reference.Split('/')[^1];

    /// <summary>Login first: the reference lists operations of a tag in the order of the paths.</summary>
    private static void OrderPaths(JsonObject document)
    {
        var paths = document["paths"]!.AsObject();
        var ordered = paths.OrderBy(p => p.Key == "/users/token" ? 0 : 1).ToList();
        var copy = new JsonObject();
        foreach (var (key, value) in ordered) copy[key] = value!.DeepClone();
        document["paths"] = copy;
    }

    private static JsonArray TagList(JsonObject paths)
    {
        var used = paths.SelectMany(p => p.Value!.AsObject()).Where(o => Verbs.Contains(o.Key))
            .SelectMany(o => o.Value!["tags"]?.AsArray().Select(t => t!.GetValue<string>()) ?? []).ToHashSet();
        var tags = new JsonArray();
        foreach (var (name, description) in Tags.Where(t => used.Contains(t.Name)))
            tags.Add(new JsonObject { ["name"] = name, ["description"] = description });
        foreach (var name in used.Where(u => Tags.All(t => t.Name != u)).Order())
            tags.Add(new JsonObject { ["name"] = name, ["description"] = $"{name} operations." });
        return tags;
    }

    private static JsonObject SecuritySchemes() => new()
    {
        ["OAuth2"] = new JsonObject
        {
            ["type"] = "oauth2",
            ["description"] = "Log in with your username and password (`POST /users/token`, form-encoded); the reference's "
                + "\"Try it\" does this for you and sends the token with every request.",
            ["flows"] = new JsonObject
            {
                ["password"] = new JsonObject { ["tokenUrl"] = "/users/token", ["scopes"] = new JsonObject() },
            },
        },
        ["Bearer"] = new JsonObject
        {
            ["type"] = "http",
            ["scheme"] = "bearer",
            ["bearerFormat"] = "JWT",
            ["description"] = "Get a token with `POST /users/token` (form fields `username`, `password`, and `otp` with "
                + "two-factor login; or a personal access token) and send it as `Authorization: Bearer <token>`.",
        },
    };

    private static void RemoveUnusedSchemas(JsonObject document)
    {
        var schemas = document["components"]!["schemas"]!.AsObject();
        while (true)
        {
            var text = document.ToJsonString();
            var unused = schemas.Select(s => s.Key)
                .Where(name => !text.Contains($"\"#/components/schemas/{name}\"", StringComparison.Ordinal)).ToList();
            if (unused.Count == 0) return;
            foreach (var name in unused) schemas.Remove(name);
        }
    }

    private static IEnumerable<JsonObject> Descendants(JsonNode node)
    {
        if (node is JsonObject obj)
        {
            yield return obj;
            foreach (var (key, child) in obj.ToList())
            {
                if (child is null || key is "example" or "examples") continue;
                // A map of names (properties, paths, responses...) is not a schema itself: only its members are.
                var members = key is "properties" or "schemas" or "paths" or "responses" or "content" or "headers" && child is JsonObject map
                    ? map.Select(m => m.Value).ToList()
                    : [child];
                foreach (var member in members.OfType<JsonNode>())
                foreach (var d in Descendants(member)) yield return d;
            }
        }
        else if (node is JsonArray array)
            foreach (var child in array.ToList())
                if (child is not null)
                    foreach (var d in Descendants(child)) yield return d;
    }

    /// <summary>The FastEndpoints endpoint classes of the given assemblies, for operationIds.</summary>
    public static IEnumerable<Type> EndpointTypes(params System.Reflection.Assembly[] assemblies)
        => assemblies.SelectMany(a => a.GetTypes()).Where(t => !t.IsAbstract && typeof(BaseEndpoint).IsAssignableFrom(t));
}
