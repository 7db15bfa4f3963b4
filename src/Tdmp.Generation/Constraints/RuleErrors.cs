namespace Tdmp.Generation.Constraints;

/// <summary>Problems collected per rule key (<c>rules[3].min</c>), in the order found.</summary>
internal sealed class RuleErrors
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public void Add(string key, string message)
    {
        if (!_errors.TryGetValue(key, out var list)) _errors[key] = list = [];
        if (!list.Contains(message)) list.Add(message);
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}
