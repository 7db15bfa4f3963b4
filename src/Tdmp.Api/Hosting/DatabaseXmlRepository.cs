using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Tdmp.Api.Hosting;

/// <summary>
/// Keeps the ASP.NET Data Protection key ring in the table <c>data_protection_keys</c>, so every node encrypts and
/// decrypts secrets (TOTP secrets) with the same keys. Data Protection calls it synchronously and caches the ring.
/// </summary>
public sealed class DatabaseXmlRepository(NpgsqlDataSource db) : IXmlRepository
{
    private const string AllSql = "SELECT xml FROM data_protection_keys ORDER BY data_protection_key_id";

    private const string StoreSql = """
        INSERT INTO data_protection_keys (friendly_name, xml) VALUES (@friendly_name, @xml)
        ON CONFLICT (friendly_name) DO UPDATE SET xml = EXCLUDED.xml
        """;

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = db.OpenConnection();
        return connection.Query<string>(AllSql).Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = db.OpenConnection();
        connection.Execute(StoreSql, new { friendly_name = friendlyName, xml = element.ToString(SaveOptions.DisableFormatting) });
    }
}
