using Tdmp.Generation.Engine;

namespace Tdmp.Features.Common;

/// <summary>A tenant's quotas and value bounds (tenant settings, migration 0065), read where they are enforced.</summary>
public sealed record TenantLimits
{
    public int MaxActiveDatasetsPerUser { get; init; }
    public int MaxActiveDatasetsPerTenant { get; init; }
    public long MaxStoredBytes { get; init; }
    public long MaxDatasetBytes { get; init; }
    public int MaxFilesPerDataset { get; init; }
    public int MaxRecordBytes { get; init; }
    public int MaxStringLength { get; init; }
    public int MaxArrayItems { get; init; }

    public ValueLimits Values => new() { MaxRecordBytes = MaxRecordBytes, MaxStringLength = MaxStringLength, MaxArrayItems = MaxArrayItems };

    private const string Sql = """
        SELECT max_active_datasets_per_user AS MaxActiveDatasetsPerUser, max_active_datasets_per_tenant AS MaxActiveDatasetsPerTenant,
               max_stored_bytes AS MaxStoredBytes, max_dataset_bytes AS MaxDatasetBytes, max_files_per_dataset AS MaxFilesPerDataset,
               max_record_bytes AS MaxRecordBytes, max_string_length AS MaxStringLength, max_array_items AS MaxArrayItems
        FROM tenants WHERE tenant_id = @tenant_id
        """;

    public static Task<TenantLimits> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long tenantId, CancellationToken ct)
        => connection.QuerySingleAsync<TenantLimits>(new CommandDefinition(Sql, new { tenant_id = tenantId }, transaction, cancellationToken: ct));

    /// <summary>Bytes the tenant uses or has reserved: its published files plus the estimates of its queued and running
    /// datasets (other than <paramref name="except"/>).</summary>
    public static Task<long> StoredAndReservedBytesAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long tenantId, long except,
        CancellationToken ct)
        => connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            SELECT (SELECT COALESCE(sum(f.size_bytes), 0) FROM dataset_files f JOIN datasets d ON d.dataset_id = f.dataset_id
                    WHERE d.tenant_id = @tenant_id AND d.dataset_id <> @except)
                 + (SELECT COALESCE(sum(d.estimated_bytes), 0) FROM datasets d
                    WHERE d.tenant_id = @tenant_id AND d.status IN ('queued', 'running') AND d.dataset_id <> @except)
            """, new { tenant_id = tenantId, except }, transaction, cancellationToken: ct));

    /// <summary>1,073,741,824 → "1 GiB": limits read better in binary units.</summary>
    public static string Bytes(long bytes)
    {
        string[] units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB"];
        var value = (double)bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1) { value /= 1024; unit++; }
        return unit == 0 ? $"{bytes} bytes" : value.ToString(value >= 100 ? "0" : "0.#", System.Globalization.CultureInfo.InvariantCulture) + " "
            + units[unit];
    }
}
