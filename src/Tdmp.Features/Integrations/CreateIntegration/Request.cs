using System.Text.Json;
using FastEndpoints;

namespace Tdmp.Features.Integrations.CreateIntegration;

public sealed class CreateIntegrationRequest
{
    /// <summary>Unique within the tenant regardless of case; 1..100 characters.</summary>
    public string Name { get; init; } = "";
    /// <summary><c>s3</c> or <c>webhook</c>; see GET /integrations/providers for their config fields.</summary>
    public string Provider { get; init; } = "";
    /// <summary>The provider's config fields.</summary>
    public Dictionary<string, JsonElement>? Config { get; init; }
    /// <summary>Webhooks: the events to receive (default all of dataset.completed, dataset.failed, schema.uploaded, project.created).</summary>
    public string[]? Events { get; init; }

    public sealed class Validator : Validator<CreateIntegrationRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Name must not be empty.").MaximumLength(100);
            RuleFor(r => r.Provider).Must(p => IntegrationProviders.Find(p) is not null).WithMessage("The provider is s3 or webhook.");
        }
    }
}
