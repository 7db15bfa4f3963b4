namespace Tdmp.Features.Tenants;

/// <summary>Writes the quota and bound settings a create or update names; those left out keep what the row has.</summary>
public static class TenantQuotas
{
    private const string ApplySql = """
        UPDATE tenants
        SET max_active_datasets_per_user = COALESCE(@max_active_datasets_per_user, max_active_datasets_per_user),
            max_active_datasets_per_tenant = COALESCE(@max_active_datasets_per_tenant, max_active_datasets_per_tenant),
            max_stored_bytes = COALESCE(@max_stored_bytes, max_stored_bytes),
            max_dataset_bytes = COALESCE(@max_dataset_bytes, max_dataset_bytes),
            max_files_per_dataset = COALESCE(@max_files_per_dataset, max_files_per_dataset),
            max_record_bytes = COALESCE(@max_record_bytes, max_record_bytes),
            max_string_length = COALESCE(@max_string_length, max_string_length),
            max_array_items = COALESCE(@max_array_items, max_array_items)
        WHERE tenant_id = @tenant_id
        """;

    public static Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long tenantId, TenantSettings s, CancellationToken ct)
        => connection.ExecuteAsync(new CommandDefinition(ApplySql, new
        {
            tenant_id = tenantId,
            max_active_datasets_per_user = s.MaxActiveDatasetsPerUser,
            max_active_datasets_per_tenant = s.MaxActiveDatasetsPerTenant,
            max_stored_bytes = s.MaxStoredBytes,
            max_dataset_bytes = s.MaxDatasetBytes,
            max_files_per_dataset = s.MaxFilesPerDataset,
            max_record_bytes = s.MaxRecordBytes,
            max_string_length = s.MaxStringLength,
            max_array_items = s.MaxArrayItems,
        }, transaction, cancellationToken: ct));
}
