using System.Text.Json;

namespace Tdmp.Generation.Schema.Json;

/// <summary>
/// The official meta-schemas (draft-04 ... 2020-12), embedded in the service (Schema/Json/MetaSchemas), so that a
/// <c>$ref</c> to one resolves without the network. Parsed once, on first use.
/// </summary>
internal static class MetaSchemas
{
    public sealed record MetaSchema(string Uri, JsonElement Root, string IdKeyword);

    private static readonly Lazy<Dictionary<string, MetaSchema>> All = new(Load);

    /// <summary>The meta-schema with this URI (without fragment; http and https alike), or null.</summary>
    public static MetaSchema? Find(string uri) => All.Value.GetValueOrDefault(Normalize(uri));

    private static string Normalize(string uri) =>
        uri.TrimEnd('#').Replace("https://", "http://", StringComparison.Ordinal);

    private static Dictionary<string, MetaSchema> Load()
    {
        var found = new Dictionary<string, MetaSchema>();
        var assembly = typeof(MetaSchemas).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("metaschema:", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            var root = JsonDocument.Parse(stream).RootElement.Clone();
            var idKeyword = root.TryGetProperty("$id", out _) ? "$id" : "id";
            var id = root.GetProperty(idKeyword).GetString()!;
            found[Normalize(id)] = new MetaSchema(id, root, idKeyword);
        }
        return found;
    }
}
