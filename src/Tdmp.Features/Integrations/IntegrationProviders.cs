using System.Net;
using System.Text.Json;
using Tdmp.Features.Integrations.Outbound;

namespace Tdmp.Features.Integrations;

/// <summary>One configuration field of a provider. <c>type</c>: <c>string</c>, <c>url</c>, <c>boolean</c> or <c>string[]</c>.</summary>
public sealed record ProviderField(string Name, string Type, bool Required, bool Secret, string Description);

/// <summary>An integration provider and its configuration fields.</summary>
public sealed record ProviderDefinition(string Provider, string Description, IReadOnlyList<ProviderField> Fields);

/// <summary>A provider's configuration split into what is stored in clear and the secrets stored encrypted.</summary>
public sealed record ValidatedConfig(Dictionary<string, JsonElement> Plain, Dictionary<string, string> Secrets, string[] Events);

/// <summary>The providers (<c>s3</c>, <c>webhook</c>) and the checks of their configuration.</summary>
public static class IntegrationProviders
{
    public const string S3 = "s3";
    public const string Webhook = "webhook";

    public static readonly ProviderDefinition[] All =
    [
        new(S3, "An S3 bucket (AWS or S3-compatible: MinIO, Ceph, ...) that datasets are exported to with POST /datasets/{dataset_id}/export-s3.",
        [
            new("bucket", "string", true, false, "Bucket name."),
            new("region", "string", false, false, "AWS region (default us-east-1); for S3-compatible stores whatever they expect."),
            new("endpoint_url", "url", false, false, "Endpoint of an S3-compatible store (https://minio.example.com); empty for AWS."),
            new("force_path_style", "boolean", false, false,
                "Address buckets as <endpoint>/<bucket> instead of <bucket>.<endpoint> (most S3-compatible stores need true)."),
            new("access_key_id", "string", true, false, "Access key id."),
            new("secret_access_key", "string", true, true, "Secret access key; stored encrypted, shown as ***."),
            new("prefix", "string", false, false,
                "Default key prefix of exports (a request's prefix replaces it); files go to <prefix>/dataset-<id>/<file name>."),
        ]),
        new(Webhook,
            "An HTTPS endpoint that receives signed JSON POSTs for events: dataset.completed, dataset.failed, schema.uploaded, project.created.",
        [
            new("url", "url", true, false,
                "http(s) URL that receives the POSTs; private, loopback and link-local targets are refused unless the operator allows them."),
            new("secret", "string", true, true,
                "Shared secret of the HMAC-SHA256 signature in X-Tdmp-Signature (at least 16 characters); stored encrypted, shown as ***."),
            new("events", "string[]", false, false, "Events to receive (default: all); may also be sent as the integration's top-level events."),
        ]),
    ];

    public static ProviderDefinition? Find(string? provider) => All.FirstOrDefault(p => p.Provider == provider);

