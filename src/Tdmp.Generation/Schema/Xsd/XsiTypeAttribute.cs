namespace Tdmp.Generation.Schema.Xsd;

/// <summary>
/// The <c>@xsi:type</c> attribute node of an element whose declared type is abstract: its fixed value is the local
/// name of the derived type the element is made of. It makes json, csv and sql say which type each element used; the
/// XML writer skips it and writes <c>xsi:type</c> itself from <see cref="SchemaNode.XsiType"/>, with the prefix the
/// document declares for the type's namespace.
/// </summary>
public static class XsiTypeAttribute
{
    public const string Namespace = "http://www.w3.org/2001/XMLSchema-instance";
    public const string Name = "xsi:type";

    public static bool Is(SchemaNode? node) => node is { IsAttribute: true, Name: Name, Namespace: Namespace };

    internal static SchemaNode Create(string path, string typeName) => new()
    {
        Name = Name,
        Path = path,
        Kind = NodeKind.String,
        IsAttribute = true,
        Required = true,
        Namespace = Namespace,
        Fixed = typeName,
    };
}
