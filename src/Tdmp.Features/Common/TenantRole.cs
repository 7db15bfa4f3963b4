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

    public static readonly string[] AllNames = ["tester", "manager", "admin", "superuser"];
}
