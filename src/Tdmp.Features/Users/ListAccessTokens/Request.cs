using FastEndpoints;

namespace Tdmp.Features.Users.ListAccessTokens;

/// <summary>Filters of the admins' list of a tenant's tokens.</summary>
public sealed class ListAccessTokensRequest
{
    /// <summary>Only the tokens of this user.</summary>
    [QueryParam, BindFrom("user_id")] public long? UserId { get; init; }
    /// <summary>Also revoked and expired tokens (default: only live ones).</summary>
    [QueryParam, BindFrom("include_inactive")] public bool IncludeInactive { get; init; }
}
