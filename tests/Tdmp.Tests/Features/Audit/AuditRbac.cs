using Tdmp.Tests.Rbac;
using static Tdmp.Tests.Rbac.RbacRow;

namespace Tdmp.Tests.Features.Audit;

public sealed class AuditRbac : IRbacTable
{
    public IEnumerable<RbacRow> Rows() =>
    [
        new("GET", "/audit/logs", Call(HttpMethod.Get, "/audit/logs"), From(TenantRole.Admin)),
    ];
}
