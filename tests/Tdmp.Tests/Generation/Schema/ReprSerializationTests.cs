using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Tdmp.Tests.Generation.Schema;

/// <summary>The repr as <c>GET /schemas/{id}/repr</c> returns it: snake_case, nulls left out, enums as snake strings.</summary>
public class ReprSerializationTests
{
    private static readonly JsonSerializerOptions Api = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    [Theory]
    [InlineData("order.schema.json")]
    [InlineData("employee.schema.json")]
    [InlineData("invoice.xsd")]
    [InlineData("library.xsd")]
    public void Every_shared_schema_serializes_without_cycles(string file)
    {
        var json = JsonSerializer.Serialize(SharedSchemas.Read(file), Api);
        Assert.NotNull(JsonNode.Parse(json));
    }

    [Fact]
    public void Kinds_and_languages_are_snake_case_strings_and_nulls_are_left_out()
    {
        var root = JsonNode.Parse(JsonSerializer.Serialize(SharedSchemas.Read("order.schema.json"), Api))!;
        Assert.Equal("json_schema", root["language"]!.GetValue<string>());
        var placedAt = root["roots"]![0]!["children"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "placed_at")!;
        Assert.Equal("date_time", placedAt["kind"]!.GetValue<string>());
        Assert.Equal("placed_at", placedAt["path"]!.GetValue<string>());
        Assert.Null(placedAt["minimum"]);
        Assert.Null(placedAt["repeats"]);
        var unitPrice = root["roots"]![0]!["children"]!.AsArray()
            .Single(c => c!["name"]!.GetValue<string>() == "items")!["children"]![0]!["children"]!
            .AsArray().Single(c => c!["name"]!.GetValue<string>() == "unit_price")!;
        Assert.Equal(0.01m, unitPrice["multiple_of"]!.GetValue<decimal>());
        Assert.True(unitPrice["exclusive_minimum"]!.GetValue<bool>());
    }

    [Fact]
    public void Conditionals_serialize_with_their_branches()
    {
        var root = JsonNode.Parse(JsonSerializer.Serialize(SharedSchemas.Read("employee.schema.json"), Api))!["roots"]![0]!;
        var conditional = root["conditionals"]![0]!;
        Assert.Equal("part_time", conditional["if"]![0]!["const"]!.GetValue<string>());
        Assert.Equal(30m, conditional["then"]![0]!["maximum"]!.GetValue<decimal>());
    }
}
