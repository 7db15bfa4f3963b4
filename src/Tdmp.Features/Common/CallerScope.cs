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

    /// <summary>
    /// A schema aliased <c>s</c> the caller may see: the tenant filter, and for testers only schemas linked to a project they
    /// are a member of (API.md: testers see a project's schemas as members).
    /// </summary>
    public const string SchemaVisibleSql = """
        (@caller_role = 'superuser'
         OR (s.tenant_id = @caller_tenant_id
             AND (@caller_role <> 'tester'
                  OR EXISTS (SELECT 1 FROM project_schemas vps JOIN project_members vpm ON vpm.project_id = vps.project_id
                             WHERE vps.schema_id = s.schema_id AND vpm.user_id = @caller_user_id))))
        """;

    /// <summary>The same for a constraint set aliased <c>c</c>: a caller sees a set exactly when they see its schema, so the
    /// rule is the schema's, not a copy of it.</summary>
    public const string ConstraintSetVisibleSql =
        "EXISTS (SELECT 1 FROM schemas s WHERE s.schema_id = c.schema_id AND " + SchemaVisibleSql + ")";
}
