using Microsoft.Extensions.Logging;

namespace Tdmp.Features.Common.Pipeline;

/// <summary>
/// The one connection and transaction of the command being handled, one per DI scope (an HTTP request, a worker's
/// run). The handler begins it on first use (<see cref="BeginAsync"/>); <see cref="CommandTransaction{TMessage,TResponse}"/>
/// commits it when the handler returns and rolls it back when the handler throws. A query never begins it: it reads on
/// a connection of its own, so a read holds no transaction.
/// </summary>
public sealed class UnitOfWork(NpgsqlDataSource db, ILogger<UnitOfWork> logger) : IAsyncDisposable
{
    private NpgsqlConnection? connection;
    private NpgsqlTransaction? transaction;
    private readonly List<Func<CancellationToken, Task>> afterCommit = [];

    /// <summary>Commands in progress in this scope: only the outermost one commits.</summary>
    private int depth;

    /// <summary>The command's connection, opened on first use, without beginning the transaction: for the reads a handler
    /// does before it writes (a long check should not hold a transaction open).</summary>
    public async ValueTask<NpgsqlConnection> ConnectionAsync(CancellationToken ct)
    {
        if (depth == 0) throw new InvalidOperationException("Only a command's handler has a unit of work; a query opens its own connection.");
        return connection ??= await db.OpenConnectionAsync(ct);
    }

    /// <summary>The command's connection and its transaction, begun on first use; the same pair on every later call.</summary>
    public async ValueTask<(NpgsqlConnection Connection, NpgsqlTransaction Transaction)> BeginAsync(CancellationToken ct)
    {
        var open = await ConnectionAsync(ct);
        return (open, transaction ??= await open.BeginTransactionAsync(ct));
    }

    /// <summary>Runs <paramref name="action"/> once the transaction has committed (caches to evict, queues to wake, files
    /// to delete): nothing is announced that did not happen. The change stands whatever the action does, so an action
    /// that fails is logged and the command still succeeds: a 500 would tell the caller to retry what is already done.</summary>
    public void AfterCommit(Func<CancellationToken, Task> action) => afterCommit.Add(action);

    /// <summary>Runs a command's handler inside the unit of work: commits after it, or rolls back if it throws.</summary>
    internal async ValueTask<TResponse> RunAsync<TResponse>(Func<ValueTask<TResponse>> handle, CancellationToken ct)
    {
        if (depth++ > 0)
        {
            try { return await handle(); }
            finally { depth--; }
        }
        try
        {
            var response = await handle();
            if (transaction is not null) await transaction.CommitAsync(ct);
            await CloseAsync();
            foreach (var action in afterCommit)
            {
                try
                {
                    await action(ct);
                }
                catch (Exception e)
                {
                    logger.LogError(e, "An action after a command's commit failed; the change itself is committed");
                }
            }
            return response;
        }
        finally
        {
            afterCommit.Clear();
            await CloseAsync();
            depth = 0;
        }
    }

    /// <summary>Gives the connection back to the pool; an uncommitted transaction is rolled back.</summary>
    private async ValueTask CloseAsync()
    {
        if (transaction is not null) await transaction.DisposeAsync();
        if (connection is not null) await connection.DisposeAsync();
        transaction = null;
        connection = null;
    }

    public ValueTask DisposeAsync() => CloseAsync();
}
