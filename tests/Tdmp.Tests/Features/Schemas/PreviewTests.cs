using Tdmp.Tests.Features.Users;

namespace Tdmp.Tests.Features.Schemas;

/// <summary>POST /schemas/{id}/preview: the first records of the dataset with the same seed, byte for byte.</summary>
[Collection(DatasetsApiCollection.Name)]
public sealed class PreviewTests(TdmpApi api) : IAsyncLifetime
{
    private HttpClient manager = null!;

    public async Task InitializeAsync()
        => manager = await (await (await api.CreateTenantAsync()).CreateUserAsync(TenantRole.Manager)).LoginAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<byte[]> DownloadAsync(long datasetId, string format)
    {
        var response = await manager.GetAsync($"/data/{datasetId}?format={format}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Fact]
    public async Task Json_preview_equals_the_first_records_of_the_dataset_with_that_seed_and_rules()
    {
        var (projectId, schemaId) = await Workspace.ProjectWithSchemaAsync(manager, "order.schema.json");
        var set = await (await manager.PostJsonAsync("/constraints", new
        {
            name = Workspace.Unique("paid"), schema_id = schemaId,
            rules = new object[] { new { field = "status", values = new[] { "paid", "shipped" } },
                new { field = "items[].quantity", min = 1, max = 3 } },
        })).ExpectAsync(HttpStatusCode.Created);
        var setId = set.GetProperty("constraint_set_id").GetInt64();
        var dataset = await Workspace.GenerateAsync(manager, new
        {
            name = Workspace.Unique("full"), project_id = projectId, schema_id = schemaId, constraint_set_id = setId, record_count = 60,
            types = new[] { "json" }, @params = new { seed = 4242 },
        });
        var full = JsonDocument.Parse(await DownloadAsync(dataset.GetProperty("dataset_id").GetInt64(), "json")).RootElement;

        var response = await manager.PostJsonAsync($"/schemas/{schemaId}/preview", new { constraint_set_id = setId, count = 10, seed = 4242 });
        var preview = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("4242", response.Headers.GetValues("X-Tdmp-Seed").Single());
        Assert.Equal(10, preview.GetArrayLength());
        for (var i = 0; i < 10; i++)
            Assert.Equal(full[i].GetRawText(), preview[i].GetRawText());
        Assert.All(preview.EnumerateArray(), r => Assert.Contains(r.GetProperty("status").GetString(), new[] { "paid", "shipped" }));
    }

    [Fact]
    public async Task Xml_preview_is_the_xml_file_of_a_dataset_of_that_many_records()
    {
        var (projectId, schemaId) = await Workspace.ProjectWithSchemaAsync(manager, "invoice.xsd");
        var dataset = await Workspace.GenerateAsync(manager, new
        {
            name = Workspace.Unique("xml"), project_id = projectId, schema_id = schemaId, record_count = 5, types = new[] { "xml" },
            @params = new { seed = 77 },
        });
        var response = await manager.PostJsonAsync($"/schemas/{schemaId}/preview", new { count = 5, seed = 77, format = "xml" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await DownloadAsync(dataset.GetProperty("dataset_id").GetInt64(), "xml"), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Json_preview_of_an_xsd_with_file_level_content_is_the_records_part_and_both_parts_download_by_name()
    {
        var (projectId, schemaId) = await Workspace.ProjectWithSchemaAsync(manager, "invoice.xsd");
        var dataset = await Workspace.GenerateAsync(manager, new
        {
            name = Workspace.Unique("json-parts"), project_id = projectId, schema_id = schemaId, record_count = 5, types = new[] { "json" },
            @params = new { seed = 78 },
        });
        var id = dataset.GetProperty("dataset_id").GetInt64();
        var records = await manager.GetAsync($"/data/{id}?format=json&part=invoice");
        Assert.Equal(HttpStatusCode.OK, records.StatusCode);
        var preview = await manager.PostJsonAsync($"/schemas/{schemaId}/preview", new { count = 5, seed = 78, format = "json" });
        Assert.Equal(await records.Content.ReadAsByteArrayAsync(), await preview.Content.ReadAsByteArrayAsync());
        var batch = await manager.GetAsync($"/data/{id}?format=json&part=invoice_batch");
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(await batch.Content.ReadAsStringAsync()).RootElement.GetProperty("Header").ValueKind);
        // Without part=, the two files of the format come as one zip.
        var both = await manager.GetAsync($"/data/{id}?format=json");
        Assert.Equal("application/zip", both.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Without_a_seed_one_is_drawn_and_returned_and_it_reproduces_the_preview()
    {
        var schemaId = await Workspace.UploadSharedSchemaAsync(manager, "employee.schema.json");
        var first = await manager.PostJsonAsync($"/schemas/{schemaId}/preview", new { count = 3 });
        var seed = long.Parse(first.Headers.GetValues("X-Tdmp-Seed").Single());
        var again = await manager.PostJsonAsync($"/schemas/{schemaId}/preview", new { count = 3, seed });
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(101, null)]
    [InlineData(5, "csv")]
    public async Task Count_outside_one_to_a_hundred_or_another_format_is_422(int count, string? format)
    {
        var schemaId = await Workspace.UploadSharedSchemaAsync(manager, "employee.schema.json");
        await (await manager.PostJsonAsync($"/schemas/{schemaId}/preview", new { count, format }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Unknown_root_path_or_foreign_constraint_set_is_422_and_unknown_schema_404()
    {
        var schemaId = await Workspace.UploadSharedSchemaAsync(manager, "employee.schema.json");
        await (await manager.PostJsonAsync($"/schemas/{schemaId}/preview", new { count = 2, root_path = "nope" }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await manager.PostJsonAsync($"/schemas/{schemaId}/preview", new { count = 2, constraint_set_id = long.MaxValue }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await manager.PostJsonAsync("/schemas/999999999/preview", new { count = 2 })).ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}
