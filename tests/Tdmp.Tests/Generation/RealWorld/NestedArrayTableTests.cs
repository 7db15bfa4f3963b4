using Tdmp.Generation.Engine;
using Tdmp.Generation.Schema;
using Tdmp.Generation.Writers;
using Tdmp.Tests.Generation.Engine;

namespace Tdmp.Tests.Generation.RealWorld;

/// <summary>
/// Arrays of arrays (GeoJSON <c>coordinates</c>: positions in rings in polygons) as CSV and SQL: every level is a child
/// table whose rows have ids unique in their table and parent keys that resolve, and the SQL loads into PostgreSQL.
/// </summary>
public class NestedArrayTableTests
{
    private const string Matrix = """
        {"type":"object","required":["id","grid"],"properties":{
          "id":{"type":"integer","minimum":1},
          "grid":{"type":"array","minItems":1,"maxItems":3,"items":{"type":"array","minItems":1,"maxItems":3,
            "items":{"type":"array","minItems":2,"maxItems":2,"items":{"type":"number","minimum":-90,"maximum":90}}}}}}
        """;

    public static TheoryData<string> Schemas() => ["matrix", "geojson-featurecollection"];

    private static GenerationPlan Plan(string name) => GenerationPlan.Create(
        name == "matrix" ? SchemaReader.Read(System.Text.Encoding.UTF8.GetBytes(Matrix), SchemaLanguage.JsonSchema, SchemaReadLimits.Default)
            : RealWorldCase.Load(name).Read(),
        [], null);

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Csv_tables_of_nested_arrays_have_unique_row_ids_and_resolvable_parent_keys(string name)
    {
        var plan = Plan(name);
        var layout = RecordTableLayout.For(plan, null);
        Assert.True(layout.Tables.Any(t => t.Parent?.Parent is not null), "no table two levels down: "
            + string.Join(", ", layout.Tables.Select(t => t.Name)));
        var nestedRows = 0;
        for (var seed = 1; seed <= 20; seed++)
        {
            var (sink, result) = EngineFixtures.Generate(plan, new GenerationOptions { Seed = seed, RecordCount = 4, Types = [OutputFormat.Csv] });
            var (problem, nested) = CsvTableCheck.Check(layout, result, sink);
            Assert.True(problem is null, $"seed {seed}, {problem}");
            nestedRows += nested;
        }
        Assert.True(nestedRows > 0);
    }

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Sql_of_nested_arrays_loads_into_postgres_with_no_orphans(string name)
    {
        var plan = Plan(name);
        var layout = RecordTableLayout.For(plan, null);
        var dir = EngineFixtures.TempDirectory("nested-sql");
        var script = new System.Text.StringBuilder();
        for (var seed = 1; seed <= 5; seed++)
        {
            var (sink, result) = EngineFixtures.Generate(plan, new GenerationOptions { Seed = seed, RecordCount = 4, Types = [OutputFormat.Sql] });
            script.Append($"CREATE SCHEMA s{seed};\nSET search_path TO s{seed};\n").Append(sink.Text(Assert.Single(result.Files).Name));
        }
        var path = Path.Combine(dir, "all.sql");
        File.WriteAllText(path, script.ToString());
        ExternalValidators.WithDatabase(db =>
        {
            ExternalValidators.Psql(db, file: path);
            for (var seed = 1; seed <= 5; seed++)
            {
                Assert.Equal("4", ExternalValidators.Psql(db, $"SELECT count(*) FROM s{seed}.\"{layout.Tables[0].Name}\";"));
                Assert.Empty(SqlTableCheck.TablesWithOrphans(db, layout.Tables, $"s{seed}"));
            }
            return "";
        });
    }

