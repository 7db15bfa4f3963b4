using System.IO.Compression;
using System.Text;
using Tdmp.Generation.Schema;

namespace Tdmp.Tests.Generation.Schema;

/// <summary>Small inline schemas for tests: wrap XSD content in a schema element, read text, build zips.</summary>
public static class SchemaText
{
    public const string XsdOpen = """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">""";

    public static SchemaRepr ReadXsd(string body, SchemaReadLimits? limits = null) =>
        Read(XsdOpen + body + "</xs:schema>", SchemaLanguage.Xsd, limits);

    public static SchemaRepr ReadJson(string json, SchemaReadLimits? limits = null) => Read(json, SchemaLanguage.JsonSchema, limits);

    public static SchemaRepr Read(string text, SchemaLanguage? language = null, SchemaReadLimits? limits = null) =>
        SchemaReader.Read(Encoding.UTF8.GetBytes(text), language, limits ?? SchemaReadLimits.Default);

    public static SchemaReadException Refused(string text, SchemaLanguage? language = null, SchemaReadLimits? limits = null) =>
        Assert.ThrowsAny<SchemaReadException>(() => Read(text, language, limits));

    public static byte[] Zip(IReadOnlyDictionary<string, string> files) => Zip([.. files.Select(f => (f.Key, f.Value))]);

    public static byte[] Zip(params (string Name, string Content)[] files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, content) in files)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(Encoding.UTF8.GetBytes(content));
            }
        return buffer.ToArray();
    }

    public static SchemaNode Node(this SchemaRepr repr, string path) =>
        repr.Find(path) ?? throw new Xunit.Sdk.XunitException($"no node '{path}'; have: {string.Join(", ", repr.AllNodes().Select(n => n.Path))}");
}
