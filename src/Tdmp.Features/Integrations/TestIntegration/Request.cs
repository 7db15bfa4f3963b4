namespace Tdmp.Features.Integrations.TestIntegration;

public sealed class TestIntegrationRequest : Mediator.ICommand<IntegrationTestResult>
{
    public long IntegrationId { get; init; }
}

/// <summary>Whether the integration's target answered as it should, what failed if not, and how long it took.</summary>
public sealed record IntegrationTestResult(bool Ok, string Detail, int LatencyMs);
