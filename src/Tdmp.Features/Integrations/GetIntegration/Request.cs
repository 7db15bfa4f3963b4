namespace Tdmp.Features.Integrations.GetIntegration;

public sealed class GetIntegrationRequest
{
    public long IntegrationId { get; init; }
}
