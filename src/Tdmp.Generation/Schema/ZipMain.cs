namespace Tdmp.Generation.Schema;

/// <summary>The file of a zip upload that <c>main</c> names: the file at that path in the zip, or where none is, the one
/// file whose path and <c>main</c> agree on their last segments, so a zip of a folder and a zip of its content both work
/// (<c>maindoc/UBL-Invoice-2.1.xsd</c> in the one, <c>xsd/maindoc/UBL-Invoice-2.1.xsd</c> in the other).</summary>
internal static class ZipMain
{
    /// <param name="kind">What the files are, for the message (<c>schema</c>, <c>XSD</c>).</param>
    /// <exception cref="MainFileException">No file, or several, fit.</exception>
    public static string Find(IReadOnlyCollection<string> paths, string main, string kind)
    {
        var wanted = main.Replace('\\', '/').TrimStart('/');
        if (wanted.StartsWith("./", StringComparison.Ordinal)) wanted = wanted[2..];
        if (paths.Contains(wanted)) return wanted;
        var fitting = paths.Where(p => p.EndsWith("/" + wanted, StringComparison.Ordinal) || wanted.EndsWith("/" + p, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        if (fitting.Count == 1) return fitting[0];
        throw new MainFileException(fitting.Count > 1
            ? $"'{main}', which 'main' names, fits several {kind} files of the zip ({string.Join(", ", fitting)}); give its whole path in the zip."
            : $"The zip holds no {kind} file '{main}', which 'main' names; its {kind} files are "
                + $"{string.Join(", ", paths.Order(StringComparer.Ordinal).Take(20))}{(paths.Count > 20 ? ", ..." : "")}.");
    }
}
