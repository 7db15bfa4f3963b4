namespace Tdmp.Features.Common;

/// <summary>
/// The one tenant filter of the service: a caller sees the rows of its own tenant, a superuser those of every tenant.
/// In SQL it is always spelt <c>(@caller_role = 'superuser' OR x.tenant_id = @caller_tenant_id)</c>, with the
/// parameters from <see cref="Parameters"/>.
/// </summary>
public static class CallerScope
{
    /// <summary><c>@caller_user_id</c>, <c>@caller_tenant_id</c> and <c>@caller_role</c>, to add a query's own parameters to.</summary>
    public static DynamicParameters Parameters(ICurrentUser caller, object? more = null)
    {
        var parameters = new DynamicParameters(more);
        parameters.Add("caller_user_id", caller.UserId);
        parameters.Add("caller_tenant_id", caller.TenantId);
        parameters.Add("caller_role", caller.Role.Name());
        return parameters;
    }
}
