using System.IO.Compression;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Schema;

namespace Tdmp.Tests.Generation.Engine;

/// <summary>
/// One small hand-written XSD per "XSD as published" feature, built to trip the reader (files in
/// <c>tests/data/schemas/xsd-adversarial</c>): every document of many seeds validates with xmllint, which prints nothing else.
/// </summary>
public class XsdAdversarialTests
{
    private static string Case(string name) => Path.Combine(SharedSchemas.Directory, "xsd-adversarial", name);

    /// <summary><c>common/types.xsd</c> and <c>other/types.xsd</c>, each including its own <c>inner/base.xsd</c>, all
    /// named by absolute URLs: a file name alone picks the wrong one (the other namespace's include).</summary>
    [Fact]
    public void Absolute_schema_locations_find_the_file_whose_path_ends_like_the_url_among_files_of_the_same_name()
    {
        var dir = Case("abs");
        var catalog = Path.Combine(EngineFixtures.TempDirectory("abs-catalog"), "catalog.xml");
        var entries = string.Concat(
            new[] { ("http://example.org/schemas/common/types.xsd", "common/types.xsd"),
                ("https://example.org/schemas/other/types.xsd", "other/types.xsd"),
                ("http://example.org/schemas/common/inner/base.xsd", "common/inner/base.xsd"),
                ("https://example.org/schemas/other/inner/base.xsd", "other/inner/base.xsd") }
            .Select(e => $"""<system systemId="{e.Item1}" uri="{new Uri(Path.Combine(dir, e.Item2)).AbsoluteUri}"/>"""));
        File.WriteAllText(catalog, $"""<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">{entries}</catalog>""");
        // Doc holds up to 3 records (c:A) then one o:B. Zipped in an order where the other folder's files come first.
        var files = AssertValid(Zip(dir, "other/inner/base.xsd", "other/types.xsd", "common/inner/base.xsd", "common/types.xsd", "main.xsd"),
            Path.Combine(dir, "main.xsd"), catalog);
        Assert.Matches("<b>[789]</b>", File.ReadAllText(files[0]));
        // The record element repeats at most 3 times in its root: 8 records of a seed make 3 files.
        Assert.Equal(15 * 3, files.Count);
    }

    /// <summary>Typed bases with patterns: a decimal and an integer with bounds, a negative int, date-times wanting
    /// <c>Z</c> or a numeric offset, a date, boolean, double, time, gYear, duration, and a pattern on a list type.</summary>
    [Fact]
    public void Patterns_on_typed_bases_and_lists_are_honoured_with_the_value_space()
    {
        var path = Case("pattern/p.xsd");
        var files = AssertValid(File.ReadAllBytes(path), path, null);
        var text = string.Join("\n", files.Select(File.ReadAllText));
        Assert.Contains("+00:00</dt2>", text);
    }

    /// <summary>Required <c>xs:any</c> of every namespace form (<c>##other</c>, <c>##targetNamespace</c>, <c>##local</c>,
    /// lists, <c>##any</c>) and every <c>processContents</c>, and a mixed type of wildcards.</summary>
    [Fact]
    public void Required_wildcards_of_every_namespace_form_and_process_contents_validate()
    {
        var dir = Case("any");
        var files = AssertValid(Zip(dir, "main.xsd", "other.xsd"), Path.Combine(dir, "main.xsd"), null);
        var text = File.ReadAllText(files[0]);
        Assert.DoesNotContain("##", text);
        Assert.Contains("<extension>", text); // ##local: an element in no namespace
    }

    /// <summary>A wildcard with <c>namespace=""</c> (an empty list, IATA NDC's policies) admits no element: the optional
    /// element that requires one is left out and a choice alternative that requires one is dropped. The old reader
    /// refused the schema ("Sequence contains no matching element").</summary>
    [Fact]
    public void A_required_wildcard_that_admits_no_namespace_leaves_out_what_requires_it()
    {
        var path = Case("any-none/main.xsd");
        var files = AssertValid(File.ReadAllBytes(path), path, null);
        var text = string.Join("\n", files.Select(File.ReadAllText));
        Assert.Contains("<note>", text);
        Assert.DoesNotContain("Policy", text);
    }

    /// <summary>A schema in ISO-8859-15 (a euro sign and umlauts in names, an enumeration and a pattern): read in its
    /// declared encoding. The old reader refused it ("System does not support 'ISO-8859-15' encoding").</summary>
    [Fact]
    public void A_schema_in_a_legacy_code_page_is_read_in_its_declared_encoding()
    {
        var path = Case("encoding/latin9.xsd");
        var files = AssertValid(File.ReadAllBytes(path), path, null);
        var text = string.Join("\n", files.Select(File.ReadAllText));
        Assert.Contains("<Währung>", text);
        Assert.Contains("€", text);
    }

    /// <summary>An <c>xs:redefine</c> of a simple type (narrowed to an enumeration), a complex type (extended), a group
    /// and an attribute group (each extended through a reference to itself).</summary>
    [Fact]
    public void Redefined_types_groups_and_attribute_groups_are_used_as_redefined()
    {
        var dir = Case("redefine");
        var files = AssertValid(Zip(dir, "base.xsd", "main.xsd"), Path.Combine(dir, "main.xsd"), null);
        var text = string.Join("\n", files.Select(File.ReadAllText));
        Assert.Contains("<age>", text);
        Assert.Contains("<more>", text);
        Assert.Contains(" b=\"", text);
        Assert.All(System.Text.RegularExpressions.Regex.Matches(text, "<code>([^<]*)</code>"), m => Assert.Contains(m.Groups[1].Value, "ABC XYZ"));
    }

    /// <summary>An XSD 1.1 <c>xs:override</c> replacing a simple type (a 3-letter code becomes an int 1..9) and a complex
    /// type (a person gains an age of a type declared beside the override). xmllint reads XSD 1.0 only, so the
    /// documents are validated against <c>flat-1.0.xsd</c>, the same schema written out by hand.</summary>
    [Fact]
    public void Overridden_components_replace_the_originals()
    {
        var dir = Case("override");
        var files = AssertValid(Zip(dir, "base.xsd", "main.xsd"), Path.Combine(dir, "flat-1.0.xsd"), null);
        var text = string.Join("\n", files.Select(File.ReadAllText));
        Assert.All(System.Text.RegularExpressions.Regex.Matches(text, "<code>([^<]*)</code>"), m => Assert.Matches("^[1-9]$", m.Groups[1].Value));
        Assert.Contains("<age>", text);
    }

    private static List<string> AssertValid(byte[] upload, string mainPath, string? catalog)
    {
        var repr = SchemaReader.Read(upload, SchemaLanguage.Xsd, SchemaReadLimits.Default);
        var plan = GenerationPlan.Create(repr, [], null);
        var files = EngineFixtures.XmlFiles(plan, EngineFixtures.TempDirectory("adversarial"), seeds: 15, records: 8);
        ExternalValidators.AssertXmllintValidQuietly(mainPath, files, catalog);
        return files;
    }

    private static byte[] Zip(string dir, params string[] names)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var name in names)
            {
                using var stream = archive.CreateEntry(name).Open();
                stream.Write(File.ReadAllBytes(Path.Combine(dir, name)));
            }
        return buffer.ToArray();
    }
}
