using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Tdmp.Features.Common;
using Tdmp.Features.Common.Auth;

namespace Tdmp.Api.Hosting;

/// <summary>JWT bearer authentication whose tokens also need a live session in the database, so logout, password and
/// role changes and deactivation take effect on every node at once (each node remembers the answer briefly and
/// forgets it on the revocation channel: <see cref="RevocableCache"/>). A personal access token (<c>tdmp_pat_...</c>)
/// in the same header is a session of its own kind, looked up by its hash in the same table.</summary>
public static class BearerAuthentication
{
    public static IServiceCollection AddTdmpAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<TokenIssuer>((options, issuer) =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = issuer.ValidationParameters();
                options.Events = new JwtBearerEvents
                {
                    OnMessageReceived = AcceptAccessTokenAsync,
                    OnTokenValidated = RequireLiveSessionAsync,
                    OnChallenge = WriteUnauthorizedAsync,
                    OnForbidden = context => ProblemResponses.WriteAsync(context.HttpContext, 403,
                        "Your role does not allow this."),
                };
            });
        services.AddAuthorization();
        return services;
    }

    private static async Task RequireLiveSessionAsync(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        if (!Guid.TryParse(principal.FindFirst(TdmpClaims.SessionId)?.Value, out var sessionId)
            || !long.TryParse(principal.FindFirst(TdmpClaims.UserId)?.Value, out var userId)
            || !long.TryParse(principal.FindFirst(TdmpClaims.TenantId)?.Value, out var tenantId))
        {
            context.Fail("The token lacks a session.");
            return;
        }
        var sessions = context.HttpContext.RequestServices.GetRequiredService<Sessions>();
        var role = await sessions.LiveRoleAsync(sessionId, userId, tenantId, context.HttpContext.RequestAborted);
        // The session binds user, tenant and role: a token whose tid or role was changed (even if re-signed) is refused.
        if (role is null || role != principal.FindFirst(TdmpClaims.Role)?.Value)
            context.Fail("The session was revoked.");
    }

    /// <summary>A bearer token with the access token prefix is never a JWT: it authenticates as its owner, with the
    /// owner's current role, while its session is live (no 2FA prompt: the owner passed it when creating the token).</summary>
    private static async Task AcceptAccessTokenAsync(MessageReceivedContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            || !header.AsSpan(scheme.Length).Trim().StartsWith(Sessions.AccessTokenPrefix, StringComparison.Ordinal))
            return;
        var token = header[scheme.Length..].Trim();
        var sessions = context.HttpContext.RequestServices.GetRequiredService<Sessions>();
        if (await sessions.AccessTokenOwnerAsync(token, context.HttpContext.RequestAborted) is not { } owner)
        {
            context.Fail("The access token is unknown, expired or revoked.");
            return;
        }
        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(TdmpClaims.UserId, owner.UserId.ToString(CultureInfo.InvariantCulture)),
            new Claim(TdmpClaims.TenantId, owner.TenantId.ToString(CultureInfo.InvariantCulture)),
            new Claim(TdmpClaims.Username, owner.Username),
            new Claim(TdmpClaims.Role, owner.Role),
            new Claim(TdmpClaims.SessionId, owner.SessionId.ToString()),
        ], "tdmp_access_token", TdmpClaims.Username, TdmpClaims.Role));
        context.Success();
    }

    private static async Task WriteUnauthorizedAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var hasToken = context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
        context.Response.Headers.WWWAuthenticate = hasToken ? "Bearer error=\"invalid_token\"" : "Bearer";
        await ProblemResponses.WriteAsync(context.HttpContext, 401, hasToken
            ? "The access token is invalid, expired or revoked. Log in again at POST /users/token."
            : "Authentication required: send 'Authorization: Bearer <token>' from POST /users/token.");
    }
}
