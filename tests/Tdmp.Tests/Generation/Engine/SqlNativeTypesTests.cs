using Tdmp.Generation.Engine;

namespace Tdmp.Tests.Generation.Engine;

/// <summary>
/// SQL files type their columns natively per dialect (dates, date-times, decimals with the digits their bounds need,
/// booleans) and tie child tables to their parents with table-level foreign keys every dialect enforces.
/// </summary>
public class SqlNativeTypesTests
{
    private static string Sql(SqlDialect dialect, string schema = "order.schema.json", int records = 40)
    {
        var plan = EngineFixtures.Plan(schema);
        var (sink, result) = EngineFixtures.Generate(plan,
            new GenerationOptions { Seed = 7, RecordCount = records, Types = [OutputFormat.Sql], SqlDialect = dialect });
        return sink.Text(Assert.Single(result.Files).Name);
    }

    private static string CreateTable(string sql, string head)
    {
        var start = sql.IndexOf(head, StringComparison.Ordinal);
        Assert.True(start >= 0, head + " in\n" + sql[..Math.Min(sql.Length, 3000)]);
        return sql[start..sql.IndexOf(");", start, StringComparison.Ordinal)];
    }

    [Theory]
    [InlineData(SqlDialect.MySql, "`placed_at` DATETIME", "`delivery_date` DATE", "`total` DECIMAL(8,2)", "`gift` TINYINT(1)",
        "`unit_price` DECIMAL(6,2)")]
    [InlineData(SqlDialect.SqlServer, "[placed_at] DATETIMEOFFSET(0)", "[delivery_date] DATE", "[total] DECIMAL(8,2)", "[gift] BIT",
        "[unit_price] DECIMAL(6,2)")]
    [InlineData(SqlDialect.Postgres, "\"placed_at\" TIMESTAMPTZ", "\"delivery_date\" DATE", "\"total\" NUMERIC(8,2)", "\"gift\" BOOLEAN",
        "\"unit_price\" NUMERIC(6,2)")]
    [InlineData(SqlDialect.Sqlite, "\"placed_at\" TEXT", "\"delivery_date\" TEXT", "\"total\" NUMERIC", "\"gift\" INTEGER", "\"unit_price\" NUMERIC")]
    public void Columns_have_the_dialects_native_types(
        SqlDialect dialect, string placedAt, string deliveryDate, string total, string gift, string unitPrice)
    {
        var sql = Sql(dialect);
        foreach (var column in new[] { placedAt, deliveryDate, total, gift, unitPrice })
            Assert.Contains(column, sql);
    }

    [Theory]
    [InlineData(SqlDialect.MySql, "CREATE TABLE IF NOT EXISTS `order_items`", "FOREIGN KEY (`_parent_row_id`) REFERENCES `order` (`_row_id`)")]
    [InlineData(SqlDialect.SqlServer, "CREATE TABLE [order_items]", "FOREIGN KEY ([_parent_row_id]) REFERENCES [order] ([_row_id])")]
    [InlineData(SqlDialect.Postgres, "CREATE TABLE IF NOT EXISTS \"order_items\"",
        "FOREIGN KEY (\"_parent_row_id\") REFERENCES \"order\" (\"_row_id\")")]
    [InlineData(SqlDialect.Sqlite, "CREATE TABLE IF NOT EXISTS \"order_items\"",
        "FOREIGN KEY (\"_parent_row_id\") REFERENCES \"order\" (\"_row_id\")")]
    public void Child_tables_carry_a_table_level_foreign_key_after_their_parent(SqlDialect dialect, string childHead, string foreignKey)
    {
        var sql = Sql(dialect);
        var child = CreateTable(sql, childHead);
        Assert.Contains(foreignKey, child);
        // No inline REFERENCES (MySQL parses and ignores them): the only REFERENCES is the FOREIGN KEY clause.
        Assert.Equal(1, child.Split("REFERENCES").Length - 1);
        var parentAt = sql.IndexOf(dialect == SqlDialect.SqlServer ? "CREATE TABLE [order] (" : dialect == SqlDialect.MySql
            ? "CREATE TABLE IF NOT EXISTS `order` (" : "CREATE TABLE IF NOT EXISTS \"order\" (", StringComparison.Ordinal);
        Assert.InRange(parentAt, 0, sql.IndexOf(childHead, StringComparison.Ordinal) - 1);
    }

