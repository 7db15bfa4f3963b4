using Tdmp.Generation.Engine;

namespace Tdmp.Generation.Values;

/// <summary>
/// Spells text (a name) as part of an email's local part, which format checkers accept only in
/// ASCII: lower case, umlauts and ß spelt out, other accents dropped, spaces and hyphens as single dots, anything else dropped.
/// </summary>
public static class EmailLocalPart
{
    /// <summary>Appends <paramref name="text"/> spelt for an email; returns how many characters were appended.</summary>
    public static int Append(RecordBuffer buffer, ReadOnlySpan<char> text)
    {
        var start = buffer.CharCount;
        var lastWasDot = true;
        foreach (var c in text)
        {
            switch (c)
            {
                case 'ä' or 'Ä': buffer.Append("ae"); break;
                case 'ö' or 'Ö': buffer.Append("oe"); break;
                case 'ü' or 'Ü': buffer.Append("ue"); break;
                case 'ß': buffer.Append("ss"); break;
                case (>= 'a' and <= 'z') or (>= '0' and <= '9'): buffer.Append(c); break;
                case >= 'A' and <= 'Z': buffer.Append((char)(c + 32)); break;
                case ' ' or '-' or '.' or '_':
                    if (!lastWasDot) buffer.Append('.');
                    lastWasDot = true;
                    continue;
                case > '\u007f':
                    // Other letters lose their accents (é → e, ễ → e, ø → o); apostrophes and the like are dropped.
                    var folded = Fold(c);
                    if (folded == '\0') continue;
                    buffer.Append(folded);
                    break;
                default: continue;
            }
            lastWasDot = false;
        }
        if (lastWasDot && buffer.CharCount > start) buffer.ResetTo(buffer.CharCount - 1);
        return buffer.CharCount - start;
    }

    // Accented letters by their base letter (the service runs with invariant globalization, so no Unicode decomposition).
    private static readonly Dictionary<char, char> Folds = BuildFolds(
        ("aàáâãåāăąǎạảấầẩẫậắằẳẵặ", 'a'), ("cçćĉċč", 'c'), ("dďđ", 'd'),
        ("eèéêëēĕėęěẹẻẽếềểễệ", 'e'), ("gĝğġģ", 'g'), ("hĥħ", 'h'),
        ("iìíîïĩīĭįıǐịỉ", 'i'), ("jĵ", 'j'), ("kķ", 'k'), ("lĺļľŀł", 'l'), ("nñńņňŉ", 'n'),
        ("oòóôõøōŏőǒọỏốồổỗộớờởỡợơ", 'o'), ("rŕŗř", 'r'), ("sśŝşšș", 's'), ("tţťŧț", 't'),
        ("uùúûũūŭůűųǔụủứừửữựư", 'u'), ("wŵ", 'w'), ("yýÿŷỳỵỷỹ", 'y'), ("zźżž", 'z'));

    private static Dictionary<char, char> BuildFolds(params (string Letters, char Base)[] groups)
    {
        var map = new Dictionary<char, char>();
        foreach (var (letters, b) in groups)
            foreach (var c in letters)
            {
                map[c] = b;
                map[char.ToUpperInvariant(c)] = b;
            }
        return map;
    }

    private static char Fold(char c) => Folds.TryGetValue(c, out var b) ? b : '\0';

    /// <summary>
    /// A unique e-mail from a person's name: the key picks the domain and a number after the name, so
    /// distinct keys give distinct addresses that still read as the person's (<c>donna.roberts17@example.org</c>).
    /// The key (the record's index) is first scattered within its number of digits, so the number does not
    /// count the records up (record 5000 is no <c>…roberts1000</c>, and neighbours get unrelated numbers).
    /// </summary>
    public static void AppendUnique(RecordBuffer buffer, ReadOnlySpan<char> first, ReadOnlySpan<char> last, UInt128 key)
    {
        key = ScatterWithinDigits(key);
        var domains = WordLists.EmailDomains;
        var domain = (int)(key % (uint)domains.Length);
        key /= (uint)domains.Length;
        Append(buffer, first);
        buffer.Append('.');
        Append(buffer, last);
        if (key > 0) buffer.AppendInteger((long)(ulong)key);
        buffer.Append('@');
        buffer.Append(domains[domain]);
    }

    /// <summary>
    /// A bijection of each run of numbers with the same count of digits ([10^(d-1), 10^d)) onto itself: a step of about
    /// 0.618 of the run, prime to its length (whose only prime factors are 2, 3 and 5), so distinct keys stay distinct.
    /// </summary>
    private static UInt128 ScatterWithinDigits(UInt128 key)
    {
        if (key == 0) return 0;
        UInt128 lo = 1;
        while (lo <= key / 10) lo *= 10;
        var size = lo * 9;
        var step = UInt128.Max(1, size / 1000 * 618 + size % 1000 * 618 / 1000);
        while (step % 2 == 0 || step % 3 == 0 || step % 5 == 0) step++;
        return lo + (key - lo) * step % size;
    }
}
