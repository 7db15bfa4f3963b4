using System.Security.Claims;

namespace Tdmp.Features.Common;

/// <summary>The authenticated caller of this request, read from the validated token.</summary>
public interface ICurrentUser
{
    long UserId { get; }
    long TenantId { get; }
    string Username { get; }
    TenantRole Role { get; }
    Guid SessionId { get; }
    /// <summary>The client address, for the audit trail and rate limits.</summary>
    string? ClientIp { get; }
}

/// <summary>The claim names TDMP puts into its tokens.</summary>
public static class TdmpClaims
{
    public const string UserId = "sub";
    public const string TenantId = "tid";
    public const string Username = "name";
    public const string Role = "role";
    public const string SessionId = "sid";
}

public sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    private ClaimsPrincipal Principal => accessor.HttpContext?.User
        ?? throw new InvalidOperationException("No HTTP request is in progress.");

    private string Claim(string type) => Principal.FindFirstValue(type)
        ?? throw new UnauthorizedException("The access token lacks the claim " + type + ".");

    public long UserId => long.Parse(Claim(TdmpClaims.UserId));
    public long TenantId => long.Parse(Claim(TdmpClaims.TenantId));
    public string Username => Claim(TdmpClaims.Username);
    public TenantRole Role => TenantRoles.Parse(Claim(TdmpClaims.Role));
    public Guid SessionId => Guid.Parse(Claim(TdmpClaims.SessionId));
    public string? ClientIp => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();
}
