using FastEndpoints;

namespace Tdmp.Features.Settings.ChangeEmail;

public sealed class ChangeEmailRequest : Mediator.ICommand<SettingsView>
{
    /// <summary>The caller's current password.</summary>
    public string Password { get; init; } = "";
    public string NewEmail { get; init; } = "";

    public sealed class Validator : Validator<ChangeEmailRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Password).NotEmpty().MaximumLength(1024);
            RuleFor(r => r.NewEmail).NotEmpty().MaximumLength(254).EmailAddress();
        }
    }
}
