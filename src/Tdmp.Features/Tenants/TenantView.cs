
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
    /// <summary>Queued plus running datasets one user may have at a time (default 10).</summary>
    public int MaxActiveDatasetsPerUser { get; init; }
    /// <summary>Queued plus running datasets the tenant may have at a time (default 50).</summary>
    public int MaxActiveDatasetsPerTenant { get; init; }
    /// <summary>Bytes of all the tenant's dataset files, queued and running ones counted by their estimate (default 100 GiB).</summary>
    public long MaxStoredBytes { get; init; }
    /// <summary>Bytes of one dataset (default 20 GiB).</summary>
    public long MaxDatasetBytes { get; init; }
    /// <summary>Files of one dataset (default 10,000).</summary>
    public int MaxFilesPerDataset { get; init; }
    /// <summary>Bytes of one record (default 1 MiB).</summary>
    public int MaxRecordBytes { get; init; }
    /// <summary>Length a schema or rule may force on one string (default 100,000).</summary>
    public int MaxStringLength { get; init; }
    /// <summary>Items a schema or rule may force on one array or repeated group (default 10,000).</summary>
    public int MaxArrayItems { get; init; }
    /// <summary>Bytes of dataset files the tenant stores now (completed datasets).</summary>
    public long StoredBytes { get; init; }
    public long UserCount { get; init; }
    public DateTime CreatedAt { get; init; }

    public const string SelectSql = """
        SELECT t.tenant_id AS TenantId, t.name AS Name, t.max_record_count AS MaxRecordCount,
               t.dataset_retention_days AS DatasetRetentionDays,
               t.max_active_datasets_per_user AS MaxActiveDatasetsPerUser, t.max_active_datasets_per_tenant AS MaxActiveDatasetsPerTenant,
               t.max_stored_bytes AS MaxStoredBytes, t.max_dataset_bytes AS MaxDatasetBytes, t.max_files_per_dataset AS MaxFilesPerDataset,
               t.max_record_bytes AS MaxRecordBytes, t.max_string_length AS MaxStringLength, t.max_array_items AS MaxArrayItems,
               (SELECT COALESCE(sum(f.size_bytes), 0)::bigint FROM dataset_files f JOIN datasets d ON d.dataset_id = f.dataset_id
                WHERE d.tenant_id = t.tenant_id) AS StoredBytes,
               (SELECT count(*) FROM users u WHERE u.tenant_id = t.tenant_id) AS UserCount,
               t.created_at AS CreatedAt
        FROM tenants t
        """;

    public static Task<TenantView?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long tenantId, CancellationToken ct)
        => connection.QuerySingleOrDefaultAsync<TenantView>(new CommandDefinition(
            SelectSql + " WHERE t.tenant_id = @tenant_id", new { tenant_id = tenantId }, transaction, cancellationToken: ct));

    public static TenantView Example => new()
    {
        TenantId = 2, Name = "payments", MaxRecordCount = 10_000_000, DatasetRetentionDays = 30,
        MaxActiveDatasetsPerUser = 10, MaxActiveDatasetsPerTenant = 50, MaxStoredBytes = 100L << 30, MaxDatasetBytes = 20L << 30,
        MaxFilesPerDataset = 10_000, MaxRecordBytes = 1 << 20, MaxStringLength = 100_000, MaxArrayItems = 10_000, StoredBytes = 73_400_320,
        UserCount = 14,
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

    // Quotas and value bounds (issue 13): left out, a new tenant gets the default and an update keeps the current value.
    /// <summary>Queued plus running datasets per user, 1..10,000 (default 10).</summary>
    public int? MaxActiveDatasetsPerUser { get; init; }
    /// <summary>Queued plus running datasets per tenant, 1..100,000 (default 50).</summary>
    public int? MaxActiveDatasetsPerTenant { get; init; }
    /// <summary>Bytes of all dataset files of the tenant, up to 1 PiB (default 100 GiB).</summary>
    public long? MaxStoredBytes { get; init; }
    /// <summary>Bytes of one dataset, up to 1 PiB (default 20 GiB).</summary>
    public long? MaxDatasetBytes { get; init; }
    /// <summary>Files of one dataset, 1..1,000,000 (default 10,000).</summary>
    public int? MaxFilesPerDataset { get; init; }
    /// <summary>Bytes of one record, 1 KiB..256 MiB (default 1 MiB).</summary>
    public int? MaxRecordBytes { get; init; }
    /// <summary>Length a schema or rule may force on one string, 1..100,000,000 (default 100,000).</summary>
    public int? MaxStringLength { get; init; }
    /// <summary>Items a schema or rule may force on one array or repeated group, 1..10,000,000 (default 10,000).</summary>
    public int? MaxArrayItems { get; init; }
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
        RuleFor(r => r.MaxActiveDatasetsPerUser).InclusiveBetween(1, 10_000);
        RuleFor(r => r.MaxActiveDatasetsPerTenant).InclusiveBetween(1, 100_000);
        RuleFor(r => r.MaxStoredBytes).InclusiveBetween(1, 1L << 50);
        RuleFor(r => r.MaxDatasetBytes).InclusiveBetween(1, 1L << 50);
        RuleFor(r => r.MaxFilesPerDataset).InclusiveBetween(1, 1_000_000);
        RuleFor(r => r.MaxRecordBytes).InclusiveBetween(1024, 256 << 20);
        RuleFor(r => r.MaxStringLength).InclusiveBetween(1, 100_000_000);
        RuleFor(r => r.MaxArrayItems).InclusiveBetween(1, 10_000_000);
    }
}
