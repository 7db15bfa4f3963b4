namespace Tdmp.Generation.Schema.Xsd;

/// <summary>What each XSD 1.0 built-in simple type means for generation: its kind and the bounds its name implies.</summary>
internal static class XsdBuiltInTypes
{
    public const string Namespace = "http://www.w3.org/2001/XMLSchema";

    public sealed record Facts(NodeKind Kind, decimal? Minimum = null, decimal? Maximum = null, string? ListOf = null);

    private static readonly Dictionary<string, Facts> ByName = new()
    {
        ["anySimpleType"] = new(NodeKind.String),
        ["anyAtomicType"] = new(NodeKind.String),
        ["string"] = new(NodeKind.String),
        ["normalizedString"] = new(NodeKind.String),
        ["token"] = new(NodeKind.String),
        ["language"] = new(NodeKind.String),
        ["Name"] = new(NodeKind.String),
        ["NCName"] = new(NodeKind.String),
        ["NMTOKEN"] = new(NodeKind.String),
        ["ID"] = new(NodeKind.String),
        ["IDREF"] = new(NodeKind.String),
        ["QName"] = new(NodeKind.String),
        ["anyURI"] = new(NodeKind.String),
        ["NMTOKENS"] = new(NodeKind.String, ListOf: "NMTOKEN"),
        ["IDREFS"] = new(NodeKind.String, ListOf: "IDREF"),
        ["boolean"] = new(NodeKind.Boolean),
        ["decimal"] = new(NodeKind.Number),
        ["float"] = new(NodeKind.Number),
        ["double"] = new(NodeKind.Number),
        ["integer"] = new(NodeKind.Integer),
        ["nonPositiveInteger"] = new(NodeKind.Integer, Maximum: 0),
        ["negativeInteger"] = new(NodeKind.Integer, Maximum: -1),
        ["nonNegativeInteger"] = new(NodeKind.Integer, Minimum: 0),
        ["positiveInteger"] = new(NodeKind.Integer, Minimum: 1),
        ["long"] = new(NodeKind.Integer, long.MinValue, long.MaxValue),
        ["int"] = new(NodeKind.Integer, int.MinValue, int.MaxValue),
        ["short"] = new(NodeKind.Integer, short.MinValue, short.MaxValue),
        ["byte"] = new(NodeKind.Integer, sbyte.MinValue, sbyte.MaxValue),
        ["unsignedLong"] = new(NodeKind.Integer, 0, ulong.MaxValue),
        ["unsignedInt"] = new(NodeKind.Integer, 0, uint.MaxValue),
        ["unsignedShort"] = new(NodeKind.Integer, 0, ushort.MaxValue),
        ["unsignedByte"] = new(NodeKind.Integer, 0, byte.MaxValue),
        ["dateTime"] = new(NodeKind.DateTime),
        ["date"] = new(NodeKind.Date),
        ["time"] = new(NodeKind.Time),
        ["duration"] = new(NodeKind.Duration),
        // The Gregorian fragments are dates written partly; XsdType says which part.
        ["gYear"] = new(NodeKind.Date),
        ["gYearMonth"] = new(NodeKind.Date),
        ["gMonth"] = new(NodeKind.Date),
        ["gMonthDay"] = new(NodeKind.Date),
        ["gDay"] = new(NodeKind.Date),
        ["hexBinary"] = new(NodeKind.Binary),
        ["base64Binary"] = new(NodeKind.Binary),
    };

    /// <summary>Whether a type is one of XSD's own. Not every name of the XSD namespace is: the schema for schemas
    /// (XMLSchema.xsd) declares its own types there, such as <c>xs:fullDerivationSet</c>, which are read like any other.</summary>
    public static bool IsBuiltIn(System.Xml.XmlQualifiedName name) =>
        name.Namespace == Namespace && (ByName.ContainsKey(name.Name) || name.Name is "ENTITY" or "ENTITIES" or "NOTATION");

    /// <summary>The facts for a built-in type name. Those needing DTD declarations have no valid value: the node cannot be
    /// made, so an optional element or attribute of such a type is left out and a required one refused.</summary>
    public static Facts Describe(string name, string path) =>
        ByName.TryGetValue(name, out var facts) ? facts
        : name is "ENTITY" or "ENTITIES" or "NOTATION"
            ? throw new UnsupportedBranchException(
                $"'{path}' uses xs:{name}, which needs DTD declarations; DTDs are not allowed in uploads, so no valid value exists. "
            + "Use xs:string or xs:NCName instead.", null, null)
            : throw new SchemaReadException($"'{path}' uses the built-in type xs:{name}, which is not supported.");
}
