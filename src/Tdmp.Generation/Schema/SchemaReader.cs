using Tdmp.Generation.Regexes;
using Tdmp.Generation.Schema.Json;
using Tdmp.Generation.Schema.Xsd;

namespace Tdmp.Generation.Schema;

/// <summary>The entry point for uploads: tells the language apart and reads the schema into the repr.</summary>
public static class SchemaReader
{
    /// <summary>Reads an upload: a JSON Schema, an XSD, or a zip of XSD files whose imports and includes point at each other.</summary>
    /// <param name="document">XSD: the local name of a global element to make first, as a document, even past the budget
    /// of documents (a <c>root_path</c> naming DocBook's <c>book</c>, one of 400 global elements; see
    /// <see cref="ReadForRoot"/>). Ignored for JSON Schema.</param>
    /// <param name="main">A zip: the path in the zip of the main file (<see cref="ZipMain"/>). JSON Schema: needed where no
    /// single file is the one no other refers to (files that refer to each other in a cycle, as AWS Step Functions' state
    /// machine and its states). XSD: its global elements are the documents, where otherwise every file nothing imports gives
    /// them (a published tree holding several versions of one namespace). A single file is its own main file: ignored.</param>
    /// <remarks>Every pattern of the upload is analysed once, all of them within one <see cref="RegexBudget"/> (issue 13): the
    /// caller's when it has begun one, else the read's own. Without one, a pattern used by many alternatives was analysed
    /// again at each (160 task alternatives × 160 task names: 18 s instead of 1 s).</remarks>
    /// <exception cref="SchemaReadException">The upload does not parse or compile, is over a limit, or uses something unsupported.</exception>
    public static SchemaRepr Read(byte[] content, SchemaLanguage? language, SchemaReadLimits limits, string? document = null,
        string? main = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length > limits.MaxBytes)
            throw new SchemaReadException($"The file is {content.Length} bytes; uploads are limited to {limits.MaxBytes} bytes.");
        if (content.Length == 0) throw new SchemaReadException("The file is empty.");
        var sniffed = Sniff(content);
        language ??= sniffed ?? throw new SchemaReadException(
            "Cannot tell whether this is an XSD or a JSON Schema: the file starts with neither '<', '{' nor a zip header. Pass the type explicitly.");
        using var regexBudget = RegexBudget.Current is null ? RegexBudget.Begin() : null;
        try
        {
            var repr = language switch
            {
                SchemaLanguage.JsonSchema when IsZip(content) => JsonSchemaReader.ReadZip(content, limits, main),
                SchemaLanguage.JsonSchema => JsonSchemaReader.Read(content, limits),
                _ when IsZip(content) => XsdSchemaReader.ReadZip(content, limits, document, main),
                _ => XsdSchemaReader.Read(content, limits, document),
            };
            if (ReprRecursion.EndlessRecursion(repr) is { } endless) throw new SchemaReadException($"No record can be made: {endless}.");
            return repr;
        }
        catch (Exception e) when (e is not (SchemaReadException or OutOfMemoryException or StackOverflowException))
        {
            // A schema shape the readers did not foresee is still the upload's problem to report, never a crash.
            throw new SchemaReadException($"The schema could not be read: {e.Message}", inner: e);
        }
    }

    /// <summary>Whether a <c>root_path</c> names nothing of a stored XSD repr: it may name a global element past the
    /// upload's budget of documents, which <see cref="ReadForRoot"/> reads.</summary>
    public static bool MayReadForRoot(SchemaRepr stored, string? rootPath) =>
        rootPath is not null && stored.Language == SchemaLanguage.Xsd && stored.Find(rootPath) is null;

    /// <summary>The XSD upload read again with the global element that <paramref name="rootPath"/> starts with made first
    /// (GML, DocBook and MSBuild declare hundreds; an upload keeps its documents up to a budget); the stored repr when that
    /// does not give the path (no such element, or no such node below it), so the caller's "no node" answer lists the roots.</summary>
    /// <exception cref="SchemaReadException">The element is declared but no document of it can be made (an abstract type
    /// nothing derives from, a required wildcard that admits nothing), which is why the upload does not offer it.</exception>
    public static SchemaRepr ReadForRoot(byte[] content, SchemaRepr stored, string rootPath, SchemaReadLimits limits)
    {
        var element = rootPath.Split('.', '[')[0];
        if (element.Length == 0) return stored;
        var again = Read(content, SchemaLanguage.Xsd, limits, element, stored.MainFile);
        return again.Find(rootPath) is not null ? again : stored;
    }

    /// <summary>The language by the first bytes: <c>&lt;</c> is XML, <c>{</c> JSON, <c>PK</c> a zip (of .json files: JSON Schema, else XSD); null
    /// when none of these.</summary>
    public static SchemaLanguage? Sniff(byte[] content)
    {
        if (IsZip(content)) return ZipHoldsJsonSchemas(content) ? SchemaLanguage.JsonSchema : SchemaLanguage.Xsd;
        var span = content.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) span = span[3..];
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return SchemaLanguage.Xsd; // UTF-16: only XML declares its own encoding
        foreach (var b in span)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') continue;
            return b switch
            {
                (byte)'<' => SchemaLanguage.Xsd,
                (byte)'{' => SchemaLanguage.JsonSchema,
                _ => null,
            };
        }
        return null;
    }

    /// <summary>A zip of JSON Schema files (<see cref="JsonSchemaReader.IsSchemaFile"/>) and no .xsd file is a JSON Schema upload.</summary>
    private static bool ZipHoldsJsonSchemas(byte[] content)
    {
        try
        {
            using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(content), System.IO.Compression.ZipArchiveMode.Read);
            var names = zip.Entries.Select(e => e.FullName).ToList();
            return names.Any(JsonSchemaReader.IsSchemaFile)
                && !names.Any(n => n.EndsWith(".xsd", StringComparison.OrdinalIgnoreCase));
        }
        catch (InvalidDataException)
        {
            return false; // the XSD reader reports the damaged zip
        }
    }

    private static bool IsZip(byte[] content) =>
        content.AsSpan().StartsWith("PK\u0003\u0004"u8) || content.AsSpan().StartsWith("PK\u0005\u0006"u8);
}
