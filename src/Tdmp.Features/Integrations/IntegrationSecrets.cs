using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Tdmp.Features.Integrations;

/// <summary>Encrypts the secret config fields of integrations at rest with ASP.NET Data Protection (key ring in the database).</summary>
public sealed class IntegrationSecrets(IDataProtectionProvider protection)
{
    /// <summary>What the API shows instead of a secret; sent back in a <c>PUT</c> it keeps the stored one.</summary>
    public const string Mask = "***";

    private readonly IDataProtector protector = protection.CreateProtector("tdmp.integrations");

    public string Protect(IReadOnlyDictionary<string, string> secrets) => protector.Protect(JsonSerializer.Serialize(secrets));

    public Dictionary<string, string> Unprotect(string protectedSecrets)
        => JsonSerializer.Deserialize<Dictionary<string, string>>(protector.Unprotect(protectedSecrets)) ?? [];
}
