using System.Text.RegularExpressions;

namespace Tdmp.Generation.Regexes;

/// <summary>
/// The compiled validators of recently used patterns, least recently used dropped first, so a long-running service
/// that sees ever new patterns (uploads, rules, if-schemas) keeps a fixed number of them.
/// </summary>
public sealed class RegexCache(int capacity)
{
    /// <summary>The process's cache: far more patterns than one plan uses, a few MB at most.</summary>
    public static readonly RegexCache Shared = new(1024);

    private readonly Dictionary<(string, RegexDialect), LinkedListNode<((string, RegexDialect) Key, Regex Regex)>> _entries = [];
    private readonly LinkedList<((string, RegexDialect) Key, Regex Regex)> _recency = new();

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    public int Count
    {
        get
        {
            lock (_entries) return _entries.Count;
        }
    }

    /// <summary>The cached regex of the pattern, or the one <paramref name="compile"/> makes (outside the lock, so a slow
    /// compile does not hold up others; two threads may both compile a new pattern, and one result is kept).</summary>
    public Regex GetOrAdd(string pattern, RegexDialect dialect, Func<string, RegexDialect, Regex> compile)
    {
        var key = (pattern, dialect);
        lock (_entries)
        {
            if (_entries.TryGetValue(key, out var hit))
            {
                _recency.Remove(hit);
                _recency.AddFirst(hit);
                return hit.Value.Regex;
            }
        }
        var regex = compile(pattern, dialect);
        lock (_entries)
        {
            if (_entries.TryGetValue(key, out var raced)) return raced.Value.Regex;
            _entries[key] = _recency.AddFirst((key, regex));
            while (_entries.Count > Capacity)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
            }
        }
        return regex;
    }

    /// <summary>Whether the pattern is cached now (without making it recent).</summary>
    public bool Contains(string pattern, RegexDialect dialect)
    {
        lock (_entries) return _entries.ContainsKey((pattern, dialect));
    }
}
