namespace Tdmp.Features.Common.Auth;

/// <summary>The <c>Auth</c> section of the configuration.</summary>
public sealed class AuthOptions
{
    /// <summary>Base64 or plain text HS256 key (at least 32 bytes); when unset a key is generated once and kept in the database.</summary>
    public string? SigningKey { get; set; }
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(24);
    public string Issuer { get; set; } = "tdmp";
    public string Audience { get; set; } = "tdmp";
    /// <summary>Tolerated clock difference between nodes when checking a token's times.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>PBKDF2-SHA256 iterations for new password hashes; OWASP (2023) asks for at least 600,000.</summary>
    public int PasswordIterations { get; set; } = 600_000;
    /// <summary>Failed logins per username and client address in <see cref="LoginWindow"/> before 429.</summary>
    public int MaxFailedLoginsPerUserAndAddress { get; set; } = 5;
    /// <summary>Failed logins from one client address, any username, in the window before 429.</summary>
    public int MaxFailedLoginsPerAddress { get; set; } = 20;
    /// <summary>Failed logins for one username from all addresses in the window before 429: high, so that a
    /// stranger cannot lock a CI account out from one machine.</summary>
    public int MaxFailedLoginsPerUser { get; set; } = 50;
    public TimeSpan LoginWindow { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>How long a node trusts its remembered answer to "is this session live?" without asking the database.
    /// Revocations evict it at once on every node (RevocableCache); this bounds the delay should a message be lost.
    /// Zero asks the database on every request.</summary>
    public TimeSpan CredentialCacheTtl { get; set; } = TimeSpan.FromMilliseconds(500);
}

/// <summary>The HS256 key tokens are signed with, shared by every node.</summary>
public sealed record TokenSigningKey(byte[] Key);
