using FastEndpoints;
using Tdmp.Features.Common.Auth;

namespace Tdmp.Features.Settings.ChangePassword;

public sealed class ChangePasswordRequest : Mediator.ICommand
{
    public string CurrentPassword { get; init; } = "";
    /// <summary>12 to 128 characters, not the username, not a common password.</summary>
    public string NewPassword { get; init; } = "";

    public sealed class Validator : Validator<ChangePasswordRequest>
    {
        public Validator()
        {
            RuleFor(r => r.CurrentPassword).NotEmpty().MaximumLength(1024);
            // The username rule needs the caller's name, so the handler checks it.
            RuleFor(r => r.NewPassword).MeetsPasswordPolicy();
        }
    }
}
