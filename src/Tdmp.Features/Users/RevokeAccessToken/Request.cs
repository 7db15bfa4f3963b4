using FastEndpoints;

namespace Tdmp.Features.Users.RevokeAccessToken;

public sealed class RevokeAccessTokenRequest
{
    /// <summary>From the route: the <c>token_id</c> of the create answer or the list.</summary>
    [RouteParam, BindFrom("token_id")] public Guid TokenId { get; init; }
}
