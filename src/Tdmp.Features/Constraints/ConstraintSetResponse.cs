using System.Text.Json;
using Tdmp.Generation.Constraints;
using Tdmp.Generation.Schema;

namespace Tdmp.Features.Constraints;

/// <summary>A constraint set with the rules of its current version.</summary>
public sealed record ConstraintSetResponse
{
    public long ConstraintSetId { get; init; }
    public long SchemaId { get; init; }
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public int Version { get; init; }
    public IReadOnlyList<ConstraintRule> Rules { get; init; } = [];
    public long? CreatedBy { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }

    /// <summary>Selects a set with its current rules as <c>RulesJson</c>; append a WHERE on <c>c</c>.</summary>
    public const string SelectSql = """
        SELECT c.constraint_set_id AS ConstraintSetId, c.schema_id AS SchemaId, c.name AS Name, c.description AS Description,
               c.version AS Version, c.created_by AS CreatedBy, c.created_at AS CreatedAt, c.updated_at AS UpdatedAt,
               v.rules::text AS RulesJson
        FROM constraint_sets c
        JOIN constraint_set_versions v ON v.constraint_set_id = c.constraint_set_id AND v.version = c.version
        """;

    /// <summary>The row shape of <see cref="SelectSql"/>.</summary>
    public sealed record Row(long ConstraintSetId, long SchemaId, string Name, string? Description, int Version,
        long? CreatedBy, DateTime CreatedAt, DateTime UpdatedAt, string RulesJson)
    {
        public ConstraintSetResponse ToResponse() => new()
        {
            ConstraintSetId = ConstraintSetId, SchemaId = SchemaId, Name = Name, Description = Description, Version = Version,
            Rules = ConstraintRules.Deserialize(RulesJson), CreatedBy = CreatedBy, CreatedAt = CreatedAt, UpdatedAt = UpdatedAt,
        };
    }

    public static IReadOnlyList<ConstraintRule> ExampleRules =>
    [
        new() { Field = "status", Values = [Json("\"paid\""), Json("\"shipped\"")], Weights = [3, 1] },
        new() { Field = "items[].quantity", Min = Json("1"), Max = Json("10") },
        new() { Field = "customer.email", Generator = "email" },
    ];

    public static ConstraintSetResponse Example => new()
    {
        ConstraintSetId = 5, SchemaId = 12, Name = "paid orders", Description = "Mostly paid, small quantities", Version = 1,
        Rules = ExampleRules, CreatedBy = 2,
        CreatedAt = new DateTime(2026, 1, 6, 10, 30, 0, DateTimeKind.Utc), UpdatedAt = new DateTime(2026, 1, 6, 10, 30, 0, DateTimeKind.Utc),
    };

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}

/// <summary>What saving rules needs on top of the request's shape: a schema the caller may use, and rules that fit its repr.</summary>
public static class ConstraintSetChecks
{
    private const string TesterMayEditSql = """
        SELECT EXISTS (
            SELECT 1 FROM project_schemas ps
            JOIN project_members m ON m.project_id = ps.project_id
            WHERE ps.schema_id = @schema_id AND m.user_id = @user_id AND m.role = 'edit')
        """;

    /// <summary>Managers and up write constraint sets of any schema of their tenant (they may upload schemas too);
    /// testers those of schemas linked to a project where they have the <c>edit</c> role.</summary>
    public static async Task RequireWriterAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, ICurrentUser caller, long schemaId,
        CancellationToken ct)
    {
        if (caller.Role >= TenantRole.Manager) return;
        var mayEdit = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(TesterMayEditSql,
            new { schema_id = schemaId, user_id = caller.UserId }, transaction, cancellationToken: ct));
        if (!mayEdit)
            throw new ForbiddenException("Testers write constraint sets only for schemas of projects where they have the edit role.");
    }

    private const string ManagesAProjectOfTheSchemaSql = """
        SELECT EXISTS (
            SELECT 1 FROM project_schemas ps JOIN projects p ON p.project_id = ps.project_id
            WHERE ps.schema_id = @schema_id AND p.created_by = @user_id)
        """;

    /// <summary>
    /// Who may change or delete an existing set (issue 13): its creator (a tester still needs <c>edit</c> in a project of the
    /// schema), a manager who manages a project the schema is linked to, and admins and superusers in their reach.
    /// </summary>
    public static async Task RequireMayChangeAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, ICurrentUser caller,
        long schemaId, long? createdBy, CancellationToken ct)
    {
        if (caller.Role >= TenantRole.Admin) return;
        await RequireWriterAsync(connection, transaction, caller, schemaId, ct);
        if (createdBy == caller.UserId) return;
        if (caller.Role == TenantRole.Manager && await connection.ExecuteScalarAsync<bool>(new CommandDefinition(ManagesAProjectOfTheSchemaSql,
                new { schema_id = schemaId, user_id = caller.UserId }, transaction, cancellationToken: ct)))
            return;
        throw new ForbiddenException(caller.Role == TenantRole.Tester
            ? "Testers change only the constraint sets they created."
            : "Managers change their own constraint sets and those of schemas in projects they manage; admins change all.");
    }

    /// <summary>Every problem of every rule at once, as <c>rules[i].key</c> field errors (422), including the tenant's value
    /// bounds (a <c>min_length</c> or <c>items.min</c> above them).</summary>
    public static void RequireValidRules(SchemaRepr repr, IReadOnlyList<ConstraintRule> rules, Tdmp.Generation.Engine.ValueLimits limits)
    {
        // Every pattern of the rules is analysed once, all of them within one time budget (issue 13).
        using var regexBudget = Tdmp.Generation.Regexes.RegexBudget.Begin();
        var errors = new Dictionary<string, string[]>(ConstraintChecker.Check(repr, rules));
        foreach (var (key, messages) in limits.CheckRules(rules)) errors[key] = [.. errors.GetValueOrDefault(key, []), .. messages];
        if (errors.Count > 0)
            throw new RuleViolationException(
                $"{errors.Count} rule problem(s): " + string.Join("; ", errors.Take(3).Select(e => $"{e.Key}: {e.Value[0]}")),
                errors);
    }
}
