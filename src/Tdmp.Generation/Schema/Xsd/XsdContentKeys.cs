using System.Xml.Schema;

namespace Tdmp.Generation.Schema.Xsd;

/// <summary>
/// What identifies the content of an element of complex type, for recursion markers and shared content. A named type is
/// its own key. An anonymous type with element or mixed content is keyed by what its content is made of: the compiled
/// content particle (the same object for every type that extends a base without adding particles), mixed or not, and its
/// attributes. XHTML declares each element with an anonymous type extending <c>Inline</c> or <c>Flow</c> by the same
/// attribute group: by type, <c>em</c> inside <c>span</c> inside <c>a</c> ... are some sixty distinct types nesting
/// past the reader's depth limit; by content, <c>em</c> inside <c>span</c> repeats its ancestor's content.
/// </summary>
internal sealed class XsdContentKeys
{
    private readonly Dictionary<XmlSchemaComplexType, object> _keys = [];
    private readonly Dictionary<XmlSchemaType, int> _typeIds = [];

    public object Of(XmlSchemaComplexType type)
    {
        if (_keys.TryGetValue(type, out var known)) return known;
        return _keys[type] = type.QualifiedName.IsEmpty
            && type.ContentType is XmlSchemaContentType.ElementOnly or XmlSchemaContentType.Mixed
            && type.ContentTypeParticle is { } particle
                ? new ContentKey(particle, type.IsMixed, Attributes(type))
                : type;
    }

    /// <summary>The attributes as <see cref="XsdReprBuilder"/> makes them: name, use, default, fixed and type, in order.</summary>
    private string Attributes(XmlSchemaComplexType type) => string.Join('\n', type.AttributeUses.Values.Cast<XmlSchemaAttribute>()
        .Where(a => a.Use != XmlSchemaUse.Prohibited)
        .OrderBy(a => a.LineNumber).ThenBy(a => a.LinePosition)
        .Select(a => $"{a.QualifiedName}\t{a.Use}\t{a.DefaultValue}\t{a.FixedValue}\t{TypeId(a.AttributeSchemaType)}"));

    private int TypeId(XmlSchemaType? type)
    {
        if (type is null) return -1;
        if (!_typeIds.TryGetValue(type, out var id)) _typeIds[type] = id = _typeIds.Count;
        return id;
    }

    private sealed record ContentKey(XmlSchemaParticle Particle, bool Mixed, string Attributes);
}
