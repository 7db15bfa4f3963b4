using System.Globalization;

namespace Tdmp.Features.Tenants.CreateTenant;

public sealed record CreateTenantCommand(string Name, long? MaxRecordCount, int? DatasetRetentionDays, TenantSettings Settings)
    : ICommand<TenantView>;

public sealed class CreateTenantHandler(UnitOfWork work, AuditTrail audit) : ICommandHandler<CreateTenantCommand, TenantView>
{
    private const string InsertSql = """
        INSERT INTO tenants (name) VALUES (@name)
        ON CONFLICT (name) DO NOTHING
        RETURNING tenant_id
        """;

    // Settings left out keep the column defaults, so the defaults live in one place (migrations 0001 and 0065).
    private const string ApplySettingsSql = """
        UPDATE tenants
        SET max_record_count = COALESCE(@max_record_count, max_record_count),
            dataset_retention_days = COALESCE(@dataset_retention_days, dataset_retention_days)
        WHERE tenant_id = @tenant_id
        """;

    public async ValueTask<TenantView> Handle(CreateTenantCommand command, CancellationToken ct)
    {
        var (connection, transaction) = await work.BeginAsync(ct);
        var tenantId = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(InsertSql, new
        {
            name = command.Name,
        }, transaction, cancellationToken: ct)) ?? throw new RuleViolationException("name", "A tenant with this name exists.");
        await connection.ExecuteAsync(new CommandDefinition(ApplySettingsSql, new
        {
            tenant_id = tenantId,
            max_record_count = command.MaxRecordCount,
            dataset_retention_days = command.DatasetRetentionDays,
        }, transaction, cancellationToken: ct));
        await TenantQuotas.ApplyAsync(connection, transaction, tenantId, command.Settings, ct);
        var tenant = await TenantView.FindAsync(connection, transaction, tenantId, ct)
            ?? throw new InvalidOperationException("The new tenant is gone.");
        audit.Record(new AuditEntry("tenant.created", "tenant",
            tenantId.ToString(CultureInfo.InvariantCulture), Details: new
            {
                name = tenant.Name,
                max_record_count = tenant.MaxRecordCount,
                dataset_retention_days = tenant.DatasetRetentionDays,
            }));
        return tenant;
    }
}
