using System.Text.Json;

namespace Tdmp.Features.Integrations;

/// <summary>An integration as the API returns it: secret fields of <see cref="Config"/> are <c>***</c>.</summary>
public sealed record IntegrationResponse
{
    public long IntegrationId { get; init; }
    public long TenantId { get; init; }
    public string Name { get; init; } = "";
    /// <summary><c>s3</c> or <c>webhook</c>.</summary>
    public string Provider { get; init; } = "";
    public Dictionary<string, JsonElement> Config { get; init; } = [];
    /// <summary>Webhook events it receives; empty for s3.</summary>
    public string[] Events { get; init; } = [];
    public long? CreatedBy { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }

    public static IntegrationResponse Example => new()
    {
        IntegrationId = 4, TenantId = 1, Name = "exports bucket", Provider = IntegrationProviders.S3,
        Config = new Dictionary<string, JsonElement>
        {
            ["bucket"] = JsonSerializer.SerializeToElement("tdmp-exports"),
            ["region"] = JsonSerializer.SerializeToElement("eu-central-1"),
            ["access_key_id"] = JsonSerializer.SerializeToElement("AKIAIOSFODNN7EXAMPLE"),
            ["secret_access_key"] = JsonSerializer.SerializeToElement(IntegrationSecrets.Mask),
            ["prefix"] = JsonSerializer.SerializeToElement("tdmp"),
        },
        CreatedBy = 7, CreatedAt = new DateTime(2026, 1, 6, 10, 30, 0, DateTimeKind.Utc),
        UpdatedAt = new DateTime(2026, 1, 6, 10, 30, 0, DateTimeKind.Utc),
    };
}

/// <summary>An integration row as stored, with its secrets still encrypted.</summary>
public sealed record IntegrationRecord
{
    public long IntegrationId { get; init; }
    public long TenantId { get; init; }
    public string Name { get; init; } = "";
    public string Provider { get; init; } = "";
    public string ConfigJson { get; init; } = "{}";
    public string ProtectedSecrets { get; init; } = "";
    public string[] Events { get; init; } = [];
    public long? CreatedBy { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }

    public const string Columns = """
        i.integration_id AS IntegrationId, i.tenant_id AS TenantId, i.name AS Name, i.provider AS Provider,
        i.config::text AS ConfigJson, i.protected_secrets AS ProtectedSecrets, i.events AS Events,
        i.created_by AS CreatedBy, i.created_at AS CreatedAt, i.updated_at AS UpdatedAt
        """;

    /// <summary>The integrations the caller may manage: its tenant's, or all for a superuser. Needs <c>caller_role</c>,
    /// <c>caller_tenant_id</c>.</summary>
    public const string VisibleToCallerSql = "(@caller_role = 'superuser' OR i.tenant_id = @caller_tenant_id)";

    private const string FindSql = "SELECT " + Columns + " FROM integrations i WHERE i.integration_id = @integration_id AND " + VisibleToCallerSql;

    public Dictionary<string, JsonElement> Plain() => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(ConfigJson) ?? [];

    public IntegrationResponse ToResponse()
    {
        var config = Plain();
        foreach (var field in IntegrationProviders.Find(Provider)?.Fields.Where(f => f.Secret) ?? [])
            config[field.Name] = JsonSerializer.SerializeToElement(IntegrationSecrets.Mask);
        if (Provider == IntegrationProviders.Webhook) config["events"] = JsonSerializer.SerializeToElement(Events);
        return new IntegrationResponse
        {
            IntegrationId = IntegrationId, TenantId = TenantId, Name = Name, Provider = Provider, Config = config, Events = Events,
            CreatedBy = CreatedBy, CreatedAt = CreatedAt, UpdatedAt = UpdatedAt,
        };
    }

    /// <summary>The integration when the caller may manage it; else <see cref="NotFoundException"/> (other tenants' are 404).</summary>
    public static async Task<IntegrationRecord> RequireAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, ICurrentUser caller,
        long integrationId, CancellationToken ct, bool forUpdate = false)
        => await connection.QuerySingleOrDefaultAsync<IntegrationRecord>(new CommandDefinition(FindSql + (forUpdate ? " FOR UPDATE" : ""),

                CallerScope.Parameters(caller, new { integration_id = integrationId }), transaction, cancellationToken: ct))
                    ?? throw new NotFoundException("Integration not found");

    /// <summary>The row by id alone, for background jobs.</summary>
    public static Task<IntegrationRecord?> FindAsync(NpgsqlConnection connection, long integrationId, CancellationToken ct)
        => connection.QuerySingleOrDefaultAsync<IntegrationRecord>(new CommandDefinition(
            "SELECT " + Columns + " FROM integrations i WHERE i.integration_id = @integration_id", new { integration_id = integrationId },
                cancellationToken: ct));

    public static bool IsDuplicateName(PostgresException e)
        => e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "integrations_tenant_name_idx" };
}
