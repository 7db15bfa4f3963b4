using FastEndpoints;

namespace Tdmp.Features.Users.GetUser;

public sealed class GetUserRequest : Mediator.IQuery<UserView>
{
    /// <summary>The user's id.</summary>
    [RouteParam, BindFrom("user_id")] public long UserId { get; init; }
}
