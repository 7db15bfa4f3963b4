using System.Reflection;
using System.Text;

namespace Tdmp.Generation.Values;

/// <summary>
/// The embedded name and city lists (Values/Data, see its README), read once: thousands of given and family
/// names per locale, which generation also combines (double given names, hyphenated family names).
/// </summary>
public static class Pools
{
    // First: the lists below are read with it while the class initialises.
    private static readonly HashSet<string> Particles = new(StringComparer.Ordinal)
    {
        "von", "van", "der", "de", "zu", "da", "di", "Van", "De", "Du", "Le", "Ó", "Ní", "Mac", "St.",
    };

    public static readonly string[] FirstNamesEn = ReadNames("first-names-en.txt");
    public static readonly string[] LastNamesEn = ReadNames("last-names-en.txt");
    public static readonly string[] FirstNamesDe = ReadNames("first-names-de.txt");
    public static readonly string[] LastNamesDe = ReadNames("last-names-de.txt");

    /// <summary>Cities by ISO country code.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Cities = ReadCities("cities.tsv");

    private static string Read(string file)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Tdmp.Generation.Data." + file)
            ?? throw new InvalidOperationException($"embedded list {file} is missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>Names separated by whitespace; a particle joins the word after it (<c>von der Leyen</c>).</summary>
    internal static string[] ReadNames(string file)
    {
        var names = new List<string>();
        var pending = new StringBuilder();
        foreach (var word in Read(file).Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (pending.Length > 0) pending.Append(' ');
            pending.Append(word);
            if (Particles.Contains(word)) continue;
            names.Add(pending.ToString());
            pending.Clear();
        }
        return [.. names.Distinct(StringComparer.Ordinal)];
    }

    private static Dictionary<string, string[]> ReadCities(string file)
    {
        var map = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var line in Read(file).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = line.IndexOf('\t');
            if (tab < 0) continue;
            map[line[..tab]] = [.. line[(tab + 1)..].Trim().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        }
        return map;
    }
}
