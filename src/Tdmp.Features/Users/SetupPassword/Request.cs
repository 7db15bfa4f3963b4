using FastEndpoints;
using Tdmp.Features.Common.Auth;

namespace Tdmp.Features.Users.SetupPassword;

public sealed class SetupPasswordRequest : Mediator.ICommand
{
    /// <summary>The <c>invitation_token</c> from <c>POST /users/create</c>.</summary>
    public string Token { get; init; } = "";
    public string Password { get; init; } = "";

    public sealed class Validator : Validator<SetupPasswordRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Token).NotEmpty().MaximumLength(200);
            // The username rule needs the invited user, so the handler checks it once the token is found.
            RuleFor(r => r.Password).MeetsPasswordPolicy();
        }
    }
}