    [Fact]
    public void Mysql_date_times_are_written_as_utc_wall_time()
    {
        var sql = Sql(SqlDialect.MySql, records: 5);
        var rows = sql[sql.IndexOf("INSERT INTO `order`", StringComparison.Ordinal)..];
        Assert.Matches(@"'\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}'", rows);
        Assert.DoesNotMatch(@"'\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z'", rows);
    }

    [Fact]
    public void Postgres_loads_native_columns_and_enforces_the_foreign_key()
    {
        var sql = Sql(SqlDialect.Postgres, records: 60);
        var path = Path.Combine(EngineFixtures.TempDirectory("native"), "order.sql");
        File.WriteAllText(path, sql);
        ExternalValidators.WithDatabase(db =>
        {
            ExternalValidators.Psql(db, file: path);
            var types = ExternalValidators.Psql(db,
                "SELECT string_agg(column_name || ':' || data_type || coalesce('(' || numeric_precision || ',' || numeric_scale || ')', ''), ' ' " +
                "ORDER BY column_name) " +
                "FROM information_schema.columns WHERE table_name IN ('order','order_items') " +
                "AND column_name IN ('placed_at','delivery_date','total','gift','unit_price','quantity');");
            foreach (var expected in new[] { "placed_at:timestamp with time zone", "delivery_date:date", "total:numeric(8,2)", "gift:boolean",
                "unit_price:numeric(6,2)", "quantity:bigint" })
                Assert.Contains(expected, types);
            Assert.Equal("0", ExternalValidators.Psql(db,
                "SELECT count(*) FROM order_items i LEFT JOIN \"order\" o ON o._row_id = i._parent_row_id WHERE o._row_id IS NULL;"));
            var orphan = Assert.ThrowsAny<Exception>(() => ExternalValidators.Psql(db,
                "INSERT INTO order_items (_row_id, _parent_row_id, _position, sku, quantity, unit_price) " +
                "VALUES ('999.1', 999, 1, 'AB-123456', 1, 1.00);"));
            Assert.Contains("foreign key", orphan.Message);
            return "";
        });
    }

    [Fact]
    public void Sqlite_enforces_the_foreign_key_of_a_loaded_file()
    {
        var sqlite = ExternalValidators.FindOnPath("sqlite3");
        Assert.True(sqlite is not null, "sqlite3 is installed by scripts/test-tools.sh");
        var sql = Sql(SqlDialect.Sqlite, records: 20);
        var path = Path.Combine(EngineFixtures.TempDirectory("sqlite-fk"), "order.sql");
        File.WriteAllText(path, sql);
        var (ok, okOutput) = ExternalValidators.Run(sqlite!, ["-bail", ":memory:"],
            $"PRAGMA foreign_keys=ON;\n.read '{path}'\nSELECT count(*) FROM \"order\";\n");
        Assert.True(ok == 0, okOutput);
        Assert.Equal("20", okOutput.Trim());
        var (bad, badOutput) = ExternalValidators.Run(sqlite!, ["-bail", ":memory:"],
            $"PRAGMA foreign_keys=ON;\n.read '{path}'\n" +
            "INSERT INTO order_items (_row_id, _parent_row_id, _position, sku, quantity, unit_price) " +
            "VALUES ('999.1', 999, 1, 'AB-123456', 1, 1.00);\n");
        Assert.NotEqual(0, bad);
        Assert.Contains("FOREIGN KEY constraint failed", badOutput);
    }
}
