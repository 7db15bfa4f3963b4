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
}
