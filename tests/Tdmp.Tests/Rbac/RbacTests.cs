

namespace Tdmp.Tests.Rbac;

/// <summary>
/// The role table of API.md, endpoint by endpoint and role by role. Rows live in one <see cref="IRbacTable"/> per
/// area (UsersRbac, ProjectsRbac, ...); an endpoint in the OpenAPI document without a row fails the first test.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RbacTests(TdmpApi api)
{
    private static readonly string[] Verbs = ["get", "post", "put", "patch", "delete"];

    /// <summary>Served outside the role model on purpose.</summary>
    private static readonly HashSet<string> Public = ["GET /health/live", "GET /health/ready", "GET /version"];

    public static IEnumerable<RbacRow> AllRows() => typeof(RbacTests).Assembly.GetTypes()
        .Where(t => typeof(IRbacTable).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false })
        .SelectMany(t => ((IRbacTable)Activator.CreateInstance(t)!).Rows());

    public static TheoryData<string, string> RowNames()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in AllRows()) data.Add(row.Method, row.Path);
        return data;
    }

    [Fact]
    public async Task Every_endpoint_in_the_reference_has_a_row()
    {
        var document = await (await api.Anonymous().GetAsync("/openapi/v1.json")).ExpectAsync(HttpStatusCode.OK);
        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(o => Verbs.Contains(o.Name)).Select(o => $"{o.Name.ToUpperInvariant()} {p.Name}"))
            .Where(e => !Public.Contains(e))
            .ToHashSet();
        var covered = AllRows().Select(r => r.ToString()).ToHashSet();
        Assert.Empty(documented.Except(covered).Order());
        Assert.Empty(covered.Except(documented).Order());
    }

    [Theory]
    [MemberData(nameof(RowNames))]
    public async Task Each_role_gets_what_the_role_table_says(string method, string path)
    {
        var row = AllRows().Single(r => r.Method == method && r.Path == path);
        var world = await RbacWorld.CreateAsync(api);
        var failures = new List<string>();
        foreach (var role in Enum.GetValues<TenantRole>())
        {
            using var request = await row.Request(world, role);
            using var response = await world.Clients[role].SendAsync(request);
            var status = (int)response.StatusCode;
            var expected = row.Outcomes[role];
            var ok = expected switch
            {
                Outcome.Allowed => status is not (401 or 403 or 404) && status < 500,
                Outcome.Forbidden => status == 403,
                Outcome.NotFound => status == 404,
                _ => false,
            };
            if (!ok) failures.Add($"{role.Name()}: expected {expected}, got {status} {await response.Content.ReadAsStringAsync()}");
        }

        if (!row.Anonymous)
        {
            using var request = await row.Request(world, TenantRole.Superuser);
            request.Headers.Authorization = null;
            using var anonymous = await world.Api.Anonymous().SendAsync(request);
            if (anonymous.StatusCode != HttpStatusCode.Unauthorized)
                failures.Add($"anonymous: expected 401, got {(int)anonymous.StatusCode}");
        }
        Assert.Empty(failures);
    }
}
