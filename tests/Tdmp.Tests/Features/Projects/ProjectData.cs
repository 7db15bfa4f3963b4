using Dapper;

namespace Tdmp.Tests.Features.Projects;

/// <summary>Rows the project tests need, written straight into the database (schemas come from another slice).</summary>
public static class ProjectData
{
    public static async Task<long> CreateProjectAsync(TdmpApi api, long tenantId, long createdBy, string? name = null, params string[] tags)
    {
        await using var db = api.OpenDb();
        return await db.QuerySingleAsync<long>("""
            INSERT INTO projects (tenant_id, name, created_by, tags) VALUES (@tenantId, @name, @createdBy, @tags) RETURNING project_id
            """, new { tenantId, name = name ?? "p-" + Guid.NewGuid().ToString("N")[..12], createdBy, tags });
    }

    public static async Task AddMemberAsync(TdmpApi api, long projectId, long userId, string role)
    {
        await using var db = api.OpenDb();
        await db.ExecuteAsync("INSERT INTO project_members (project_id, user_id, role) VALUES (@projectId, @userId, @role)",
            new { projectId, userId, role });
    }

    public static async Task<long> CreateSchemaAsync(
        TdmpApi api, long tenantId, long? createdBy = null, string? name = null, string type = "json_schema")
    {
        await using var db = api.OpenDb();
        var content = """{"type": "object"}"""u8.ToArray();
        return await db.QuerySingleAsync<long>("""
            INSERT INTO schemas (tenant_id, name, type, content, size_bytes, sha256, repr, created_by)
            VALUES (@tenantId, @name, @type, @content, @size, @sha, '{}'::jsonb, @createdBy)
            RETURNING schema_id
            """, new
        {
            tenantId, name = name ?? "s-" + Guid.NewGuid().ToString("N")[..12], type, content, size = (long)content.Length,
            sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), createdBy,
        });
    }

    public static async Task LinkSchemaAsync(TdmpApi api, long projectId, long schemaId)
    {
        await using var db = api.OpenDb();
        await db.ExecuteAsync("INSERT INTO project_schemas (project_id, schema_id) VALUES (@projectId, @schemaId)", new { projectId, schemaId });
    }

    public static async Task<long> CreateNotificationAsync(TestUser user, string title = "Something happened", bool read = false)
    {
        await using var db = user.Api.OpenDb();
        return await db.QuerySingleAsync<long>("""
            INSERT INTO notifications (tenant_id, user_id, event, title, read_at)
            VALUES (@tenantId, @userId, 'dataset.completed', @title, CASE WHEN @read THEN now() END)
            RETURNING notification_id
            """, new { tenantId = user.TenantId, userId = user.Id, title, read });
    }
}
