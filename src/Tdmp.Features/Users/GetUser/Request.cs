namespace Tdmp.Features.Users.GetUser;

public sealed class GetUserRequest
{
    /// <summary>The user's id.</summary>
    public long UserId { get; init; }
}
