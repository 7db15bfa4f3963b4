using System.Net.Http.Headers;
using Dapper;
using Npgsql;
using static Tdmp.Tests.Features.Users.IdentityKit;

namespace Tdmp.Tests.Features.Secrets;

/// <summary>The token signing key and the Data Protection key ring are stored encrypted with the key file (DataProtection:KeyFile).</summary>
public sealed class KeysAtRestTests
{
    private static Dictionary<string, string> WithKeyFile(string path) => new() { ["DataProtection__KeyFile"] = path };

    [Fact]
    public async Task Stored_keys_are_unreadable_without_the_key_file_and_a_second_node_with_it_reads_them()
    {
        var database = TestDatabase.CreateFresh("keys");
        var storage = Directory.CreateTempSubdirectory("tdmp-keys-").FullName;
        var keyFile = Path.Combine(Directory.CreateTempSubdirectory("tdmp-keyfile-").FullName, "tdmp.key");
        string token, secret;
        await using (var first = await ServiceProcess.StartAsync(database, storage, WithKeyFile(keyFile)))
        {
            // Created on first start, 32 bytes, readable by the owner only.
            Assert.Equal(32, Convert.FromBase64String(File.ReadAllText(keyFile).Trim()).Length);
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));

            using var client = first.Client();
            token = await TdmpApi.TokenAsync(client, TdmpApi.SuperuserName, TdmpApi.SuperuserPassword);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            (secret, _) = await EnableTwoFactorAsync(client, TdmpApi.SuperuserPassword, TimeProvider.System);
        }

        await using (var db = new NpgsqlConnection(database))
        {
            await db.OpenAsync();
            var signingKey = await db.QuerySingleAsync<string>("SELECT value FROM service_secrets WHERE name = 'jwt_signing_key'");
            Assert.StartsWith("keyfile:", signingKey);
            var ring = (await db.QueryAsync<string>("SELECT xml FROM data_protection_keys WHERE friendly_name LIKE 'key-%'")).ToList();
            Assert.NotEmpty(ring);
            Assert.All(ring, xml =>
            {
                Assert.Contains("<encryptedKey", xml);
                Assert.DoesNotContain("<masterKey", xml); // where Data Protection writes the key material in plaintext
            });
        }

        // A second node with the same key file verifies the first one's token (signing key) and checks the TOTP code
        // against the secret Data Protection encrypted (key ring).
        await using (var second = await ServiceProcess.StartAsync(database, storage, WithKeyFile(keyFile)))
        {
            using var client = second.Client();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/users/me")).StatusCode);
            using var anonymous = second.Client();
            Assert.False(string.IsNullOrEmpty(
                await TdmpApi.TokenAsync(anonymous, TdmpApi.SuperuserName, TdmpApi.SuperuserPassword, Code(secret, TimeProvider.System))));
        }

        // A node with another key file cannot read the signing key and refuses to start instead of minting a new one.
        var otherKeyFile = Path.Combine(Path.GetDirectoryName(keyFile)!, "other.key");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ServiceProcess.StartAsync(database, storage,
            WithKeyFile(otherKeyFile)));
        Assert.Contains("exited", error.Message);
    }

    [Fact]
    public async Task A_plaintext_signing_key_of_an_older_version_is_kept_and_encrypted_in_place()
    {
        var database = TestDatabase.CreateFresh("oldkey");
        var keyFile = Path.Combine(Directory.CreateTempSubdirectory("tdmp-keyfile-").FullName, "tdmp.key");
        var storage = Directory.CreateTempSubdirectory("tdmp-keys-").FullName;
        await using (var first = await ServiceProcess.StartAsync(database, storage, WithKeyFile(keyFile))) { }
        var plaintext = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64));
        await using (var db = new NpgsqlConnection(database))
        {
            await db.OpenAsync();
            await db.ExecuteAsync("UPDATE service_secrets SET value = @plaintext WHERE name = 'jwt_signing_key'", new { plaintext });
        }
        await using (var second = await ServiceProcess.StartAsync(database, storage, WithKeyFile(keyFile)))
        {
            using var client = second.Client();
            Assert.False(string.IsNullOrEmpty(await TdmpApi.TokenAsync(client, TdmpApi.SuperuserName, TdmpApi.SuperuserPassword)));
        }
        await using (var db = new NpgsqlConnection(database))
        {
            await db.OpenAsync();
            var stored = await db.QuerySingleAsync<string>("SELECT value FROM service_secrets WHERE name = 'jwt_signing_key'");
            Assert.StartsWith("keyfile:", stored);
            Assert.DoesNotContain(plaintext, stored);
        }
    }
}
