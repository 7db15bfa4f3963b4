using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace Tdmp.Generation.Regexes;

/// <summary>A set of UTF-16 code units, as a bit per character (8 KB). .NET regexes match code units, so this is
/// exactly what a class matches in the validator.</summary>
public sealed class CharSet
{
    private readonly ulong[] _bits = new ulong[1024];

    public bool Contains(char c) => (_bits[c >> 6] & (1UL << (c & 63))) != 0;

    public void Add(char c) => _bits[c >> 6] |= 1UL << (c & 63);

    public void AddRange(char low, char high)
    {
        for (int c = low; c <= high; c++) Add((char)c);
    }

    public void UnionWith(CharSet other)
    {
        for (var i = 0; i < _bits.Length; i++) _bits[i] |= other._bits[i];
    }

    public void ExceptWith(CharSet other)
    {
        for (var i = 0; i < _bits.Length; i++) _bits[i] &= ~other._bits[i];
    }

    public bool Overlaps(CharSet other)
    {
        for (var i = 0; i < _bits.Length; i++)
            if ((_bits[i] & other._bits[i]) != 0) return true;
        return false;
    }

    public void Complement()
    {
        for (var i = 0; i < _bits.Length; i++) _bits[i] = ~_bits[i];
    }

    public int Count
    {
        get
        {
            var n = 0;
            foreach (var word in _bits) n += BitOperations.PopCount(word);
            return n;
        }
    }

    /// <summary>The set as ascending runs of consecutive characters.</summary>
    public IEnumerable<(char Low, char High)> Ranges()
    {
        var c = 0;
        while (c < 65536)
        {
            if ((c & 63) == 0 && _bits[c >> 6] == 0) { c += 64; continue; } // most of a set is empty words
            if (!Contains((char)c)) { c++; continue; }
            var start = c;
            while (c + 1 < 65536 && Contains((char)(c + 1))) c++;
            yield return ((char)start, (char)c);
            c++;
        }
    }
}

/// <summary>
/// What each class construct matches, per dialect: the one definition the validator is translated from and the
/// generator's characters are checked against.
/// <list type="bullet">
/// <item>ECMA-262: <c>\d</c> = [0-9], <c>\w</c> = [A-Za-z0-9_], <c>\s</c> = its white space and line terminators,
/// <c>.</c> = anything but \n \r \u2028 \u2029.</item>
/// <item>XSD: <c>\d</c> = \p{Nd}, <c>\w</c> = everything but \p{P} \p{Z} \p{C} (so not '_'), <c>\s</c> = [ \t\n\r],
/// <c>\i</c> = letters, '_' and ':', <c>\c</c> = letters, digits, marks, '.', '-', '_' and ':', <c>.</c> = anything but \n \r.</item>
/// <item><c>\p{X}</c>: the Unicode general category or block X as .NET knows it.</item>
/// </list>
/// </summary>
public static class CharSets
{
    // Valid property names only (a fixed, small vocabulary), so this cannot grow with input.
    private static readonly ConcurrentDictionary<string, CharSet> Properties = new();

    /// <summary>Whether .NET knows the category or block (<c>L</c>, <c>Lu</c>, <c>IsBasicLatin</c>...).</summary>
    public static bool IsKnownProperty(string name)
    {
        if (Properties.ContainsKey(name)) return true;
        if (name.Length == 0 || name.Length > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return false;
        try
        {
            var regex = new Regex(@"\p{" + name + "}", RegexOptions.CultureInvariant);
            var set = new CharSet();
            Span<char> one = stackalloc char[1];
            for (var c = 0; c < 65536; c++)
            {
                one[0] = (char)c;
                if (regex.IsMatch(one)) set.Add((char)c);
            }
            Properties.TryAdd(name, set);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>What the class matches (its items, negated, minus its subtraction).</summary>
    public static CharSet Of(CharClass cls, RegexDialect dialect)
    {
        var set = new CharSet();
        foreach (var item in cls.Items)
        {
            if (item is RangeItem range) set.AddRange(range.Low, range.High);
            else set.UnionWith(Escape((EscapeItem)item, dialect));
        }
        if (cls.Negated) set.Complement();
        if (cls.Subtracted is { } subtracted) set.ExceptWith(Of(subtracted, dialect));
        return set;
    }

    /// <summary>What <c>.</c> matches.</summary>
    public static CharSet AnyChar(RegexDialect dialect)
    {
        var set = new CharSet();
        set.Add('\n');
        set.Add('\r');
        if (dialect == RegexDialect.Ecma262)
        {
            set.Add('\u2028');
            set.Add('\u2029');
        }
        set.Complement();
        return set;
    }

    // One per escape letter, property and dialect: a fixed, small vocabulary. Shared, so never handed out to be changed.
    private static readonly ConcurrentDictionary<(char, string?, RegexDialect), CharSet> Escapes = new();

    private static CharSet Escape(EscapeItem escape, RegexDialect dialect) =>
        Escapes.GetOrAdd((escape.Letter, escape.Property, dialect), static key => Build(new EscapeItem(key.Item1, key.Item2), key.Item3));

    private static CharSet Build(EscapeItem escape, RegexDialect dialect)
    {
        var set = new CharSet();
        var lower = char.ToLowerInvariant(escape.Letter);
        if (lower == 'p')
        {
            IsKnownProperty(escape.Property!);
            set.UnionWith(Properties[escape.Property!]);
        }
        else if (dialect == RegexDialect.Ecma262)
        {
            switch (lower)
            {
                case 'd': set.AddRange('0', '9'); break;
                case 'w': set.AddRange('0', '9'); set.AddRange('A', 'Z'); set.AddRange('a', 'z'); set.Add('_'); break;
                case 's':
                    foreach (var c in "\t\n\v\f\r \u00A0\u1680\u2028\u2029\u202F\u205F\u3000\uFEFF") set.Add(c);
                    set.AddRange('\u2000', '\u200A');
                    break;
            }
        }
        else
        {
            switch (lower)
            {
                case 'd': AddCategories(set, UnicodeCategory.DecimalDigitNumber); break;
                case 'w': AddWhere(set, c => !IsPunctuationSeparatorOrOther(char.GetUnicodeCategory(c))); break;
                case 's': foreach (var c in " \t\n\r") set.Add(c); break;
                case 'i': AddWhere(set, char.IsLetter); set.Add('_'); set.Add(':'); break;
                case 'c':
                    AddWhere(set, c => char.IsLetter(c) || char.GetUnicodeCategory(c) is UnicodeCategory.DecimalDigitNumber
                        or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark);
                    foreach (var c in "._:-") set.Add(c);
                    break;
            }
        }
        if (char.IsUpper(escape.Letter)) set.Complement();
        return set;
    }

    private static bool IsPunctuationSeparatorOrOther(UnicodeCategory category) => category is
        UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
        or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
        or UnicodeCategory.OtherPunctuation or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
        or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;

    private static void AddCategories(CharSet set, UnicodeCategory category) => AddWhere(set, c => char.GetUnicodeCategory(c) == category);

    private static void AddWhere(CharSet set, Func<char, bool> test)
    {
        for (var c = 0; c < 65536; c++)
            if (test((char)c)) set.Add((char)c);
    }
}
