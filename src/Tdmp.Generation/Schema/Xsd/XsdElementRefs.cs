using System.Xml;
using System.Xml.Schema;

namespace Tdmp.Generation.Schema.Xsd;

/// <summary>Finds the global elements that other declarations use by <c>ref</c> (or as a substitution group head).</summary>
internal static class XsdElementRefs
{
    public static HashSet<XmlQualifiedName> Collect(IEnumerable<XmlSchema> schemas)
    {
        var found = new HashSet<XmlQualifiedName>();
        foreach (var schema in schemas)
            foreach (var item in schema.Items)
                Visit(item, found);
        return found;
    }

    private static void Visit(XmlSchemaObject? item, HashSet<XmlQualifiedName> found)
    {
        switch (item)
        {
            case XmlSchemaElement element:
                if (!element.RefName.IsEmpty) found.Add(element.RefName);
                if (!element.SubstitutionGroup.IsEmpty) found.Add(element.QualifiedName);
                Visit(element.SchemaType, found);
                break;
            case XmlSchemaComplexType complex:
                Visit(complex.Particle, found);
                if (complex.ContentModel?.Content is XmlSchemaComplexContentExtension extension) Visit(extension.Particle, found);
                if (complex.ContentModel?.Content is XmlSchemaComplexContentRestriction restriction) Visit(restriction.Particle, found);
                break;
            case XmlSchemaGroup group:
                Visit(group.Particle, found);
                break;
            case XmlSchemaGroupBase groupBase:
                foreach (var child in groupBase.Items) Visit(child, found);
                break;
        }
    }
}
