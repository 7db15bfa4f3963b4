using Tdmp.Tests.Generation;

namespace Tdmp.Tests.Infrastructure;

/// <summary>Sets up what a dataset needs through the API itself: a project with a shared schema linked to it.</summary>
public static class Workspace
{
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>Uploads one of <c>tests/data/schemas</c> as a multipart file and returns its id.</summary>
    public static async Task<long> UploadSharedSchemaAsync(HttpClient client, string fileName)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Unique(Path.GetFileNameWithoutExtension(fileName))), "name" },
            { new ByteArrayContent(SharedSchemas.Bytes(fileName)), "file", fileName },
        };
        var schema = await (await client.PostAsync("/schemas", form)).ExpectAsync(HttpStatusCode.Created);
        return schema.GetProperty("schema_id").GetInt64();
    }

    public static async Task<long> CreateProjectAsync(HttpClient client)
    {
        var project = await (await client.PostAsJsonAsync("/projects/create", new { name = Unique("project") })).ExpectAsync(HttpStatusCode.Created);
        return project.GetProperty("project_id").GetInt64();
    }

    public static async Task LinkSchemaAsync(HttpClient client, long projectId, long schemaId)
        => (await client.PostAsJsonAsync($"/projects/{projectId}/add-schema", new { schema_id = schemaId })).EnsureSuccessStatusCode();

    public static async Task AddMemberAsync(HttpClient client, long projectId, long userId, string role)
        => (await client.PostAsJsonAsync($"/projects/{projectId}/add-user", new { user_id = userId, role })).EnsureSuccessStatusCode();

    /// <summary>A project with the shared schema linked: (project_id, schema_id).</summary>
    public static async Task<(long ProjectId, long SchemaId)> ProjectWithSchemaAsync(HttpClient manager, string fileName)
    {
        var schemaId = await UploadSharedSchemaAsync(manager, fileName);
        var projectId = await CreateProjectAsync(manager);
        await LinkSchemaAsync(manager, projectId, schemaId);
        return (projectId, schemaId);
    }

    /// <summary>Creates a dataset and waits for it to finish; returns its final state.</summary>
    public static async Task<JsonElement> GenerateAsync(HttpClient client, object request, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var created = await (await client.PostAsJsonAsync("/datasets/create", request)).ExpectAsync(expected);
        var id = created.GetProperty("dataset_id").GetInt64();
        return await WaitAsync(client, id);
    }

    public static async Task<JsonElement> WaitAsync(HttpClient client, long datasetId)
    {
        for (var i = 0; i < 6; i++)
        {
            var dataset = await (await client.GetAsync($"/datasets/{datasetId}?wait=30")).ExpectAsync(HttpStatusCode.OK);
            if (dataset.GetProperty("status").GetString() is not ("queued" or "running")) return dataset;
        }
        throw new TimeoutException($"Dataset {datasetId} did not finish in 3 minutes.");
    }
}
