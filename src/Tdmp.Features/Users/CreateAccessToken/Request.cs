using FastEndpoints;

namespace Tdmp.Features.Users.CreateAccessToken;

public sealed class CreateAccessTokenRequest : Mediator.ICommand<CreateAccessTokenResponse>
{
    /// <summary>What the token is for, shown in the list (e.g. "nightly CI").</summary>
    public string Name { get; init; } = "";
    /// <summary>Days until the token expires: 1 to 365.</summary>
    public int ExpiresInDays { get; init; }

    public sealed class Validator : Validator<CreateAccessTokenRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(100);
            RuleFor(r => r.ExpiresInDays).InclusiveBetween(1, 365);
        }
    }
}

/// <summary>The new token: <see cref="Token"/> is shown here once and never again.</summary>
public sealed record CreateAccessTokenResponse(Guid TokenId, string Name, string Token, DateTime CreatedAt, DateTime ExpiresAt);
