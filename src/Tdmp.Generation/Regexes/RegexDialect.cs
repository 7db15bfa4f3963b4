namespace Tdmp.Generation.Regexes;

/// <summary>Which regex language a pattern is written in.</summary>
public enum RegexDialect
{
    /// <summary>JSON Schema and constraint rules: ECMA-262, matches anywhere unless anchored.</summary>
    Ecma262,
    /// <summary>XSD <c>pattern</c> facets: always matches the whole value; <c>^</c> and <c>$</c> are plain characters.</summary>
    Xsd,
}
