namespace Tdmp.Features.Integrations.GetIntegration;

public sealed class GetIntegrationRequest : Mediator.IQuery<IntegrationResponse>
{
    public long IntegrationId { get; init; }
}
