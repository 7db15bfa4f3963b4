namespace Tdmp.Generation.Constraints;

/// <summary>Suggests the existing path (or name) a tester most likely meant.</summary>
public static class NearestPath
{
    public static string? Suggest(string wanted, IEnumerable<string> candidates)
    {
        var list = candidates.Where(c => c.Length > 0).Distinct().ToList();
        // A path written without its root element ("Invoice[].Line[].@lineNo") or with other case: take the full one.
        var bySuffix = list.Where(c => c.EndsWith("." + wanted, StringComparison.OrdinalIgnoreCase) ||
                                       string.Equals(c, wanted, StringComparison.OrdinalIgnoreCase)).ToList();
        if (bySuffix.Count > 0) return bySuffix.MinBy(c => c.Length);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in list)
        {
            var distance = Distance(wanted.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance) (best, bestDistance) = (candidate, distance);
        }
        // Too far away to be a typo: no suggestion beats a misleading one.
        return bestDistance <= Math.Max(3, wanted.Length / 2) ? best : null;
    }

    /// <summary>Levenshtein distance.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
