using System.Security.Cryptography;
using System.Text;

namespace Tdmp.Features.Common.Auth;

/// <summary>Random bearer secrets that are shown once and stored only as a hash (invitation tokens, recovery codes).</summary>
public static class OneTimeTokens
{
    /// <summary>A new token of <paramref name="bytes"/> random bytes (256 bits by default), base64url without padding.</summary>
    public static string New(int bytes = 32)
        => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>SHA-256, hex. A fast hash is enough for random secrets of 60 bits or more: there is no dictionary to try.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
