using System.Globalization;

namespace Tdmp.Features.Tenants.UpdateTenant;

public sealed record UpdateTenantCommand(long TenantId, string Name, long MaxRecordCount, int DatasetRetentionDays, TenantSettings Settings)
    : ICommand<TenantView>;

public sealed class UpdateTenantHandler(UnitOfWork work, AuditTrail audit) : ICommandHandler<UpdateTenantCommand, TenantView>
{
    private const string NameTakenSql = "SELECT EXISTS (SELECT 1 FROM tenants WHERE name = @name AND tenant_id <> @tenant_id)";

    private const string UpdateSql = """
        UPDATE tenants
        SET name = @name, max_record_count = @max_record_count, dataset_retention_days = @dataset_retention_days
        WHERE tenant_id = @tenant_id
        """;

    public async ValueTask<TenantView> Handle(UpdateTenantCommand command, CancellationToken ct)
    {
        var (connection, transaction) = await work.BeginAsync(ct);
        var before = await TenantView.FindAsync(connection, transaction, command.TenantId, ct) ?? throw new NotFoundException("Tenant not found");
        if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(NameTakenSql,
                new { name = command.Name, tenant_id = command.TenantId }, transaction, cancellationToken: ct)))
            throw new RuleViolationException("name", "A tenant with this name exists.");

        try
        {
            await connection.ExecuteAsync(new CommandDefinition(UpdateSql, new
            {
                tenant_id = command.TenantId,
                name = command.Name,
                max_record_count = command.MaxRecordCount,
                dataset_retention_days = command.DatasetRetentionDays,
            }, transaction, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Another request took the name between the check above and this update.
            throw new RuleViolationException("name", "A tenant with this name exists.");
        }
        await TenantQuotas.ApplyAsync(connection, transaction, command.TenantId, command.Settings, ct);
        var after = await TenantView.FindAsync(connection, transaction, command.TenantId, ct) ?? throw new NotFoundException("Tenant not found");
        audit.Record(new AuditEntry("tenant.updated", "tenant",
            command.TenantId.ToString(CultureInfo.InvariantCulture), Details: new
            {
                old = before with { UserCount = 0, StoredBytes = 0 },
                @new = after with { UserCount = 0, StoredBytes = 0 },
            }));
        return after;
    }
}
