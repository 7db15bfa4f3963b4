using System.Text.Json;
using Tdmp.Generation.Constraints;

namespace Tdmp.Features.Common;

/// <summary>The stored form of a constraint set version's rules, and the query that loads one version.</summary>
public static class ConstraintRules
{
    public static string Serialize(IReadOnlyList<ConstraintRule> rules) => JsonSerializer.Serialize(rules, StoredJson.Documents);

    public static IReadOnlyList<ConstraintRule> Deserialize(string json)
        => JsonSerializer.Deserialize<List<ConstraintRule>>(json, StoredJson.Documents) ?? [];

    private const string LoadSql = """
        SELECT v.rules::text
        FROM constraint_set_versions v
        JOIN constraint_sets c ON c.constraint_set_id = v.constraint_set_id
        WHERE v.constraint_set_id = @constraint_set_id AND v.version = @version AND c.tenant_id = @tenant_id
        """;

    /// <summary>The rules of one version of a constraint set of the tenant; 404 when there is none.</summary>
    public static async Task<IReadOnlyList<ConstraintRule>> LoadAsync(NpgsqlConnection connection, long tenantId, long constraintSetId, int version,
        CancellationToken ct)
        => Deserialize(await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(LoadSql,
               new { constraint_set_id = constraintSetId, version, tenant_id = tenantId }, cancellationToken: ct))
           ?? throw new NotFoundException("Constraint set not found"));
}
