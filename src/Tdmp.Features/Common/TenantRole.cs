using System.Text.Json.Serialization;

namespace Tdmp.Features.Common;

/// <summary>Tenant roles, lowest first: a role includes everything a lower one may do.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TenantRole>))]
public enum TenantRole { Tester = 1, Manager = 2, Admin = 3, Superuser = 4 }

public static class TenantRoles
{
    /// <summary>The role's name as the API and the database write it.</summary>
    public static string Name(this TenantRole role) => role switch
    {
        TenantRole.Tester => "tester",
        TenantRole.Manager => "manager",
        TenantRole.Admin => "admin",
        TenantRole.Superuser => "superuser",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static TenantRole Parse(string name) => TryParse(name, out var role)
        ? role
        : throw new ArgumentException($"Unknown role '{name}'.", nameof(name));

    public static bool TryParse(string? name, out TenantRole role)
    {
        role = name switch
        {
            "tester" => TenantRole.Tester,
            "manager" => TenantRole.Manager,
            "admin" => TenantRole.Admin,
            "superuser" => TenantRole.Superuser,
            _ => 0,
        };
        return role != 0;
    }

    public const string Tester = "tester", Manager = "manager", Admin = "admin", Superuser = "superuser";

    public static readonly string[] AllNames = [Tester, Manager, Admin, Superuser];

    // Who may call an endpoint, for its Roles(...): every endpoint names one of these (or is anonymous).
    /// <summary>Every authenticated caller; what it may see is then decided per project or per own account.</summary>
    public static readonly string[] Everyone = AllNames;
    public static readonly string[] ManagerAndUp = [Manager, Admin, Superuser];
    public static readonly string[] AdminAndUp = [Admin, Superuser];
    public static readonly string[] SuperuserOnly = [Superuser];
}
