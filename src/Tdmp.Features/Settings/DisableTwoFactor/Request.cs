using FastEndpoints;

namespace Tdmp.Features.Settings.DisableTwoFactor;

public sealed class DisableTwoFactorRequest : Mediator.ICommand
{
    /// <summary>The caller's password.</summary>
    public string Password { get; init; } = "";
    /// <summary>A current TOTP code or an unused recovery code.</summary>
    public string Code { get; init; } = "";

    public sealed class Validator : Validator<DisableTwoFactorRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Password).NotEmpty().MaximumLength(1024);
            RuleFor(r => r.Code).NotEmpty().MaximumLength(64);
        }
    }
}
