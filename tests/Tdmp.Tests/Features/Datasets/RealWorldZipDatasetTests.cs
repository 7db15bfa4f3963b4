using System.IO.Compression;
using Tdmp.Tests.Generation.Engine;
using Tdmp.Tests.Generation.RealWorld;

namespace Tdmp.Tests.Features.Datasets;

/// <summary>A published multi-file XSD (OGC KML 2.2 with Atom and xAL) uploaded as a zip through the API, generated as
/// a dataset with <c>root_path</c> and <c>max_depth</c>, and every downloaded document valid under xmllint.</summary>
[Collection(DatasetsApiCollection.Name)]
public sealed class RealWorldZipDatasetTests(TdmpApi api) : IAsyncLifetime
{
    private HttpClient admin = null!;

    public async Task InitializeAsync()
    {
        var tenant = await api.CreateTenantAsync();
        admin = await (await tenant.CreateUserAsync(TenantRole.Admin)).LoginAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(null)]
    [InlineData(3)]
    public async Task Kml_zip_upload_generates_documents_that_validate(int? maxDepth)
    {
        var kml = RealWorldCase.Load("kml-2.2");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Workspace.Unique("kml")), "name" },
            { new ByteArrayContent(kml.Upload()), "file", "kml-2.2.zip" },
        };
        var schemaId = (await (await admin.PostAsync("/schemas", form)).ExpectAsync(HttpStatusCode.Created)).GetProperty("schema_id").GetInt64();
        var projectId = await Workspace.CreateProjectAsync(admin);
        await Workspace.LinkSchemaAsync(admin, projectId, schemaId);

        var done = await Workspace.GenerateAsync(admin, new
        {
            name = Workspace.Unique("kml"), project_id = projectId, schema_id = schemaId, record_count = 6, types = new[] { "xml" },
            @params = new { seed = 11, root_path = kml.Root, max_depth = maxDepth },
        });
        Assert.Equal("completed", done.GetProperty("status").GetString());

        var response = await admin.GetAsync($"/data/{done.GetProperty("dataset_id").GetInt64()}?format=xml");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var dir = EngineFixtures.TempDirectory("kml-api");
        var files = new List<string>();
        if (response.Content.Headers.ContentType?.MediaType == "application/zip")
        {
            using var zip = new ZipArchive(new MemoryStream(bytes));
            foreach (var entry in zip.Entries)
            {
                var path = Path.Combine(dir, entry.FullName);
                entry.ExtractToFile(path);
                files.Add(path);
            }
        }
        else
        {
            files.Add(Path.Combine(dir, "kml.xml"));
            File.WriteAllBytes(files[0], bytes);
        }
        Assert.NotEmpty(files);
        ExternalValidators.AssertXmllintValidQuietly(kml.MainPath, files);
    }

    /// <summary>An upload stores its documents up to a budget (twice the node limit): DocBook, MSBuild and GML declare
    /// hundreds of global elements. A root_path naming one past it is read again from the upload, for the dataset as for
    /// the preview; before, both answered 422 "no node".</summary>
    [Fact]
    public async Task A_root_path_naming_a_global_element_past_the_document_budget_is_generated()
    {
        // 120 documents of 401 nodes each: about 48,000 nodes, past the 40,000 the upload keeps.
        var fields = string.Concat(Enumerable.Range(0, 400).Select(i => $"<xs:element name=\"f{i}\" type=\"xs:int\"/>"));
        var elements = string.Concat(Enumerable.Range(0, 120).Select(i => $"<xs:element name=\"doc{i:000}\" type=\"T\"/>"));
        var xsd = $"""
            <?xml version="1.0"?>
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              <xs:complexType name="T"><xs:sequence>{fields}</xs:sequence></xs:complexType>
              {elements}
            </xs:schema>
            """;
        var schema = await UploadXsdAsync("many", xsd);
        var schemaId = schema.GetProperty("schema_id").GetInt64();
        Assert.DoesNotContain("doc119", schema.GetProperty("roots").EnumerateArray().Select(r => r.GetString()));
        var projectId = await Workspace.CreateProjectAsync(admin);
        await Workspace.LinkSchemaAsync(admin, projectId, schemaId);

        var preview = await admin.PostAsJsonAsync($"/schemas/{schemaId}/preview", new { count = 1, format = "xml", root_path = "doc119" });
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("<doc119", await preview.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var done = await Workspace.GenerateAsync(admin, new
        {
            name = Workspace.Unique("many"), project_id = projectId, schema_id = schemaId, record_count = 2, types = new[] { "xml" },
            @params = new { seed = 5, root_path = "doc119" },
        });
        Assert.Equal("completed", done.GetProperty("status").GetString());
        // One document a record, in a zip.
        using var zip = new ZipArchive(new MemoryStream(
            await admin.GetByteArrayAsync($"/data/{done.GetProperty("dataset_id").GetInt64()}?format=xml")));
        Assert.Equal(2, zip.Entries.Count);
        using var first = new StreamReader(zip.Entries[0].Open());
        var xml = await first.ReadToEndAsync();
        Assert.Contains("<doc119", xml, StringComparison.Ordinal);
        Assert.Contains("<f399>", xml, StringComparison.Ordinal);
    }

    /// <summary>An element no document can be made of (here of an abstract type nothing derives from) is left out of the
    /// upload's roots while another can be made; a root_path naming it says why, for the preview as for the dataset.</summary>
    [Fact]
    public async Task A_root_path_naming_an_element_no_document_can_be_made_of_says_why()
    {
        var xsd = """
            <?xml version="1.0"?>
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              <xs:complexType name="Shape" abstract="true"><xs:sequence><xs:element name="x" type="xs:int"/></xs:sequence></xs:complexType>
              <xs:element name="drawing" type="Shape"/>
              <xs:element name="note" type="xs:string"/>
            </xs:schema>
            """;
        var schema = await UploadXsdAsync("abstract", xsd);
        var schemaId = schema.GetProperty("schema_id").GetInt64();
        Assert.Equal(["note"], schema.GetProperty("roots").EnumerateArray().Select(r => r.GetString()));
        var projectId = await Workspace.CreateProjectAsync(admin);
        await Workspace.LinkSchemaAsync(admin, projectId, schemaId);

        var preview = await (await admin.PostAsJsonAsync($"/schemas/{schemaId}/preview", new { count = 1, format = "xml", root_path = "drawing" }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        var reason = preview.GetProperty("errors").GetProperty("root_path")[0].GetString()!;
        Assert.Contains("'drawing'", reason);
        Assert.Contains("abstract type 'Shape'", reason);
        var dataset = await (await admin.PostAsJsonAsync("/datasets/create", new
        {
            name = Workspace.Unique("abstract"), project_id = projectId, schema_id = schemaId, record_count = 1, types = new[] { "xml" },
            @params = new { root_path = "drawing" },
        })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("abstract type 'Shape'", dataset.GetProperty("errors").GetProperty("root_path")[0].GetString());
    }

    /// <summary>Uploads one XSD file as a multipart form; the created schema.</summary>
    private async Task<JsonElement> UploadXsdAsync(string name, string xsd)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Workspace.Unique(name)), "name" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(xsd)), "file", name + ".xsd" },
        };
        return await (await admin.PostAsync("/schemas", form)).ExpectAsync(HttpStatusCode.Created);
    }
}
