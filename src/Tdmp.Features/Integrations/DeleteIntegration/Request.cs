using FastEndpoints;

namespace Tdmp.Features.Integrations.DeleteIntegration;

public sealed class DeleteIntegrationRequest : Mediator.ICommand
{
    public long IntegrationId { get; init; }

    public sealed class Validator : Validator<DeleteIntegrationRequest>
    {
        public Validator() => RuleFor(r => r.IntegrationId).GreaterThan(0);
    }
}
