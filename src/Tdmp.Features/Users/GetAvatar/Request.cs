using FastEndpoints;

namespace Tdmp.Features.Users.GetAvatar;

public sealed class GetAvatarRequest : Mediator.IQuery<Avatar>
{
    /// <summary>The user's id.</summary>
    [RouteParam, BindFrom("user_id")] public long UserId { get; init; }
}