    /// <summary>vega 5.0's scale fields: a definition first used as an optional property, then as the items of an array below
    /// max_depth. The layout leaves the content out past that depth, records make an array's items whatever the depth, and
    /// csv and sql threw on the first such item. Its rows now keep their ids, parent keys and positions.</summary>
    [Fact]
    public void Items_of_shared_content_below_max_depth_are_rows_of_their_table()
    {
        const string schema = """
            {"$schema":"http://json-schema.org/draft-07/schema#","definitions":{
              "ref":{"oneOf":[{"type":"string","minLength":1},{"type":"object","properties":{"signal":{"type":"string"}},
                "required":["signal"],"additionalProperties":false}]},
              "scale":{"type":"object","required":["domain"],"properties":{"domain":{"type":"object","required":["fields"],
                "properties":{"fields":{"type":"array","minItems":1,"items":{"$ref":"#/definitions/ref"}}}}}}},
             "type":"object","required":["scales"],"properties":{"name":{"$ref":"#/definitions/ref"},
               "scales":{"type":"array","minItems":1,"items":{"$ref":"#/definitions/scale"}}}}
            """;
        var plan = GenerationPlan.Create(SchemaReader.Read(System.Text.Encoding.UTF8.GetBytes(schema), SchemaLanguage.JsonSchema,
            SchemaReadLimits.Default), [], null, maxDepth: 2);
        var layout = RecordTableLayout.For(plan, null);
        var fields = Assert.Single(layout.Tables, t => t.Name.EndsWith("_fields", StringComparison.Ordinal));
        var (sink, result) = EngineFixtures.Generate(plan, new GenerationOptions { Seed = 1, RecordCount = 6, Types = [OutputFormat.Csv, OutputFormat.Json] });
        var (problem, _) = CsvTableCheck.Check(layout, result, sink);
        Assert.Null(problem);
        var items = System.Text.Json.Nodes.JsonNode.Parse(sink.Text(result.Files.Single(f => f.Format == OutputFormat.Json).Name))!.AsArray()
            .Sum(r => r!["scales"]!.AsArray().Sum(s => s!["domain"]!["fields"]!.AsArray().Count));
        var rows = CsvReader.Parse(sink.Text(result.Files.Single(f => f.Format == OutputFormat.Csv && f.Part == fields.Name).Name));
        Assert.Equal(items, rows.Count - 1);
    }

    /// <summary>compilerconfig.json: a record that is an array of objects. Its root row was never written (it is written when
    /// the record's object ends, and there is none), so the sql's items named a parent that did not exist and did not load.</summary>
    [Fact]
    public void A_record_that_is_an_array_has_the_row_its_items_name_as_parent()
    {
        const string schema = """
            {"$schema":"http://json-schema.org/draft-04/schema#","type":"array","minItems":1,
             "items":{"type":"object","properties":{"inputFile":{"type":"string"},"minify":{"type":"boolean"}}}}
            """;
        var plan = GenerationPlan.Create(SchemaReader.Read(System.Text.Encoding.UTF8.GetBytes(schema), SchemaLanguage.JsonSchema,
            SchemaReadLimits.Default), [], null);
        var layout = RecordTableLayout.For(plan, null);
        var (sink, result) = EngineFixtures.Generate(plan, new GenerationOptions { Seed = 1, RecordCount = 5, Types = [OutputFormat.Sql, OutputFormat.Csv] });
        Assert.Null(CsvTableCheck.Check(layout, result, sink).Problem);
        var path = Path.Combine(EngineFixtures.TempDirectory("array-record-sql"), "all.sql");
        File.WriteAllText(path, sink.Text(result.Files.Single(f => f.Format == OutputFormat.Sql).Name));
        ExternalValidators.WithDatabase(db =>
        {
            ExternalValidators.Psql(db, file: path);
            Assert.Equal("5", ExternalValidators.Psql(db, $"SELECT count(*) FROM \"{layout.Tables[0].Name}\";"));
            Assert.Empty(SqlTableCheck.TablesWithOrphans(db, layout.Tables));
            return "";
        });
    }
}
