using System.Text.Json.Nodes;
using System.Xml.Linq;
using Tdmp.Generation.Engine;

namespace Tdmp.Tests.Generation.Engine;

/// <summary>
/// Issue 17, point 8: every format carries the same records, and the file-level XSD content around them (a library's
/// authors, an invoice batch's header) too: in JSON as a part of its own, in CSV and SQL as tables of their own, so
/// every reference from a record resolves in every format.
/// </summary>
public class FileContentInEveryFormatTests
{
    private static readonly DateOnly Reference = new(2026, 12, 2);

    private static (MemorySink Sink, GenerationResult Result) Generate(string schema, OutputFormat format, long count = 600, long perFile = 250) =>
        EngineFixtures.Generate(GenerationPlan.Create(SharedSchemas.Read(schema), [], null, referenceDate: Reference),
            new GenerationOptions { Seed = 17, RecordCount = count, RecordsPerFile = perFile, Types = [format] });

    private static List<GeneratedFile> FilesOf(GenerationResult result, string part) =>
        [.. result.Files.Where(f => f.Part == part).OrderBy(f => f.FileIndex)];

    [Theory]
    [InlineData(OutputFormat.Json)]
    [InlineData(OutputFormat.Jsonl)]
    public void Library_books_point_at_authors_of_their_own_json_file(OutputFormat format)
    {
        var (sink, result) = Generate("library.xsd", format);
        var books = FilesOf(result, "book");
        var libraries = FilesOf(result, "library");
        Assert.Equal(3, books.Count);
        Assert.Equal(3, libraries.Count);
        Assert.Equal("book-00000." + (format == OutputFormat.Json ? "json" : "jsonl"), books[0].Name);
        Assert.Equal("library-00000." + (format == OutputFormat.Json ? "json" : "jsonl"), libraries[0].Name);
        var refs = 0;
        for (var file = 0; file < 3; file++)
        {
            var library = JsonNode.Parse(sink.Text(libraries[file].Name))!.AsObject();
            Assert.Equal(1, libraries[file].RecordCount);
            Assert.NotNull(library["@name"]);
            Assert.Null(library["Book"]);
            var authors = library["Author"]!.AsArray().Select(a => a!["@id"]!.GetValue<string>()).ToHashSet();
            Assert.NotEmpty(authors);
            var text = sink.Text(books[file].Name);
            var records = format == OutputFormat.Json
                ? JsonNode.Parse(text)!.AsArray().Select(n => n!)
                : text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!);
            foreach (var book in records)
            {
                Assert.Contains(book["@authorRef"]!.GetValue<string>(), authors);
                refs++;
            }
        }
        Assert.Equal(600, refs);
    }

    [Fact]
    public void Library_books_point_at_authors_of_their_own_csv_file()
    {
        var (sink, result) = Generate("library.xsd", OutputFormat.Csv);
        var books = FilesOf(result, "book");
        var authorFiles = FilesOf(result, "library_author");
        var libraryFiles = FilesOf(result, "library");
        Assert.Equal(3, books.Count);
        Assert.Equal(3, authorFiles.Count);
        Assert.Equal(3, libraryFiles.Count);
        var refs = 0;
        for (var file = 0; file < 3; file++)
        {
            var library = CsvReader.Parse(sink.Text(libraryFiles[file].Name));
            Assert.Equal(2, library.Count);
            Assert.Equal((file + 1).ToString(), library[1][0]);
            var authorRows = CsvReader.Parse(sink.Text(authorFiles[file].Name));
            var id = authorRows[0].IndexOf("@id");
            var parent = authorRows[0].IndexOf("_parent_row_id");
            Assert.All(authorRows.Skip(1), r => Assert.Equal((file + 1).ToString(), r[parent]));
            var authors = authorRows.Skip(1).Select(r => r[id]).ToHashSet();
            var bookRows = CsvReader.Parse(sink.Text(books[file].Name));
            var authorRef = bookRows[0].IndexOf("@authorRef");
            Assert.True(authorRef >= 0 && id >= 0);
            foreach (var row in bookRows.Skip(1))
            {
                Assert.Contains(row[authorRef], authors);
                refs++;
            }
        }
        Assert.Equal(600, refs);
    }

    [Fact]
    public void Library_books_point_at_authors_in_the_sql_tables_and_invoice_headers_load()
    {
        var (sink, result) = Generate("library.xsd", OutputFormat.Sql);
        var dir = EngineFixtures.TempDirectory("envelope-sql");
        var output = ExternalValidators.WithDatabase(db =>
        {
            foreach (var f in result.Files.OrderBy(f => f.FileIndex))
            {
                var path = Path.Combine(dir, f.Name);
                File.WriteAllBytes(path, sink.Bytes(f.Name));
                ExternalValidators.Psql(db, file: path);
            }
            return ExternalValidators.Psql(db, """
                SELECT (SELECT count(*) FROM library), (SELECT count(*) FROM library_author), (SELECT count(*) FROM book),
                       (SELECT count(*) FROM book b WHERE NOT EXISTS (SELECT 1 FROM library_author a WHERE a.id = b.author_ref))
                """);
        });
        var counts = output.Split('|').Select(long.Parse).ToArray();
        Assert.Equal(3, counts[0]);
        Assert.True(counts[1] >= 3, $"{counts[1]} authors");
        Assert.Equal(600, counts[2]);
        Assert.Equal(0, counts[3]);

        var (invoiceSink, invoices) = Generate("invoice.xsd", OutputFormat.Sql, count: 300, perFile: 300);
        var invoiceOutput = ExternalValidators.WithDatabase(db =>
        {
            var path = Path.Combine(dir, "invoice.sql");
            File.WriteAllBytes(path, invoiceSink.Bytes(Assert.Single(invoices.Files).Name));
            ExternalValidators.Psql(db, file: path);
            return ExternalValidators.Psql(db, "SELECT count(*), min(header_batch_id) FROM invoice_batch");
        });
        Assert.StartsWith("1|", invoiceOutput);
        Assert.True(invoiceOutput.Length > 2, invoiceOutput);
    }

    [Theory]
    [InlineData(OutputFormat.Json)]
    [InlineData(OutputFormat.Csv)]
    public void An_invoice_batch_header_has_the_same_values_as_in_xml(OutputFormat format)
    {
        var (xmlSink, xml) = Generate("invoice.xsd", OutputFormat.Xml, count: 200, perFile: 100);
        var (sink, result) = Generate("invoice.xsd", format, count: 200, perFile: 100);
        XNamespace ns = "urn:example:invoicing:1";
        var files = FilesOf(result, "invoice_batch");
        Assert.Equal(2, files.Count);
        for (var file = 0; file < 2; file++)
        {
            var header = XDocument.Parse(xmlSink.Text(xml.Files.Single(f => f.FileIndex == file).Name)).Root!.Element(ns + "Header")!;
            var batchId = header.Element(ns + "BatchId")!.Value;
            var createdAt = header.Element(ns + "CreatedAt")!.Value;
            if (format == OutputFormat.Json)
            {
                var batch = JsonNode.Parse(sink.Text(files[file].Name))!;
                Assert.Equal(batchId, batch["Header"]!["BatchId"]!.GetValue<string>());
                Assert.Equal(createdAt, batch["Header"]!["CreatedAt"]!.GetValue<string>());
                Assert.Equal("1.0", batch["@version"]!.GetValue<string>());
            }
            else
            {
                var rows = CsvReader.Parse(sink.Text(files[file].Name));
                Assert.Equal(2, rows.Count);
                Assert.Equal(batchId, rows[1][rows[0].IndexOf("Header.BatchId")]);
                Assert.Equal(createdAt, rows[1][rows[0].IndexOf("Header.CreatedAt")]);
            }
        }
    }
}
