using Microsoft.AspNetCore.Authentication.JwtBearer;
using Tdmp.Features.Common;
using Tdmp.Features.Common.Auth;

namespace Tdmp.Api.Hosting;

/// <summary>JWT bearer authentication whose tokens also need a live session in the database, so logout, password and
/// role changes and deactivation take effect on every node at once (each node remembers the answer briefly and
/// forgets it on the revocation channel: <see cref="RevocableCache"/>).</summary>
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
