using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NSwag.CodeGeneration.CSharp;
using Tdmp.Tests.Generation;

namespace Tdmp.Tests.Api;

/// <summary>
/// A CI team's path: generate a C# client from the served document with NSwag (its defaults: Newtonsoft.Json, one client
/// class), compile it, and run the CI workflow through it: log in, create a project, upload a schema, link it, create a
/// dataset, wait for it, download it, and read the field errors of a 422 as typed problem details.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class GeneratedClientTests(TdmpApi api)
{
    /// <summary>The workflow, written against the generated client as a CI team would write it.</summary>
    private const string Workflow = """
        namespace Generated
        {
            public static class Workflow
            {
                public static async System.Threading.Tasks.Task<string> RunAsync(
                    System.Net.Http.HttpClient http, string user, string password, string schemaPath)
                {
                    var client = new TdmpClient(http);
                    var token = await client.LoginAsync(new LoginRequest { Username = user, Password = password });
                    http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.Access_token);
                    var run = System.Guid.NewGuid().ToString("N").Substring(0, 10);

                    // The first argument of a create is its optional Idempotency-Key header.
                    var project = await client.CreateProjectAsync(null, new CreateProjectRequest { Name = "nswag-" + run });
                    SchemaResponse schema;
                    using (var file = System.IO.File.OpenRead(schemaPath))
                        schema = await client.UploadSchemaAsync(null, "order-" + run, null, null, null,
                            new FileParameter(file, "order.schema.json", "application/json"), null);
                    await client.AddSchemaToProjectAsync(project.Project_id, new AddSchemaToProjectRequest { Schema_id = schema.Schema_id });

                    var dataset = await client.CreateDatasetAsync(null, new CreateDatasetRequest
                    {
                        Name = "orders-" + run, Project_id = project.Project_id, Schema_id = schema.Schema_id, Record_count = 25,
                    });
                    for (var i = 0; i < 10 && dataset.Status.ToString() is "Queued" or "Running"; i++)
                        dataset = await client.GetDatasetAsync(dataset.Dataset_id, 30);
                    if (dataset.Status.ToString() != "Completed") return "dataset is " + dataset.Status;

                    string downloaded;
                    using (var data = await client.DownloadDataAsync(dataset.Dataset_id, Format.Json, null, null))
                    using (var reader = new System.IO.StreamReader(data.Stream))
                        downloaded = await reader.ReadToEndAsync();
                    var records = Newtonsoft.Json.Linq.JArray.Parse(downloaded).Count;

                    try
                    {
                        await client.CreateDatasetAsync(null,
                            new CreateDatasetRequest { Name = "", Project_id = project.Project_id, Schema_id = schema.Schema_id, Record_count = 0 });
                        return "a dataset without a name was accepted";
                    }
                    catch (ApiException<ProblemDetails> e)
                    {
                        var fields = string.Join(",", System.Linq.Enumerable.OrderBy(e.Result.Errors.Keys, k => k));
                        return $"records={records} status={e.StatusCode} fields={fields}";
                    }
                }
            }
        }
        """;

    [Fact]
    public async Task Nswag_client_runs_the_ci_workflow_and_reads_the_field_errors_of_a_422()
    {
        var json = await api.Anonymous().GetStringAsync("/openapi/v1.json");
        var document = await NSwag.OpenApiDocument.FromJsonAsync(json);
        var settings = new CSharpClientGeneratorSettings { ClassName = "TdmpClient", UseBaseUrl = false, GenerateClientInterfaces = false };
        settings.CSharpGeneratorSettings.Namespace = "Generated";
        var code = new CSharpClientGenerator(document, settings).GenerateFile();

        var assembly = Compile(code, Workflow);
        var run = assembly.GetType("Generated.Workflow")!.GetMethod("RunAsync")!;
        var http = api.Anonymous();
        var result = await (Task<string>)run.Invoke(null,
            [http, TdmpApi.SuperuserName, TdmpApi.SuperuserPassword, Path.Combine(SharedSchemas.Directory, "order.schema.json")])!;
        Assert.Equal("records=25 status=422 fields=name,record_count", result);
    }

    private static Assembly Compile(params string[] sources)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(Newtonsoft.Json.JsonConvert).Assembly.Location)
            .Distinct()
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create("Generated.TdmpClient." + Guid.NewGuid().ToString("N"),
            sources.Select(s => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest))),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20)));
        image.Position = 0;
        return AssemblyLoadContext.Default.LoadFromStream(image);
    }
}
