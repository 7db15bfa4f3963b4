using DbUp;
using DbUp.Engine;
using Npgsql;

namespace Tdmp.Api.Hosting;

/// <summary>Applies the numbered SQL scripts of <c>migrations/</c> (embedded in this assembly) with DbUp.</summary>
public static class DatabaseMigrations
{
    /// <summary>Any fixed number: nodes starting together take this advisory lock so only one migrates at a time.</summary>
    private const long MigrationLockKey = 7_310_001;

    public static UpgradeEngine Engine(string connectionString) => DeployChanges.To
        .PostgresqlDatabase(connectionString)
        .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrations).Assembly, name => name.StartsWith("migrations.", StringComparison.Ordinal))
        .WithTransactionPerScript()
        .LogToNowhere()
        .Build();

    /// <summary>Creates the database when missing and applies pending scripts; then runs <paramref name="afterMigrations"/>
    /// under the same cluster-wide lock (first-run set-up).</summary>
    public static async Task ApplyAsync(string connectionString, ILogger logger, Func<NpgsqlConnection, Task> afterMigrations)
    {
        EnsureDatabase.For.PostgresqlDatabase(connectionString, new DbUp.Engine.Output.NoOpUpgradeLog());
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLockKey})", connection))
            await lockCommand.ExecuteNonQueryAsync();
        try
        {
            var engine = Engine(connectionString);
            var pending = engine.GetScriptsToExecute().Select(s => s.Name).ToList();
            var result = engine.PerformUpgrade();
            if (!result.Successful)
                throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed: {result.Error.Message}", result.Error);
            if (pending.Count > 0)
                logger.LogInformation("Applied migrations: {Scripts}", string.Join(", ", pending));
            await afterMigrations(connection);
        }
        finally
        {
            await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLockKey})", connection);
            await unlock.ExecuteNonQueryAsync();
        }
    }
}
