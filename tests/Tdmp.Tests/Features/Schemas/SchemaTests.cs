using Tdmp.Tests.Generation;

namespace Tdmp.Tests.Features.Schemas;

[Collection(DatasetsApiCollection.Name)]
public sealed class SchemaTests(TdmpApi api) : IAsyncLifetime
{
    private TestTenant tenant = null!;
    private HttpClient manager = null!;

    public async Task InitializeAsync()
    {
        tenant = await api.CreateTenantAsync();
        manager = await (await tenant.CreateUserAsync(TenantRole.Manager)).LoginAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static MultipartFormDataContent Upload(string name, byte[] content, string fileName, string? type = null)
    {
        var form = new MultipartFormDataContent { { new StringContent(name), "name" }, { new ByteArrayContent(content), "file", fileName } };
        if (type is not null) form.Add(new StringContent(type), "type");
        return form;
    }

    [Fact]
    public async Task Multipart_upload_sniffs_the_type_and_reports_size_hash_roots_and_fields()
    {
        var bytes = SharedSchemas.Bytes("invoice.xsd");
        var response = await manager.PostAsync("/schemas", Upload("invoices", bytes, "invoice.xsd"));
        var schema = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("xsd", schema.GetProperty("type").GetString());
        Assert.Equal(bytes.Length, schema.GetProperty("size_bytes").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), schema.GetProperty("sha256").GetString());
        Assert.Contains("InvoiceBatch", schema.GetProperty("roots").EnumerateArray().Select(r => r.GetString()));
        Assert.True(schema.GetProperty("field_count").GetInt32() > 30);
        Assert.EndsWith($"/schemas/{schema.GetProperty("schema_id").GetInt64()}", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Json_upload_reads_back_with_content_and_repr()
    {
        var text = System.Text.Encoding.UTF8.GetString(SharedSchemas.Bytes("order.schema.json"));
        var created = await (await manager.PostAsJsonAsync("/schemas",
            new { name = "orders", type = "json_schema", content = text, description = "shop" }))
            .ExpectAsync(HttpStatusCode.Created);
        var id = created.GetProperty("schema_id").GetInt64();

        var withContent = await (await manager.GetAsync($"/schemas/{id}?include=content")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(text, withContent.GetProperty("content").GetString());
        var plain = await (await manager.GetAsync($"/schemas/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("content").ValueKind);

        var repr = await (await manager.GetAsync($"/schemas/{id}/repr")).ExpectAsync(HttpStatusCode.OK);
        // Alternatives of a choice share their paths (payment.method is in both), so the first node of each path is taken.
        var nodes = Flatten(repr.GetProperty("roots")).GroupBy(n => n.GetProperty("path").GetString()!).ToDictionary(g => g.Key, g => g.First());
        var price = nodes["items[].unit_price"];
        Assert.Equal("number", price.GetProperty("kind").GetString());
        Assert.Equal(5000m, price.GetProperty("maximum").GetDecimal());
        Assert.True(price.GetProperty("exclusive_minimum").GetBoolean());
        Assert.Equal("string", nodes["customer.email"].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Recursive_schema_repr_keeps_the_recursive_definition_once_and_marks_where_it_recurses()
    {
        const string tree = """
            {"$ref": "#/$defs/node", "$defs": {"node": {"type": "object", "required": ["name"],
              "properties": {"name": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#/$defs/node"}}}}}}
            """;
        var created = await (await manager.PostAsJsonAsync("/schemas", new { name = "tree", type = "json_schema", content = tree }))
            .ExpectAsync(HttpStatusCode.Created);
        var repr = await (await manager.GetAsync($"/schemas/{created.GetProperty("schema_id").GetInt64()}/repr")).ExpectAsync(HttpStatusCode.OK);
        var nodes = Flatten(repr.GetProperty("roots")).ToList();
        Assert.Equal(["", "name", "children", "children[]"], nodes.Select(n => n.GetProperty("path").GetString()));
        var marker = nodes.Single(n => n.GetProperty("path").GetString() == "children[]");
        Assert.Equal("", marker.GetProperty("recurses_to").GetString());
        Assert.Equal("object", marker.GetProperty("kind").GetString());
        Assert.All(nodes.Where(n => n.GetProperty("path").GetString() != "children[]"),
            n => Assert.False(n.TryGetProperty("recurses_to", out var v) && v.ValueKind != JsonValueKind.Null));
    }

    [Fact]
    public async Task Zip_of_json_schemas_with_relative_refs_uploads_and_generates_valid_records()
    {
        var zip = Tdmp.Tests.Generation.Schema.SchemaText.Zip(
            ("order.json", Tdmp.Tests.Generation.Schema.JsonSchemaZipTests.Order),
            ("common/customer.json", Tdmp.Tests.Generation.Schema.JsonSchemaZipTests.Customer),
            ("common/money.json", Tdmp.Tests.Generation.Schema.JsonSchemaZipTests.Money));
        var schema = await (await manager.PostAsync("/schemas", Upload("zipped-orders", zip, "orders.zip"))).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("json_schema", schema.GetProperty("type").GetString());
        var id = schema.GetProperty("schema_id").GetInt64();
        var repr = await (await manager.GetAsync($"/schemas/{id}/repr")).ExpectAsync(HttpStatusCode.OK);
        var country = Flatten(repr.GetProperty("roots")).Single(n => n.GetProperty("path").GetString() == "customer.country");
        Assert.Equal(["DE", "FR"], country.GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        var withContent = await (await manager.GetAsync($"/schemas/{id}?include=content")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("base64", withContent.GetProperty("content_encoding").GetString());
    }

    [Fact]
    public async Task Zip_of_json_schemas_in_a_cycle_uploads_with_its_main_file_named_and_a_wrong_name_is_422_on_main()
    {
        var zip = Tdmp.Tests.Generation.Schema.SchemaText.Zip(
            ("state.json", Tdmp.Tests.Generation.Schema.JsonSchemaZipTests.State),
            ("state-machine.json", Tdmp.Tests.Generation.Schema.JsonSchemaZipTests.StateMachine));
        var unnamed = await (await manager.PostAsync("/schemas", Upload("asl", zip, "asl.zip"))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("name it with 'main'", unnamed.GetProperty("errors").GetProperty("file")[0].GetString());

        var wrong = Upload("asl", zip, "asl.zip");
        wrong.Add(new StringContent("machine.json"), "main");
        var problem = await (await manager.PostAsync("/schemas", wrong)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("no schema file 'machine.json'", problem.GetProperty("errors").GetProperty("main")[0].GetString());

        var named = Upload("asl", zip, "asl.zip");
        named.Add(new StringContent("state-machine.json"), "main");
        var schema = await (await manager.PostAsync("/schemas", named)).ExpectAsync(HttpStatusCode.Created);
        var repr = await (await manager.GetAsync($"/schemas/{schema.GetProperty("schema_id").GetInt64()}/repr")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(Flatten(repr.GetProperty("roots")), n => n.GetProperty("path").GetString() == "StartAt");
    }

    /// <summary>A zip of XSD files holding two versions of one namespace: <c>main</c> names the one whose documents are made.</summary>
    [Fact]
    public async Task Zip_of_xsd_versions_uploads_with_the_main_file_named()
    {
        static string Version(string member) => $"""
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:sign" elementFormDefault="qualified">
              <xs:element name="SignDocument"><xs:complexType><xs:sequence><xs:element name="{member}" type="xs:string"/></xs:sequence>
              </xs:complexType></xs:element>
            </xs:schema>
            """;
        var zip = Tdmp.Tests.Generation.Schema.SchemaText.Zip(("conn/Sign.xsd", Version("Current")), ("conn/Sign_V7_4.xsd", Version("Old")));
        var named = Upload("sign", zip, "sign.zip");
        named.Add(new StringContent("xsd/conn/Sign_V7_4.xsd"), "main");
        var schema = await (await manager.PostAsync("/schemas", named)).ExpectAsync(HttpStatusCode.Created);
        var repr = await (await manager.GetAsync($"/schemas/{schema.GetProperty("schema_id").GetInt64()}/repr")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(Flatten(repr.GetProperty("roots")), n => n.GetProperty("path").GetString() == "SignDocument.Old");

        var wrong = Upload("sign-2", zip, "sign.zip");
        wrong.Add(new StringContent("Sign_V7.xsd"), "main");
        var problem = await (await manager.PostAsync("/schemas", wrong)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("no XSD file 'Sign_V7.xsd'", problem.GetProperty("errors").GetProperty("main")[0].GetString());
    }

    [Fact]
    public async Task Legacy_schema_uri_uploads_as_the_newest_draft()
    {
        var text = System.Text.Encoding.UTF8.GetString(SharedSchemas.Bytes("real-world/k8s-service/service-v1.json"));
        var created = await (await manager.PostAsJsonAsync("/schemas", new { name = "k8s-service", content = text }))
            .ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("json_schema", created.GetProperty("type").GetString());
        var repr = await (await manager.GetAsync($"/schemas/{created.GetProperty("schema_id").GetInt64()}/repr")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("2020-12", repr.GetProperty("dialect").GetString());
        Assert.Contains(Flatten(repr.GetProperty("roots")),
            n => n.GetProperty("path").GetString()!.StartsWith("metadata.labels.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Schema_that_does_not_parse_is_422_with_line_and_column()
    {
        var broken = "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n  <xs:element name=\"a\" type=\"xs:nope\"/>\n</xs:schema>";
        var problem = await (await manager.PostAsync("/schemas", Upload("broken", System.Text.Encoding.UTF8.GetBytes(broken), "broken.xsd")))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("line 2", problem.GetProperty("errors").GetProperty("file")[0].GetString());
    }

    [Fact]
    public async Task Doctype_is_refused_with_a_clear_422()
    {
        var hostile = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>" +
            "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"/>";
        var problem = await (await manager.PostAsync("/schemas", Upload("hostile", System.Text.Encoding.UTF8.GetBytes(hostile), "x.xsd")))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.DoesNotContain("root:", problem.GetRawText());
    }

    [Fact]
    public async Task Upload_over_sixteen_mebibytes_is_413()
    {
        var huge = new byte[16 * 1024 * 1024 + 1];
        Array.Fill(huge, (byte)' ');
        huge[0] = (byte)'{';
        await (await manager.PostAsync("/schemas", Upload("huge", huge, "huge.json"))).ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Tester_cannot_upload_schemas()
    {
        var tester = await (await tenant.CreateUserAsync(TenantRole.Tester)).LoginAsync();
        await (await tester.PostAsync("/schemas", Upload("t", SharedSchemas.Bytes("library.xsd"), "library.xsd")))
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Names_are_unique_per_tenant()
    {
        await (await manager.PostAsync("/schemas", Upload("same", SharedSchemas.Bytes("library.xsd"), "library.xsd")))
            .ExpectAsync(HttpStatusCode.Created);
        var problem = await (await manager.PostAsync("/schemas", Upload("SAME", SharedSchemas.Bytes("library.xsd"), "library.xsd")))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task Schema_in_use_by_a_constraint_set_cannot_be_deleted_until_the_set_is_gone()
    {
        var id = await Workspace.UploadSharedSchemaAsync(manager, "employee.schema.json");
        var set = await (await manager.PostAsJsonAsync("/constraints",
            new { name = Workspace.Unique("cs"), schema_id = id, rules = Array.Empty<object>() }))
            .ExpectAsync(HttpStatusCode.Created);
        await (await manager.DeleteAsync($"/schemas/{id}")).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await manager.DeleteAsync($"/constraints/{set.GetProperty("constraint_set_id").GetInt64()}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await manager.DeleteAsync($"/schemas/{id}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await manager.GetAsync($"/schemas/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Another_tenants_schema_is_404_everywhere()
    {
        var id = await Workspace.UploadSharedSchemaAsync(manager, "library.xsd");
        var stranger = await (await (await api.CreateTenantAsync()).CreateUserAsync(TenantRole.Admin)).LoginAsync();
        await (await stranger.GetAsync($"/schemas/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.GetAsync($"/schemas/{id}/repr")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.DeleteAsync($"/schemas/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.PostAsJsonAsync("/constraints", new { name = "x", schema_id = id, rules = Array.Empty<object>() }))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        var list = await (await stranger.GetAsync("/schemas")).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(list.EnumerateArray(), s => s.GetProperty("schema_id").GetInt64() == id);
    }

    private static IEnumerable<JsonElement> Flatten(JsonElement nodes)
    {
        foreach (var node in nodes.EnumerateArray())
        {
            yield return node;
            if (node.TryGetProperty("children", out var children))
                foreach (var child in Flatten(children)) yield return child;
        }
    }
}
