namespace Tdmp.Features.Users.GetAvatar;

public sealed class GetAvatarRequest
{
    /// <summary>The user's id.</summary>
    public long UserId { get; init; }
}
