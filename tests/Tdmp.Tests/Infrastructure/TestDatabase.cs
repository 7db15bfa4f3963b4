using Npgsql;

namespace Tdmp.Tests.Infrastructure;

/// <summary>The PostgreSQL server the test script started (scripts/pg.sh); each run gets fresh databases on it.</summary>
public static class TestDatabase
{
    /// <summary>Connection string to the server's maintenance database, from TDMP_TEST_PG or the script's default.</summary>
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("TDMP_TEST_PG") is { Length: > 0 } cs
            ? cs
            : "Host=127.0.0.1;Port=54329;Username=tdmp;Database=postgres";

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public static string CreateFresh(string purpose)
    {
        var name = $"tdmp_test_{purpose}_{DateTime.UtcNow:yyyyMMddHHmmss}_{Guid.NewGuid():N}"[..60].ToLowerInvariant();
        using var connection = new NpgsqlConnection(ServerConnectionString);
        connection.Open();
        DropLeftovers(connection);
        using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection))
            create.ExecuteNonQuery();
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name, MaxPoolSize = 50 }.ConnectionString;
    }

    /// <summary>Databases of earlier runs older than a few hours; a run in progress is never that old.</summary>
    private static void DropLeftovers(NpgsqlConnection connection)
    {
        var cutoff = DateTime.UtcNow.AddHours(-3).ToString("yyyyMMddHHmmss");
        var names = new List<string>();
        using (var list = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE 'tdmp_test_%'", connection))
        using (var reader = list.ExecuteReader())
            while (reader.Read()) names.Add(reader.GetString(0));
        foreach (var name in names)
        {
            var stamp = System.Text.RegularExpressions.Regex.Match(name, @"_(\d{14})_").Groups[1].Value;
            if (stamp.Length == 14 && string.CompareOrdinal(stamp, cutoff) < 0)
            {
                using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
                drop.ExecuteNonQuery();
            }
        }
    }
}
