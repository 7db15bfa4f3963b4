using System.Text.RegularExpressions;

namespace Tdmp.Features.Projects;

/// <summary>A project as every projects endpoint returns it.</summary>
public record ProjectResponse
{
    public long ProjectId { get; init; }
    public long TenantId { get; init; }
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public string[] Tags { get; init; } = [];
    public DateTime CreatedAt { get; init; }
    /// <summary>User id of the creator; a manager may manage the projects it created.</summary>
    public long? CreatedBy { get; init; }
    public DateTime UpdatedAt { get; init; }

    public static ProjectResponse Example => new()
    {
        ProjectId = 3, TenantId = 1, Name = "checkout", Description = "Test data for the checkout service",
        Tags = ["payments", "team-a"], CreatedAt = new DateTime(2026, 1, 6, 10, 30, 0, DateTimeKind.Utc), CreatedBy = 7,
        UpdatedAt = new DateTime(2026, 1, 6, 10, 30, 0, DateTimeKind.Utc),
    };
}

/// <summary>The rules for names and tags, shared by create and update, and the SQL that reads a project.</summary>
public static partial class ProjectRules
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 2000;
    public const int MaxTags = 20;
    public const int MaxTagLength = 32;

    public const string TagsRule = "at most 20 tags, each 1..32 characters of a-z, 0-9, '_', '.', '-', starting with a letter or digit; "
        + "tags are stored lower-case without duplicates";

    public const string SelectProjectSql = """
        SELECT p.project_id AS ProjectId, p.tenant_id AS TenantId, p.name AS Name, p.description AS Description,
               p.tags AS Tags, p.created_at AS CreatedAt, p.created_by AS CreatedBy, p.updated_at AS UpdatedAt
        FROM projects p
        """;

    /// <summary>The unique index that makes names unique per tenant regardless of case.</summary>
    public const string NameIndex = "projects_tenant_name_key";
    public const string DuplicateName = "A project with this name already exists in the tenant.";

    public static bool IsValidTag(string? tag) => tag is not null && Tag().IsMatch(tag.Trim().ToLowerInvariant());

    /// <summary>Lower-case, trimmed, without duplicates, in the order given.</summary>
    public static string[] Normalize(IEnumerable<string> tags)
        => tags.Select(t => t.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToArray();

    public static IRuleBuilderOptions<T, IReadOnlyList<string>?> ValidTags<T>(this IRuleBuilder<T, IReadOnlyList<string>?> rule)
        => rule.Must(tags => tags is null || (tags.Count <= MaxTags && tags.All(IsValidTag)))
            .WithMessage("Tags: " + TagsRule + ".");

    [GeneratedRegex("^[a-z0-9][a-z0-9_.-]{0,31}$")]
    private static partial Regex Tag();

    /// <summary>Whether the error is the unique index on the project name.</summary>
    public static bool IsDuplicateName(PostgresException e)
        => e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == NameIndex;
}
