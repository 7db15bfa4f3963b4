namespace Tdmp.Features.Common;

/// <summary>
/// Keeps every tenant manageable: the last active admin of a tenant cannot be demoted, deactivated or deleted, nor the
/// last active superuser of the service. Used by PATCH /users/{id} and POST /settings/delete.
/// </summary>
public static class TenantAdmins
{
    // Locks the tenant's active admins (or the service's active superusers) until the transaction ends, in one order,
    // so two admins demoting each other at the same time cannot both succeed (the second sees the first's change).
    private const string LockSql = """
        SELECT user_id
        FROM users
        WHERE is_active AND CASE WHEN @superusers THEN role = 'superuser' ELSE tenant_id = @tenant_id AND role = 'admin' END
        ORDER BY user_id
        FOR UPDATE
        """;

    /// <summary>
    /// Throws a 422 on <paramref name="field"/> when the user (of <paramref name="tenantId"/>, currently
    /// <paramref name="currentRole"/>) is the last active admin of the tenant or the last active superuser and would
    /// stop being one: <paramref name="newRole"/> is lower, or null for deactivation or deletion.
    /// </summary>
    public static async Task EnsureAnotherRemainsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        long tenantId, long userId, TenantRole currentRole, TenantRole? newRole, string field, CancellationToken ct)
    {
        if (currentRole < TenantRole.Admin || newRole >= currentRole)
            return;
        var holders = await connection.QueryAsync<long>(new CommandDefinition(LockSql,
            new { tenant_id = tenantId, superusers = currentRole == TenantRole.Superuser }, transaction, cancellationToken: ct));
        if (holders.Any(id => id != userId))
            return;
        throw currentRole == TenantRole.Superuser
            ? new RuleViolationException(field, "This is the last active superuser of the service; make another user superuser first.")
            : new RuleViolationException(field, "This is the last active admin of the tenant; make another user admin first.");
    }
}
