using System.Text.Json;
using FastEndpoints;

namespace Tdmp.Features.Integrations.UpdateIntegration;

/// <summary>The new state of the integration; an absent field keeps its value.</summary>
public sealed class UpdateIntegrationRequest
{
    public long IntegrationId { get; init; }
    public string? Name { get; init; }
    /// <summary>May be sent, but must be the integration's provider: a provider is never changed.</summary>
    public string? Provider { get; init; }
    /// <summary>The complete new config; a secret field sent as <c>***</c> (or left out) keeps the stored secret.</summary>
    public Dictionary<string, JsonElement>? Config { get; init; }
    /// <summary>Webhooks: the complete new list of events.</summary>
    public string[]? Events { get; init; }

    public sealed class Validator : Validator<UpdateIntegrationRequest>
    {
        public Validator()
        {
            RuleFor(r => r.IntegrationId).GreaterThan(0);
            RuleFor(r => r.Name).Must(n => n is null || !string.IsNullOrWhiteSpace(n)).WithMessage("Name must not be empty.").MaximumLength(100);
        }
    }
}
