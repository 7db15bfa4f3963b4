using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Tdmp.Features.Common.Auth;

/// <summary>Signs the access tokens; their session id is what logout and password changes revoke.</summary>
public sealed class TokenIssuer(AuthOptions options, TokenSigningKey signingKey, TimeProvider clock)
{
    public (string Token, DateTimeOffset ExpiresAt) Issue(long userId, long tenantId, string username, TenantRole role, Guid sessionId)
    {
        var now = clock.GetUtcNow();
        var expires = now + options.TokenLifetime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Subject = new ClaimsIdentity(
            [
                new Claim(TdmpClaims.UserId, userId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(TdmpClaims.TenantId, tenantId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(TdmpClaims.Username, username),
                new Claim(TdmpClaims.Role, role.Name()),
                new Claim(TdmpClaims.SessionId, sessionId.ToString()),
            ]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(signingKey.Key), SecurityAlgorithms.HmacSha256),
        };
        return (new JsonWebTokenHandler().CreateToken(descriptor), expires);
    }

    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = options.Issuer,
        ValidAudience = options.Audience,
        IssuerSigningKey = new SymmetricSecurityKey(signingKey.Key),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = options.ClockSkew,
        RequireExpirationTime = true,
        NameClaimType = TdmpClaims.Username,
        RoleClaimType = TdmpClaims.Role,
    };
}
