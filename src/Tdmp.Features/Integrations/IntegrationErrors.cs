namespace Tdmp.Features.Integrations;

/// <summary>The validation failures the integration slices share.</summary>
public static class IntegrationErrors
{
    public const string DuplicateName = "Another integration of this tenant has this name.";

    public static RuleViolationException Invalid(Dictionary<string, List<string>> errors)
        => new("The integration's configuration is not valid: " + string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")),
            errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
}
