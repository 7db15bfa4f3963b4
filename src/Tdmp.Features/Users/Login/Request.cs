using FastEndpoints;

namespace Tdmp.Features.Users.Login;

/// <summary>The OAuth2 password-grant style form a CI job posts with curl.</summary>
public sealed class LoginRequest
{
    /// <summary>The username (case-insensitive).</summary>
    public string Username { get; init; } = "";
    public string Password { get; init; } = "";
    /// <summary>A TOTP code or a recovery code, required once two-factor login is on.</summary>
    public string? Otp { get; init; }

    public sealed class Validator : Validator<LoginRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Username).NotEmpty().MaximumLength(150);
            RuleFor(r => r.Password).NotEmpty().MaximumLength(1024);
            RuleFor(r => r.Otp).MaximumLength(64);
        }
    }
}

public sealed record TokenResponse(string AccessToken, string TokenType, long ExpiresIn);
