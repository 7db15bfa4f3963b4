using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Tdmp.Api.Hosting;

/// <summary>
/// The one secret kept outside the database: a 256-bit AES key in a file (<c>DataProtection:KeyFile</c>). It encrypts the
/// Data Protection key ring and the token signing key stored in the database, so a copy of the database alone (a backup,
/// a read replica, a reporting login gone wrong) reveals neither. Without configuration the file is
/// <c>.tdmp-key</c> beside the service's binaries, created on first start (git-ignored); every node must use the same file.
/// </summary>
public sealed class KeyFile
{
    private const int KeyBytes = 32, NonceBytes = 12, TagBytes = 16;
    private readonly byte[] key;

    public string Path { get; }

    private KeyFile(string path, byte[] key)
    {
        Path = path;
        this.key = key;
    }

    /// <summary>Reads the key file, or creates it (readable by the owner only) when it does not exist yet.</summary>
    public static KeyFile LoadOrCreate(IConfiguration configuration, ILogger logger)
    {
        var configured = configuration["DataProtection:KeyFile"];
        var path = string.IsNullOrWhiteSpace(configured) ? System.IO.Path.Combine(AppContext.BaseDirectory, ".tdmp-key") : configured;
        if (!File.Exists(path))
        {
            // Written aside and moved into place without overwriting: nodes starting together agree on one key.
            var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
            File.WriteAllText(temporary, Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes)) + "\n");
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            try
            {
                File.Move(temporary, path, overwrite: false);
                logger.LogWarning(
                    "Created the key file {Path}, which encrypts the keys stored in the database: keep it secret, back it up, and give every node "
                    + "the same file (DataProtection__KeyFile).", path);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
            }
        }
        var text = File.ReadAllText(path).Trim();
        var bytes = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, bytes, out var written) || written != KeyBytes)
            throw new InvalidOperationException($"The key file {path} must hold 32 random bytes in base64 (e.g. `openssl rand -base64 32`).");
        return new KeyFile(path, bytes[..written]);
    }

    /// <summary>AES-256-GCM: nonce, tag and ciphertext in one array.</summary>
    public byte[] Encrypt(byte[] plaintext)
    {
        var result = new byte[NonceBytes + TagBytes + plaintext.Length];
        var nonce = result.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, plaintext, result.AsSpan(NonceBytes + TagBytes), result.AsSpan(NonceBytes, TagBytes));
        return result;
    }

    /// <summary>The plaintext, or a <see cref="CryptographicException"/> when this is not the key it was encrypted with.</summary>
    public byte[] Decrypt(byte[] encrypted)
    {
        if (encrypted.Length < NonceBytes + TagBytes)
            throw new CryptographicException("Too short to be encrypted with the key file.");
        var plaintext = new byte[encrypted.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(encrypted.AsSpan(0, NonceBytes), encrypted.AsSpan(NonceBytes + TagBytes), encrypted.AsSpan(NonceBytes, TagBytes), plaintext);
        return plaintext;
    }
}

/// <summary>Encrypts each Data Protection key element with the <see cref="KeyFile"/> before it is stored.</summary>
public sealed class KeyFileXmlEncryptor(KeyFile keyFile) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var element = new XElement("encryptedKey",
            new XComment(" Encrypted with the TDMP key file (AES-256-GCM). "),
            new XElement("value", Convert.ToBase64String(keyFile.Encrypt(bytes))));
        return new EncryptedXmlInfo(element, typeof(KeyFileXmlDecryptor));
    }
}

/// <summary>Made by Data Protection (by type name, with the service provider) to read an element the encryptor wrote.</summary>
public sealed class KeyFileXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var keyFile = services.GetRequiredService<KeyFile>();
        var value = encryptedElement.Element("value")?.Value ?? throw new InvalidOperationException("An encrypted key element without a value.");
        return XElement.Parse(System.Text.Encoding.UTF8.GetString(keyFile.Decrypt(Convert.FromBase64String(value))));
    }
}
