using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Tdmp.Features.Common.Pipeline;
using Tdmp.Features.Users.CreateAccessToken;

namespace Tdmp.Tests.Features.Common;

/// <summary>The Mediator pipeline every command goes through, whoever sends it: validation, one transaction, the audit.</summary>
[Collection(ApiCollection.Name)]
public sealed class CommandPipelineTests(TdmpApi api) : IAsyncLifetime
{
    private TestTenant tenant = null!;
    private TestUser admin = null!;

    private sealed record Caller(long UserId, long TenantId) : ICurrentUser
    {
        public TenantRole Role => TenantRole.Admin;
        public string Username => "caller";
        public Guid SessionId => Guid.Empty;
        public string? ClientIp => null;
    }

    /// <summary>A command that inserts a tenant named <see cref="Name"/> and declares an audit entry with that target.</summary>
    private sealed record ProbeCommand(string Name) : ICommand<int>;

    public async Task InitializeAsync()
    {
        tenant = await api.CreateTenantAsync();
        admin = await tenant.CreateUserAsync(TenantRole.Admin);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_command_sent_outside_HTTP_is_refused_by_the_validator_its_request_has()
    {
        await using var scope = api.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var e = await Assert.ThrowsAsync<ValidationException>(async () =>
            await mediator.Send(new CreateAccessTokenRequest { Name = "", ExpiresInDays = 400 }));
        // The field names a client sends, as in the 422 an HTTP request gets.
        Assert.Equal(["name", "expires_in_days"], e.Errors.Select(f => f.PropertyName).ToArray());
    }

    [Fact]
    public async Task A_query_has_no_unit_of_work()
    {
        await using var scope = api.Services.CreateAsyncScope();
        var work = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await work.BeginAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_command_that_succeeds_commits_its_change_and_its_audit_row_before_its_after_commit_actions()
    {
        var name = "probe-" + Guid.NewGuid().ToString("N");
        long? seenAfterCommit = null;
        await RunAsync(name, fail: false, afterCommit: async () =>
        {
            await using var other = api.OpenDb();
            seenAfterCommit = await other.ExecuteScalarAsync<long>("SELECT count(*) FROM tenants WHERE name = @name", new { name });
        });

        Assert.Equal(1, seenAfterCommit);
        await using var db = api.OpenDb();
        Assert.Equal(1, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM tenants WHERE name = @name", new { name }));
        var row = await db.QuerySingleAsync<(long tenant_id, long actor_id, string actor_role)>(
            "SELECT tenant_id, actor_id, actor_role FROM audit_log WHERE action = 'tenant.created' AND target_id = @name", new { name });
        Assert.Equal((tenant.Id, admin.Id, "admin"), row);
    }

    [Fact]
    public async Task A_command_that_throws_leaves_neither_its_change_nor_its_audit_row_and_runs_no_after_commit_action()
    {
        var name = "probe-" + Guid.NewGuid().ToString("N");
        var ranAfterCommit = false;
        await Assert.ThrowsAsync<RuleViolationException>(() => RunAsync(name, fail: true, afterCommit: () =>
        {
            ranAfterCommit = true;
            return Task.CompletedTask;
        }));

        Assert.False(ranAfterCommit);
        await using var db = api.OpenDb();
        Assert.Equal(0, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM tenants WHERE name = @name", new { name }));
        Assert.Equal(0, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log WHERE target_id = @name", new { name }));
    }

    [Fact]
    public async Task An_after_commit_action_that_fails_leaves_the_command_successful_and_the_next_action_run()
    {
        var name = "probe-" + Guid.NewGuid().ToString("N");
        var ranSecond = false;
        var result = await RunAsync(name, fail: false,
            afterCommit: () => throw new ObjectDisposedException("the run ended meanwhile"),
            secondAfterCommit: () =>
            {
                ranSecond = true;
                return Task.CompletedTask;
            });

        Assert.Equal(1, result);
        Assert.True(ranSecond);
        await using var db = api.OpenDb();
        Assert.Equal(1, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM tenants WHERE name = @name", new { name }));
    }

    /// <summary>The transaction and audit behaviours around a handler that writes, declares its audit entry, and then
    /// returns or throws.</summary>
    private async Task<int> RunAsync(string name, bool fail, Func<Task> afterCommit, Func<Task>? secondAfterCommit = null)
    {
        await using var work = new UnitOfWork(api.Service<NpgsqlDataSource>(), NullLogger<UnitOfWork>.Instance);
        var audit = new AuditTrail(new Caller(admin.Id, tenant.Id));
        var transactionBehaviour = new CommandTransaction<ProbeCommand, int>(work);
        var auditBehaviour = new CommandAudit<ProbeCommand, int>(audit, work);

        async ValueTask<int> Handler(ProbeCommand command, CancellationToken ct)
        {
            var (connection, transaction) = await work.BeginAsync(ct);
            await connection.ExecuteAsync(
                new CommandDefinition("INSERT INTO tenants (name) VALUES (@name)", new { name = command.Name }, transaction, cancellationToken: ct));
            audit.Record(new AuditEntry("tenant.created", "tenant", command.Name));
            work.AfterCommit(_ => afterCommit());
            if (secondAfterCommit is not null) work.AfterCommit(_ => secondAfterCommit());
            if (fail) throw new RuleViolationException("name", "refused after writing");
            return 1;
        }

        return await transactionBehaviour.Handle(new ProbeCommand(name),
            (message, ct) => auditBehaviour.Handle(message, Handler, ct), CancellationToken.None);
    }
}
