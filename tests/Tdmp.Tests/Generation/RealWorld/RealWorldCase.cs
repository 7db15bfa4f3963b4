using System.IO.Compression;
using Tdmp.Generation.Schema;

namespace Tdmp.Tests.Generation.RealWorld;

/// <summary>
/// One published schema of <c>tests/data/schemas/real-world/&lt;case&gt;/</c>, described by its <c>case.env</c>
/// (kind, main, root, zip, catalog, extra formats; see the README there).
/// </summary>
public sealed record RealWorldCase(string Name, string Directory, string Kind, string Main, string? Root, string? Zip,
    IReadOnlyList<(string Url, string File)> Catalog, IReadOnlyList<string> Extra)
{
    public static string CasesDirectory => Path.Combine(SharedSchemas.Directory, "real-world");

    public static IEnumerable<RealWorldCase> All() =>
        System.IO.Directory.GetDirectories(CasesDirectory).Order(StringComparer.Ordinal)
            .Where(d => File.Exists(Path.Combine(d, "case.env")))
            .Select(d => Load(Path.GetFileName(d)));

    public static RealWorldCase Load(string name) => Load(name, CasesDirectory);

    /// <summary>The case <paramref name="name"/> of another folder of cases laid out the same way (the XSD sweep's).</summary>
    public static RealWorldCase Load(string name, string casesDirectory)
    {
        var directory = Path.Combine(casesDirectory, name);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(Path.Combine(directory, "case.env")))
        {
            var at = line.IndexOf('=');
            if (at <= 0 || line.TrimStart().StartsWith('#')) continue;
            var value = line[(at + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0]) value = value[1..^1];
            values[line[..at].Trim()] = value;
        }
        var catalog = values.TryGetValue("catalog", out var c)
            ? c.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(entry => entry.Split('=', 2)).Select(p => (p[0], p[1])).ToList()
            : [];
        return new RealWorldCase(name, directory, values["kind"], values["main"], values.GetValueOrDefault("root"), values.GetValueOrDefault("zip"),
            catalog, values.TryGetValue("extra", out var extra) ? extra.Split(' ', StringSplitOptions.RemoveEmptyEntries) : []);
    }

    public string MainPath => Path.Combine(Directory, Main);

    /// <summary>The main file as xmllint should load it: by its published URL when a catalog folder entry covers it, since
    /// files that import it back (ISO 19139's, of GML) name it so, and xmllint warns of a namespace loaded from two places.</summary>
    public string MainLocation =>
        Catalog.Where(e => e.Url.EndsWith('/') && Main.StartsWith(e.File.TrimEnd('/') + "/", StringComparison.Ordinal))
            .Select(e => e.Url + Main[(e.File.TrimEnd('/').Length + 1)..]).FirstOrDefault() ?? MainPath;

    /// <summary>What a user uploads: the main file, or the <c>zip</c> folder zipped with its relative paths.</summary>
    public byte[] Upload()
    {
        if (Zip is null) return File.ReadAllBytes(MainPath);
        var folder = Path.Combine(Directory, Zip);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var file in System.IO.Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var entry = zip.CreateEntry(Path.GetRelativePath(folder, file).Replace('\\', '/'));
                using var stream = entry.Open();
                stream.Write(File.ReadAllBytes(file));
            }
        return buffer.ToArray();
    }

    public SchemaRepr Read() =>
        SchemaReader.Read(Upload(), Kind == "json" ? SchemaLanguage.JsonSchema : SchemaLanguage.Xsd, SchemaReadLimits.Default);

    /// <summary>The repr a dataset with this case's root is planned on, as the service reads it: the stored one, or the
    /// upload read again with the root made first when the root is past the stored documents (SchemaReprs.ForRootAsync).</summary>
    public SchemaRepr ReadForRoot()
    {
        var stored = Read();
        return SchemaReader.MayReadForRoot(stored, Root) ? SchemaReader.ReadForRoot(Upload(), stored, Root!, SchemaReadLimits.Default) : stored;
    }

    /// <summary>An XML catalog mapping the case's absolute schema URLs to its files, for xmllint (XML_CATALOG_FILES); a URL
    /// that ends in <c>/</c> maps every URL below it to the same path below the folder (a published tree of schemas).</summary>
    public string? WriteCatalog(string directory)
    {
        if (Catalog.Count == 0) return null;
        var path = Path.Combine(directory, "catalog.xml");
        var entries = string.Concat(Catalog.Select(e =>
        {
            var file = new Uri(Path.Combine(Directory, e.File)).AbsoluteUri;
            if (e.Url.EndsWith('/'))
            {
                var folder = file.TrimEnd('/') + "/";
                return $"""
                      <rewriteSystem systemIdStartString="{e.Url}" rewritePrefix="{folder}"/>
                      <rewriteURI uriStartString="{e.Url}" rewritePrefix="{folder}"/>

                    """;
            }
            return $"""  <system systemId="{e.Url}" uri="{file}"/>{"\n"}  <uri name="{e.Url}" uri="{file}"/>{"\n"}""";
        }));
        File.WriteAllText(path, $"""
            <?xml version="1.0"?>
            <catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
            {entries}</catalog>
            """);
        return path;
    }

    public override string ToString() => Name;
}
