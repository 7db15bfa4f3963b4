using Tdmp.Generation.Constraints;
using Tdmp.Generation.Engine;

namespace Tdmp.Tests.Generation.Engine;

/// <summary>The SQL dialects besides PostgreSQL (whose files are loaded by <see cref="SharedSchemaValidityTests"/>).</summary>
public class SqlDialectTests
{
    [Theory]
    [InlineData(SqlDialect.MySql, "CREATE TABLE IF NOT EXISTS `order`", "`customer_email`")]
    [InlineData(SqlDialect.SqlServer, "IF OBJECT_ID(N'order', N'U') IS NULL CREATE TABLE [order]", "N'")]
    [InlineData(SqlDialect.Sqlite, "CREATE TABLE IF NOT EXISTS \"order\"", "\"customer_email\"")]
    [InlineData(SqlDialect.Postgres, "CREATE TABLE IF NOT EXISTS \"order\"", "TIMESTAMPTZ")]
    public void Each_dialect_quotes_and_types_its_own_way(SqlDialect dialect, string createTable, string marker)
    {
        var plan = EngineFixtures.Plan("order.schema.json");
        var (sink, result) = EngineFixtures.Generate(plan,
            new GenerationOptions { Seed = 1, RecordCount = 30, Types = [OutputFormat.Sql], SqlDialect = dialect });
        var sql = sink.Text(Assert.Single(result.Files).Name);
        Assert.Contains(createTable, sql);
        Assert.Contains(marker, sql);
        Assert.Contains("REFERENCES", sql);
    }

    [Fact]
    public void Sqlite_files_load_into_sqlite_with_row_counts()
    {
        var sqlite = ExternalValidators.FindOnPath("sqlite3");
        Assert.True(sqlite is not null, "sqlite3 is installed by scripts/test-tools.sh");
        var plan = EngineFixtures.Plan("invoice.xsd");
        var (sink, result) = EngineFixtures.Generate(plan,
            new GenerationOptions { Seed = 4, RecordCount = 25, Types = [OutputFormat.Sql, OutputFormat.Csv], SqlDialect = SqlDialect.Sqlite });
        var dir = EngineFixtures.TempDirectory("sqlite");
        var path = Path.Combine(dir, "invoice.sql");
        File.WriteAllBytes(path, sink.Bytes("invoice.sql"));
        var tables = result.Files.Where(f => f.Format == OutputFormat.Csv).ToList();
        var script = $"PRAGMA foreign_keys=ON;\n.read '{path}'\n"
            + string.Concat(tables.Select(t => $"SELECT '{t.Part}', count(*) FROM \"{t.Part}\";\n"));
        var (exit, output) = ExternalValidators.Run(sqlite!, ["-bail", "-separator", " ", ":memory:"], script);
        Assert.True(exit == 0, output);
        Assert.Equal(tables.Select(t => $"{t.Part} {t.RecordCount}"), output.Trim().Split('\n'));
    }

    [Fact]
    public void Every_known_generator_name_makes_values()
    {
        foreach (var name in KnownGenerators.All)
        {
            var plan = EngineFixtures.Plan("order.schema.json", new ConstraintRule { Field = "notes", Generator = name });
            var (sink, result) = EngineFixtures.Generate(plan, new GenerationOptions { Seed = 1, RecordCount = 20, Types = [OutputFormat.Jsonl] });
            var notes = sink.Text(result.Files[0].Name).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!["notes"]).Where(n => n is not null).ToList();
            Assert.NotEmpty(notes);
            Assert.All(notes, n => Assert.False(string.IsNullOrWhiteSpace(n!.GetValue<string>()), name));
        }
    }
}

/// <summary>Identifiers past PostgreSQL's 63 bytes.</summary>
public class LongIdentifierTests
{
    [Fact]
    public void Long_names_are_shortened_stably_and_still_load()
    {
        const string schema = """
            {"type":"object","required":["a_really_long_property_name_that_goes_on_and_on_and_on_and_on_forever_list"],
             "properties":{"a_really_long_property_name_that_goes_on_and_on_and_on_and_on_forever_list":{"type":"array","minItems":1,"maxItems":3,
               "items":{"type":"object","required":["another_extremely_long_property_name_to_overflow_the_identifier_limit_x",
                                                    "another_extremely_long_property_name_to_overflow_the_identifier_limit_y"],
                 "properties":{"another_extremely_long_property_name_to_overflow_the_identifier_limit_x":{"type":"string"},
                               "another_extremely_long_property_name_to_overflow_the_identifier_limit_y":{"type":"integer"}}}}}}
            """;
        var repr = Tdmp.Generation.Schema.SchemaReader.Read(System.Text.Encoding.UTF8.GetBytes(schema),
            Tdmp.Generation.Schema.SchemaLanguage.JsonSchema, Tdmp.Generation.Schema.SchemaReadLimits.Default);
        var plan = GenerationPlan.Create(repr, [], null);
        var layout = Tdmp.Generation.Writers.RecordTableLayout.For(plan, "records");
        Assert.All(layout.Tables, t => Assert.True(t.Name.Length <= 60));
        Assert.All(layout.Tables.SelectMany(t => t.Columns), c => Assert.True(c.SqlName.Length <= 60));
        Assert.Equal(layout.Tables.Select(t => t.Name),
            Tdmp.Generation.Writers.RecordTableLayout.For(GenerationPlan.Create(repr, [], null), "records").Tables.Select(t => t.Name));
        var (sink, result) = EngineFixtures.Generate(plan,
            new GenerationOptions { Seed = 1, RecordCount = 10, Types = [OutputFormat.Sql], TableName = "records" });
        var dir = EngineFixtures.TempDirectory("long");
        var path = Path.Combine(dir, "records.sql");
        File.WriteAllBytes(path, sink.Bytes(result.Files[0].Name));
        ExternalValidators.WithDatabase(db =>
        {
            ExternalValidators.Psql(db, file: path);
            Assert.Equal("10", ExternalValidators.Psql(db, "SELECT count(*) FROM records;"));
            return "";
        });
    }
}
