using FastEndpoints;

namespace Tdmp.Features.Integrations.ListIntegrations;

public sealed class ListIntegrationsRequest : PageRequest
{
    /// <summary>Only integrations of this provider (<c>s3</c> or <c>webhook</c>).</summary>
    [QueryParam] public string? Provider { get; init; }

    public sealed class Validator : Validator<ListIntegrationsRequest>
    {
        public Validator()
        {
            Include(new PageRequestRules());
            RuleFor(r => r.Provider).Must(p => p is null || IntegrationProviders.Find(p) is not null).WithMessage("The provider is s3 or webhook.");
        }
    }
}
