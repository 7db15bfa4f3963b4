
namespace Tdmp.Features.Tenants;

/// <summary>A tenant and its settings.</summary>
public sealed record TenantView
{
    public long TenantId { get; init; }
    public string Name { get; init; } = "";
    /// <summary>Largest <c>record_count</c> a dataset of this tenant may ask for.</summary>
    public long MaxRecordCount { get; init; }
    /// <summary>Datasets older than this many days are deleted with their files.</summary>
    public int DatasetRetentionDays { get; init; }
    public long UserCount { get; init; }
    public DateTime CreatedAt { get; init; }

    public const string SelectSql = """
        SELECT t.tenant_id AS TenantId, t.name AS Name, t.max_record_count AS MaxRecordCount,
               t.dataset_retention_days AS DatasetRetentionDays,
               (SELECT count(*) FROM users u WHERE u.tenant_id = t.tenant_id) AS UserCount,
               t.created_at AS CreatedAt
        FROM tenants t
        """;

    public static Task<TenantView?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long tenantId, CancellationToken ct)
        => connection.QuerySingleOrDefaultAsync<TenantView>(new CommandDefinition(
            SelectSql + " WHERE t.tenant_id = @tenant_id", new { tenant_id = tenantId }, transaction, cancellationToken: ct));

    public static TenantView Example => new()
    {
        TenantId = 2, Name = "payments", MaxRecordCount = 10_000_000, DatasetRetentionDays = 30, UserCount = 14,
        CreatedAt = new DateTime(2026, 1, 6, 10, 30, 0, DateTimeKind.Utc),
    };
}

/// <summary>The settings a tenant is created or replaced with; shared by POST and PUT.</summary>
public abstract class TenantSettings
{
    public const long MaxRecordCountLimit = 1_000_000_000;
    public const int MaxRetentionDays = 3650;

    /// <summary>Unique name, 1..100 characters.</summary>
    public string Name { get; init; } = "";
    /// <summary>Largest record_count of a dataset, 1..1,000,000,000 (default 10,000,000).</summary>
    public long? MaxRecordCount { get; init; }
    /// <summary>Days a dataset is kept, 1..3650 (default 30).</summary>
    public int? DatasetRetentionDays { get; init; }
}

/// <summary>Validation rules of <see cref="TenantSettings"/>.</summary>
public sealed class TenantSettingsRules : AbstractValidator<TenantSettings>
{
    public TenantSettingsRules()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(100)
            .Must(name => name == name.Trim()).WithMessage("The name must not start or end with spaces.");
        RuleFor(r => r.MaxRecordCount).InclusiveBetween(1, TenantSettings.MaxRecordCountLimit);
        RuleFor(r => r.DatasetRetentionDays).InclusiveBetween(1, TenantSettings.MaxRetentionDays);
    }
}
