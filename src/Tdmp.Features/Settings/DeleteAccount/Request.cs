using FastEndpoints;

namespace Tdmp.Features.Settings.DeleteAccount;

public sealed class DeleteAccountRequest : Mediator.ICommand
{
    /// <summary>The caller's password.</summary>
    public string Password { get; init; } = "";

    public sealed class Validator : Validator<DeleteAccountRequest>
    {
        public Validator() => RuleFor(r => r.Password).NotEmpty().MaximumLength(1024);
    }
}
