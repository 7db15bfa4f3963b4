using System.Security.Cryptography;
using Dapper;
using Npgsql;
using Tdmp.Features.Common.Auth;

namespace Tdmp.Api.Hosting;

/// <summary>What the service makes for itself on its first start: the token signing key and the first superuser.</summary>
public static class FirstRunSetup
{
    private const string SigningKeyName = "jwt_signing_key";

    /// <summary>Marks a stored value encrypted with the key file; a value without it is a plaintext key of an older version.</summary>
    private const string EncryptedPrefix = "keyfile:";

    /// <summary>The configured key, else the one kept in the database (encrypted with the key file), else a new one stored
    /// there for every node. A plaintext key of an older version is encrypted in place.</summary>
    public static async Task<TokenSigningKey> SigningKeyAsync(NpgsqlConnection connection, AuthOptions options, KeyFile keyFile)
    {
        if (!string.IsNullOrWhiteSpace(options.SigningKey))
        {
            var configured = TryBase64(options.SigningKey) ?? System.Text.Encoding.UTF8.GetBytes(options.SigningKey);
            if (configured.Length < 32)
                throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes (256 bits).");
            return new TokenSigningKey(configured);
        }
        string Sealed(byte[] key) => EncryptedPrefix + Convert.ToBase64String(keyFile.Encrypt(key));
        await connection.ExecuteAsync(
            "INSERT INTO service_secrets (name, value) VALUES (@name, @value) ON CONFLICT (name) DO NOTHING",
            new { name = SigningKeyName, value = Sealed(RandomNumberGenerator.GetBytes(64)) });
        var stored = await connection.QuerySingleAsync<string>(
            "SELECT value FROM service_secrets WHERE name = @name", new { name = SigningKeyName });
        if (!stored.StartsWith(EncryptedPrefix, StringComparison.Ordinal))
        {
            var plaintext = Convert.FromBase64String(stored);
            await connection.ExecuteAsync("UPDATE service_secrets SET value = @value WHERE name = @name AND value = @stored",
                new { name = SigningKeyName, value = Sealed(plaintext), stored });
            return new TokenSigningKey(plaintext);
        }
        try
        {
            return new TokenSigningKey(keyFile.Decrypt(Convert.FromBase64String(stored[EncryptedPrefix.Length..])));
        }
        catch (CryptographicException)
        {
            throw new InvalidOperationException(
                $"The key file {keyFile.Path} does not decrypt the token signing key stored in the database: "
                    + "give this node the key file the others use (DataProtection__KeyFile).");
        }
    }

    /// <summary>On an empty database: tenant <c>default</c> and a superuser from TDMP_ADMIN_USERNAME / TDMP_ADMIN_PASSWORD,
    /// or <c>admin</c> with a random password that is printed once and written to a git-ignored file.</summary>
    public static async Task CreateFirstSuperuserAsync(NpgsqlConnection connection, IConfiguration configuration, PasswordHasher hasher,
        ILogger logger)
    {
        if (await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM users)"))
            return;

        var username = configuration["TDMP_ADMIN_USERNAME"] is { Length: > 0 } u ? u : "admin";
        var password = configuration["TDMP_ADMIN_PASSWORD"];
        var generated = string.IsNullOrEmpty(password);
        if (generated)
            password = RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 24);

        await using var transaction = await connection.BeginTransactionAsync();
        var tenantId = await connection.QuerySingleAsync<long>("""
            INSERT INTO tenants (name) VALUES ('default')
            ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name
            RETURNING tenant_id
            """, transaction: transaction);
        var userId = await connection.QuerySingleAsync<long>("""
            INSERT INTO users (tenant_id, username, email, full_name, role, password_hash)
            VALUES (@tenant_id, @username, @email, 'Administrator', 'superuser', @password_hash)
            RETURNING user_id
            """, new { tenant_id = tenantId, username, email = username + "@localhost", password_hash = hasher.Hash(password!) }, transaction);
        await connection.ExecuteAsync("""
            INSERT INTO audit_log (tenant_id, actor_id, actor_role, action, target_type, target_id, details)
            VALUES (@tenant_id, NULL, NULL, 'user.created', 'user', @target_id, '{"reason": "first start"}')
            """, new { tenant_id = tenantId, target_id = userId.ToString(System.Globalization.CultureInfo.InvariantCulture) }, transaction);
        await transaction.CommitAsync();

        if (!generated)
        {
            logger.LogInformation("Created superuser {Username} in tenant default from TDMP_ADMIN_USERNAME/TDMP_ADMIN_PASSWORD.", username);
            return;
        }
        var file = configuration["TDMP_ADMIN_PASSWORD_FILE"] is { Length: > 0 } f ? f
            : Path.Combine(AppContext.BaseDirectory, ".tdmp-admin-password");
        await File.WriteAllTextAsync(file, password + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        // Printed once, on purpose, to the console rather than the log pipeline.
        Console.WriteLine($"""

            ==== TDMP first start ====
            Created superuser '{username}' in tenant 'default' with password: {password}
            (also written to {file})
            Log in:  curl -s -X POST http://localhost:8010/users/token -d username={username} -d 'password={password}'
            ==========================

            """);
    }

    private static byte[]? TryBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }
}