    /// <summary>
    /// Checks <paramref name="config"/> against the provider's fields and splits it. A secret sent as <c>***</c> (or left out)
    /// keeps the one in <paramref name="storedSecrets"/> (on update); without a stored one it is missing. Errors are keyed
    /// <c>config.&lt;field&gt;</c> (and <c>events</c>), in <paramref name="errors"/>.
    /// </summary>
    public static ValidatedConfig Validate(ProviderDefinition provider, IReadOnlyDictionary<string, JsonElement>? config, string[]? events,
        IReadOnlyDictionary<string, string>? storedSecrets, bool allowPrivateTargets, Dictionary<string, List<string>> errors)
    {
        config ??= new Dictionary<string, JsonElement>();
        var plain = new Dictionary<string, JsonElement>();
        var secrets = new Dictionary<string, string>();
        void Error(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(message);
        }

        foreach (var key in config.Keys.Where(k => provider.Fields.All(f => f.Name != k)))
            Error($"config.{key}",
                $"The {provider.Provider} provider has no field '{key}'; its fields: {string.Join(", ", provider.Fields.Select(f => f.Name))}.");

        string[]? configEvents = null;
        foreach (var field in provider.Fields)
        {
            var name = $"config.{field.Name}";
            var present = config.TryGetValue(field.Name, out var value) && value.ValueKind != JsonValueKind.Null;
            if (field.Secret)
            {
                var text = present && value.ValueKind == JsonValueKind.String ? value.GetString()! : null;
                if (present && text is null) { Error(name, "Must be a string."); continue; }
                if (text is null or IntegrationSecrets.Mask)
                {
                    if (storedSecrets?.TryGetValue(field.Name, out var stored) == true) secrets[field.Name] = stored;
                    else if (field.Required) Error(name, text is null ? "Required."
                        : "Send the secret itself; *** keeps a stored secret only on update.");
                    continue;
                }
                if (field.Name == "secret" && text.Length < 16) Error(name, "At least 16 characters.");
                secrets[field.Name] = text;
                continue;
            }
            if (!present)
            {
                if (field.Required) Error(name, "Required.");
                continue;
            }
            switch (field.Type)
            {
                case "boolean" when value.ValueKind is not (JsonValueKind.True or JsonValueKind.False):
                    Error(name, "Must be true or false.");
                    continue;
                case "string[]":
                    if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
                        Error(name, "Must be an array of strings.");
                    else configEvents = value.EnumerateArray().Select(e => e.GetString()!).ToArray();
                    continue;
                case "string" or "url" when value.ValueKind != JsonValueKind.String:
                    Error(name, "Must be a string.");
                    continue;
                case "string" or "url" when string.IsNullOrWhiteSpace(value.GetString()):
                    if (field.Required) Error(name, "Must not be empty.");
                    continue;
                case "url":
                    if (CheckUrl(value.GetString()!, allowPrivateTargets) is { } problem) { Error(name, problem); continue; }
                    break;
            }
            if (field.Name == "prefix" && ExportPrefixes.Problem(value.GetString()) is { } prefixProblem) { Error(name, prefixProblem); continue; }
            if (field.Name == "bucket" && !System.Text.RegularExpressions.Regex.IsMatch(value.GetString()!, "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$"))
            {
                Error(name, "A bucket name has 3 to 63 of a-z 0-9 . - and starts and ends with a letter or digit.");
                continue;
            }
            if (field.Name != "events") plain[field.Name] = value.Clone();
        }

        if (provider.Provider == S3 && plain.TryGetValue("region", out var regionValue) && regionValue.ValueKind == JsonValueKind.String
            && RegionProblem(regionValue.GetString()!, plain.ContainsKey("endpoint_url")) is { } regionProblem)
            Error("config.region", regionProblem);

        var chosen = events ?? configEvents;
        if (events is not null && configEvents is not null && !events.Order().SequenceEqual(configEvents.Order()))
            Error("events", "Send the events once: as the top-level events or as config.events, not both with different lists.");
        if (provider.Provider == Webhook)
        {
            chosen ??= EventNames.Webhooks;
            foreach (var unknown in chosen.Where(e => !EventNames.Webhooks.Contains(e)).Distinct())
                Error("events", $"Unknown event '{unknown}'; the events are {string.Join(", ", EventNames.Webhooks)}.");
            if (chosen.Length == 0) Error("events", "A webhook needs at least one event.");
        }
        else if (chosen is { Length: > 0 })
            Error("events", $"Only webhooks receive events; the {provider.Provider} provider takes none.");
        return new ValidatedConfig(plain, secrets, (chosen ?? []).Distinct().Order(StringComparer.Ordinal).ToArray());
    }

    /// <summary>An absolute http(s) URL; a literal private address is refused at once (host names are checked when connecting).</summary>
    /// <summary>An AWS region the SDK knows (<c>eu-central-1</c>); with an <c>endpoint_url</c> (an S3-compatible store) any
    /// lower-case name of letters, digits and dashes, which is what such stores expect.</summary>
    public static string? RegionProblem(string region, bool hasEndpoint)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(region, "^[a-z0-9]+(-[a-z0-9]+)*$") || region.Length > 32)
            return "A region is lower-case letters, digits and dashes, e.g. eu-central-1.";
        if (!hasEndpoint && !Amazon.RegionEndpoint.EnumerableAllRegions.Any(r => r.SystemName == region))
            return $"'{region}' is not an AWS region (e.g. us-east-1, eu-central-1); for an S3-compatible store set endpoint_url too.";
        return null;
    }

    private static string? CheckUrl(string text, bool allowPrivateTargets)
    {
        if (!OutboundHttp.IsHttpUrl(text, out var uri)) return "Must be an absolute http:// or https:// URL.";
        if (!allowPrivateTargets && IPAddress.TryParse(uri!.Host.Trim('[', ']'), out var address) && TargetAddresses.WhyRefused(address) is { } why)
            return $"A {why} address is not allowed as a target "
                + "(the operator may allow private targets with Integrations__AllowPrivateTargets=true).";
        if (!allowPrivateTargets && uri!.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            return "A loopback address is not allowed as a target (the operator may allow private targets with "
                + "Integrations__AllowPrivateTargets=true).";
        return null;
    }
}

/// <summary>Key prefixes of S3 exports.</summary>
public static class ExportPrefixes
{
    /// <summary>Why the prefix cannot be used, or null.</summary>
    public static string? Problem(string? prefix)
    {
        if (string.IsNullOrEmpty(prefix)) return null;
        if (prefix.Length > 512) return "At most 512 characters.";
        if (prefix.Any(char.IsControl) || prefix.Contains('\\')) return "No control characters or backslashes.";
        if (prefix.Split('/', StringSplitOptions.RemoveEmptyEntries).Any(s => s is "." or "..")) return "No . or .. segments.";
        return null;
    }

    /// <summary>The key of a dataset file: <c>&lt;prefix&gt;/dataset-&lt;id&gt;/&lt;file name&gt;</c>.</summary>
    public static string Key(string? prefix, long datasetId, string fileName) => Join(prefix, $"dataset-{datasetId}/{fileName}");

    /// <summary><paramref name="name"/> under the prefix (without leading or doubled slashes).</summary>
    public static string Join(string? prefix, string name)
    {
        var clean = (prefix ?? "").Trim('/');
        return (clean.Length == 0 ? "" : clean + "/") + name;
    }
}
