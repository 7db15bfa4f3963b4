namespace Tdmp.Tests.Features.Constraints;

[Collection(ApiCollection.Name)]
public sealed class ConstraintSetTests(TdmpApi api) : IAsyncLifetime
{
    private HttpClient manager = null!;
    private long orderSchema;

    public async Task InitializeAsync()
    {
        var tenant = await api.CreateTenantAsync();
        manager = await (await tenant.CreateUserAsync(TenantRole.Manager)).LoginAsync();
        orderSchema = await Workspace.UploadSharedSchemaAsync(manager, "order.schema.json");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Valid_rules_create_version_one_and_put_makes_version_two()
    {
        var created = await (await manager.PostAsJsonAsync("/constraints", new
        {
            name = Workspace.Unique("paid"), schema_id = orderSchema,
            rules = new object[]
            {
                new { field = "status", values = new[] { "paid", "shipped" }, weights = new[] { 3, 1 } },
                new { field = "items[].quantity", min = 1, max = 10 },
            },
        })).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(1, created.GetProperty("version").GetInt32());
        Assert.Equal(2, created.GetProperty("rules").GetArrayLength());
        var id = created.GetProperty("constraint_set_id").GetInt64();

        var updated = await (await manager.PutAsJsonAsync($"/constraints/{id}", new
        {
            rules = new object[] { new { field = "total", min = 10, max = 500 } },
        })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, updated.GetProperty("version").GetInt32());
        Assert.Equal("total", updated.GetProperty("rules")[0].GetProperty("field").GetString());

        var listed = await (await manager.GetAsync($"/constraints?schema_id={orderSchema}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(listed.EnumerateArray(), s => s.GetProperty("constraint_set_id").GetInt64() == id
            && s.GetProperty("version").GetInt32() == 2);
    }

    [Fact]
    public async Task Every_bad_rule_is_reported_at_once_by_index_and_key()
    {
        var problem = await (await manager.PostAsJsonAsync("/constraints", new
        {
            name = Workspace.Unique("bad"), schema_id = orderSchema,
            rules = new object[]
            {
                new { field = "custmer.email", generator = "email" },
                new { field = "items[].quantity", min = 20, max = 5 },
                new { field = "order_number", pattern = "([" },
                new { field = "status", values = new[] { "lost" } },
            },
        })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        var errors = problem.GetProperty("errors");
        Assert.Contains("customer.email", errors.GetProperty("rules[0].field")[0].GetString());
        Assert.Contains(errors.EnumerateObject(), e => e.Name.StartsWith("rules[1]."));
        Assert.True(errors.TryGetProperty("rules[2].pattern", out _));
        Assert.True(errors.TryGetProperty("rules[3].values", out _));
    }

    [Fact]
    public async Task Other_tenants_get_404_for_a_constraint_set()
    {
        var created = await (await manager.PostAsJsonAsync("/constraints",
            new { name = Workspace.Unique("cs"), schema_id = orderSchema, rules = Array.Empty<object>() }))
            .ExpectAsync(HttpStatusCode.Created);
        var id = created.GetProperty("constraint_set_id").GetInt64();
        var stranger = await (await (await api.CreateTenantAsync()).CreateUserAsync(TenantRole.Admin)).LoginAsync();
        await (await stranger.GetAsync($"/constraints/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.PutAsJsonAsync($"/constraints/{id}", new { rules = Array.Empty<object>() }))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.DeleteAsync($"/constraints/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}
