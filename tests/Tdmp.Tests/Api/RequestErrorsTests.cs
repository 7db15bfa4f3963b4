using System.Net.Http.Headers;
using System.Text;

namespace Tdmp.Tests.Api;

/// <summary>Mistakes in a request's shape get a problem that says what to do, the same way on every endpoint.</summary>
[Collection(ApiCollection.Name)]
public sealed class RequestErrorsTests(TdmpApi api)
{
    private Task<HttpClient> SuperuserAsync() => api.LoginAsync(TdmpApi.SuperuserName, TdmpApi.SuperuserPassword);

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static string Detail(JsonElement problem) => problem.GetProperty("detail").GetString()!;

    [Fact]
    public async Task Form_body_to_a_json_endpoint_is_415_naming_the_content_type_it_takes()
    {
        var client = await SuperuserAsync();
        var response = await client.PostAsync("/projects/create", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "x" }));
        var problem = await response.ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", Detail(problem));
        Assert.Contains("application/x-www-form-urlencoded", Detail(problem));
    }

    [Fact]
    public async Task No_body_and_an_empty_json_body_say_so()
    {
        var client = await SuperuserAsync();
        var none = await (await client.PostAsync("/projects/create", null)).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("no body", Detail(none));
        Assert.Contains("application/json", Detail(none));

        var empty = new StringContent("", Encoding.UTF8);
        empty.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var problem = await (await client.PostAsync("/projects/create", empty)).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("empty", Detail(problem));
    }

    [Theory]
    [InlineData("{\"name\": \"x\",}", "line 1, position 14")]
    [InlineData("{\"name\": \"x\"", "line 1, position 13")]
    [InlineData("{\n  \"name\": \"x\"\n  \"tags\": []\n}", "line 3, position 3")]
    public async Task Malformed_json_names_line_and_position_without_reader_text(string body, string where)
    {
        var client = await SuperuserAsync();
        var problem = await (await client.PostAsync("/projects/create", Json(body))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(where, Detail(problem));
        Assert.DoesNotContain("BytePositionInLine", problem.GetRawText());
        Assert.DoesNotContain("LineNumber", problem.GetRawText());
        Assert.DoesNotContain("Path:", problem.GetRawText());
    }

    [Fact]
    public async Task Missing_required_number_says_required()
    {
        var client = await SuperuserAsync();
        var problem = await (await client.PostAsync("/datasets/create", Json("{\"name\": \"x\", \"project_id\": 1, \"schema_id\": 1}")))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("'record_count' is required.", problem.GetProperty("errors").GetProperty("record_count")[0].GetString());
    }

    [Fact]
    public async Task Schema_upload_as_json_with_a_file_is_422_explaining_multipart()
    {
        var client = await SuperuserAsync();
        var problem = await (await client.PostAsync("/schemas", Json("{\"name\": \"order\", \"file\": {}}")))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("multipart/form-data", problem.GetProperty("errors").GetProperty("file")[0].GetString());
    }

    [Fact]
    public async Task Unknown_query_parameter_is_400_naming_it_and_the_nearest_known_one()
    {
        var client = await SuperuserAsync();
        var problem = await (await client.GetAsync("/datasets?stauts=completed")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("did you mean 'status'?", problem.GetProperty("errors").GetProperty("stauts")[0].GetString());

        problem = await (await client.GetAsync("/projects?name=x")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var message = problem.GetProperty("errors").GetProperty("name")[0].GetString()!;
        Assert.Contains("'q'", message);
        Assert.Contains("'tag'", message);

        problem = await (await client.GetAsync("/users/me?verbose=1")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("takes no query parameters", Detail(problem));
        await (await client.GetAsync("/projects?limit=5&offset=0")).ExpectAsync(HttpStatusCode.OK);
    }
}
