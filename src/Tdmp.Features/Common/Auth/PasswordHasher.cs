using System.Security.Cryptography;

namespace Tdmp.Features.Common.Auth;

/// <summary>
/// PBKDF2-SHA256 password hashes in the form <c>pbkdf2-sha256$iterations$salt$hash</c> (base64). The iteration
/// count is stored in each hash, so raising it later keeps old hashes valid.
/// </summary>
public sealed class PasswordHasher(AuthOptions options)
{
    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>A hash of a random password, so that a login for an unknown user costs as much time as a real one.</summary>
    private readonly Lazy<string> decoy = new(() => new PasswordHasher(options).Hash(Guid.NewGuid().ToString()));

    public string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, options.PasswordIterations, HashAlgorithmName.SHA256, HashBytes);
        return $"{Scheme}${options.PasswordIterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>True when <paramref name="password"/> matches; a null hash (no password set yet) never matches
    /// but takes as long as a real check.</summary>
    public bool Verify(string password, string? storedHash)
    {
        var parts = (storedHash ?? decoy.Value).Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], out var iterations))
            return false;
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, Convert.FromBase64String(parts[2]), iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected) && storedHash is not null;
    }
}
