

namespace Tdmp.Tests.Rbac;

/// <summary>What a role gets from an endpoint.</summary>
public enum Outcome
{
    /// <summary>Served (any status but 401, 403, 404 and 5xx: a 422 for a body the row did not bother to fill is fine).</summary>
    Allowed,
    Forbidden,
    /// <summary>The role may not even see the resource (API.md: never 403 for what the caller may not see).</summary>
    NotFound,
}

/// <summary>One endpoint: how to call it, and what each tenant role gets.</summary>
public sealed record RbacRow(
    string Method,
    string Path,
    Func<RbacWorld, TenantRole, Task<HttpRequestMessage>> Request,
    IReadOnlyDictionary<TenantRole, Outcome> Outcomes,
    bool Anonymous = false)
{
    public override string ToString() => $"{Method} {Path}";

    /// <summary>Every role gets the same outcome.</summary>
    public static IReadOnlyDictionary<TenantRole, Outcome> All(Outcome outcome)
        => Enum.GetValues<TenantRole>().ToDictionary(r => r, _ => outcome);

    /// <summary>Roles from <paramref name="lowest"/> upwards are allowed; lower ones get <paramref name="otherwise"/>.</summary>
    public static IReadOnlyDictionary<TenantRole, Outcome> From(TenantRole lowest, Outcome otherwise = Outcome.Forbidden)
        => Enum.GetValues<TenantRole>().ToDictionary(r => r, r => r >= lowest ? Outcome.Allowed : otherwise);

    public static Func<RbacWorld, TenantRole, Task<HttpRequestMessage>> Call(HttpMethod method, string url, object? json = null)
        => (_, _) => Task.FromResult(Message(method, url, json));

    public static HttpRequestMessage Message(HttpMethod method, string url, object? json = null)
        => new(method, url) { Content = json is null ? null : JsonContent.Create(json) };
}

/// <summary>The rows of one area (users, projects, ...). Every endpoint of the OpenAPI document needs a row in some table.</summary>
public interface IRbacTable
{
    IEnumerable<RbacRow> Rows();
}

/// <summary>A tenant with one logged-in user of each role, shared by the RBAC rows.</summary>
public sealed class RbacWorld
{
    public required TestTenant Tenant { get; init; }
    public required IReadOnlyDictionary<TenantRole, TestUser> Users { get; init; }
    public required IReadOnlyDictionary<TenantRole, HttpClient> Clients { get; init; }
    public required TdmpApi Api { get; init; }

    public static async Task<RbacWorld> CreateAsync(TdmpApi api)
    {
        var tenant = await api.CreateTenantAsync();
        var users = new Dictionary<TenantRole, TestUser>();
        var clients = new Dictionary<TenantRole, HttpClient>();
        foreach (var role in Enum.GetValues<TenantRole>())
        {
            users[role] = await tenant.CreateUserAsync(role);
            clients[role] = await users[role].LoginAsync();
        }
        return new RbacWorld { Api = api, Tenant = tenant, Users = users, Clients = clients };
    }
}
