namespace Tdmp.Features.Datasets;

/// <summary>A dataset locked for a change in the caller's transaction, with the caller's grant on its project.</summary>
public sealed record DatasetLock(long DatasetId, long TenantId, long ProjectId, string Name, string Status, long? CreatedBy)
{
    private const string LockSql = """
        SELECT d.dataset_id AS DatasetId, d.tenant_id AS TenantId, d.project_id AS ProjectId, d.name AS Name,
               d.status AS Status, d.created_by AS CreatedBy
        FROM datasets d
        WHERE d.dataset_id = @dataset_id AND (@caller_role = 'superuser' OR d.tenant_id = @caller_tenant_id)
        FOR UPDATE
        """;

    public ProjectGrant Grant { get; private init; } = null!;

    /// <summary>Locks the dataset; 404 when it does not exist or the caller may not see its project.</summary>
    public static async Task<DatasetLock> AcquireAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ICurrentUser caller,
        long datasetId, CancellationToken ct)
    {
        var dataset = await connection.QuerySingleOrDefaultAsync<DatasetLock>(new CommandDefinition(LockSql,
                CallerScope.Parameters(caller, new { dataset_id = datasetId }), transaction, cancellationToken: ct))
            ?? throw new NotFoundException("Dataset not found");
        return dataset with { Grant = await ProjectAccess.RequireVisibleAsync(connection, transaction, caller, dataset.ProjectId, ct) };
    }
}
