using System.Text.Json.Serialization;

namespace Tdmp.Generation.Schema;

/// <summary>What kind of value a repr node stands for (GENERATION.md §1).</summary>
public enum NodeKind
{
    Object, Array, String, Integer, Number, Boolean, Date, DateTime, Time, Duration, Binary,
    /// <summary>Exactly one of the children appears.</summary>
    Choice,
    Any,
}

/// <summary>Which schema language a repr was read from.</summary>
public enum SchemaLanguage { JsonSchema, Xsd }

/// <summary>
/// One node of the schema repr: the tree that both schema languages are read into, that
/// <c>GET /schemas/{id}/repr</c> returns and that constraint rules point into by <see cref="Path"/>.
/// Facts the schema does not state stay null, so the JSON form shows only what the schema says.
/// </summary>
public sealed class SchemaNode
{
    /// <summary>The property, element or attribute name (without <c>@</c>); for a JSON array item, the parent's name.</summary>
    public required string Name { get; set; }

    /// <summary><c>customer.email</c>, <c>items[].unit_price</c>, <c>InvoiceBatch.Invoice[].Line[].@lineNo</c>.</summary>
    /// <remarks>Path convention: names joined by <c>.</c>; a JSON array node <c>items</c> and a repeating XSD
    /// element <c>Line</c> keep their plain path, and everything below them goes through <c>items[]</c> / <c>Line[]</c>
    /// (the single JSON item node's own path is <c>items[]</c>, tuple items <c>items[0]</c>); attributes are <c>@name</c>;
    /// XSD paths start at the root element, JSON paths below the root (whose path is <c>""</c>); model groups
    /// (<see cref="IsGroup"/>) and the alternatives of a JSON choice add no segment to their children's paths.</remarks>
    public required string Path { get; set; }

    public required NodeKind Kind { get; set; }

    public bool Required { get; set; }

    /// <summary>JSON <c>null</c> allowed, or XSD <c>nillable</c>.</summary>
    public bool Nullable { get; set; }

    /// <summary>An XML attribute (its path segment starts with <c>@</c>).</summary>
    public bool IsAttribute { get; set; }

    /// <summary>How often the node repeats: XSD minOccurs/maxOccurs, JSON minItems/maxItems on an array.
    /// A node repeats when <see cref="MaxOccurs"/> is null (unbounded) or greater than 1.</summary>
    public int? MinOccurs { get; set; }
    public int? MaxOccurs { get; set; }
    public bool Unbounded { get; set; }

    public decimal? Minimum { get; set; }
    public decimal? Maximum { get; set; }
    public bool ExclusiveMinimum { get; set; }
    public bool ExclusiveMaximum { get; set; }
    public decimal? MultipleOf { get; set; }
    public int? TotalDigits { get; set; }
    public int? FractionDigits { get; set; }

    /// <summary>Bounds of date, date-time and time kinds, in their ISO text form.</summary>
    public string? MinValue { get; set; }
    public string? MaxValue { get; set; }

    public int? MinLength { get; set; }
    public int? MaxLength { get; set; }

    /// <summary>Every pattern a value must match at once (XSD restriction steps stack; JSON has one).
    /// XSD patterns are kept in XSD regex syntax; <see cref="PatternSyntax"/> says which: <c>xsd</c> (matches the whole
    /// value) or <c>ecma262</c> (JSON Schema: matches anywhere unless anchored with <c>^...$</c>).</summary>
    public List<string>? Patterns { get; set; }
    public string? PatternSyntax { get; set; }

    /// <summary>Allowed values as text (JSON enums of non-strings keep their JSON text, e.g. <c>1</c>, <c>true</c>).</summary>
    public List<string?>? Enum { get; set; }
    public string? Const { get; set; }
    public string? Default { get; set; }
    /// <summary>XSD <c>fixed</c>.</summary>
    public string? Fixed { get; set; }

    /// <summary>JSON Schema <c>format</c> (<c>email</c>, <c>uuid</c>, ...).</summary>
    public string? Format { get; set; }
    public bool UniqueItems { get; set; }

    /// <summary>The XSD built-in type the value is derived from (<c>positiveInteger</c>, <c>gYear</c>, <c>ID</c>, ...).</summary>
    public string? XsdType { get; set; }
    /// <summary>The XML namespace of an element or qualified attribute.</summary>
    public string? Namespace { get; set; }
    /// <summary>An XSD element whose declared type is abstract: the non-abstract derived type its instances are made
    /// of (its content is this node's), written as <c>xsi:type</c> on the element.</summary>
    public string? XsiType { get; set; }
    public string? XsiTypeNamespace { get; set; }
    /// <summary>XSD QName values the schema states (enumeration, fixed, default), as this node's text gives them: the prefix →
    /// namespace bindings an XML document must declare for them to mean what the schema means. The empty prefix bound to
    /// <c>""</c>: unprefixed values are in no namespace, so the document has no default namespace.</summary>
    public Dictionary<string, string>? QNamePrefixes { get; set; }
    /// <summary>XSD list type: the value is a whitespace-separated list of <see cref="ListItem"/> values
    /// (the list node's <see cref="MinLength"/>/<see cref="MaxLength"/> then count items, as XSD length facets on lists do).</summary>
    public SchemaNode? ListItem { get; set; }
    /// <summary>XSD union: the value is one of these simple types.</summary>
    public List<SchemaNode>? UnionMembers { get; set; }
    public bool Mixed { get; set; }
    /// <summary>JSON object with <c>additionalProperties: false</c>.</summary>
    public bool Closed { get; set; }
    /// <summary>JSON reader only, while it reads: the property names a closed object's schema admits (every name its
    /// parts declare or require; null when it admits others: open, or with <c>patternProperties</c>). Its children may be
    /// fewer (a property no value fits, or one left out to keep oneOf alternatives apart).</summary>
    [JsonIgnore]
    internal HashSet<string>? AdmittedNames { get; set; }

    /// <summary>The path this node's values must be taken from (IDREF, keyref), when the schema says.</summary>
    public string? References { get; set; }
    /// <summary>An XSD keyref field: the path of the element that declares the keyref. Identity constraints hold per
    /// instance of their element, so the value is one the key made inside the same instance of it.</summary>
    public string? ReferenceScope { get; set; }
    /// <summary>An XSD keyref field whose key selects several nodes (<c>.//bpt</c> at many depths, <c>a|b</c>): every path
    /// of the key's field, any of whose values the reference may take (<see cref="References"/> is the first).</summary>
    public List<string>? ReferenceTargets { get; set; }
    /// <summary>An XSD keyref field that a <c>unique</c>/<c>key</c> also covers (GraphML's <c>data/@key</c>): the path of the
    /// element that unique is declared on. Within one instance of it the reference takes distinct key values, different
    /// from those of <see cref="DistinctWith"/> (the unique's fields).</summary>
    public string? DistinctScope { get; set; }
    public List<string>? DistinctWith { get; set; }
    /// <summary>A field of a multi-field keyref other than the first made: the path of that first field, whose choice
    /// of referenced element this one follows, so that the fields together match one key's tuple.</summary>
    public string? ReferenceLead { get; set; }
    /// <summary>The values of this node are unique across the document (XSD key/unique, ID).</summary>
    public bool UniqueInDocument { get; set; }
    /// <summary>A field of a one-field XSD <c>key</c>/<c>unique</c> whose table holds several fields (CycloneDX's unique on
    /// <c>.//*</c> and <c>@bom-ref</c>: 26 attributes): the constraint, as its element's path and name. The values of every
    /// field sharing it differ, not only those of each field alone.</summary>
    public string? UniqueAmong { get; set; }
    /// <summary>A field of a one-field XSD <c>key</c>/<c>unique</c>: the path of the element the constraint is declared on,
    /// within each of which its values differ (Garmin TCX's step ids, 1 to 20, within each workout).</summary>
    public string? UniqueWithin { get; set; }
    /// <summary>A field of a multi-field XSD <c>key</c>/<c>unique</c>: the paths of every field of the key (this one
    /// included), in the key's order. The combination is unique in the document; each field alone may repeat.</summary>
    public List<string>? UniqueTuple { get; set; }

    /// <summary>A recursion marker: this node is the ancestor at this path over again (a JSON <c>$ref</c> target or an XSD
    /// element of the same type re-entered inside itself). It carries its own name, path and occurrences; its content is
    /// the ancestor's, which the repr keeps once. Plans unroll it while records are made, up to the recursion bound
    /// (<see cref="ReprRecursion"/>); its descendants' paths continue from this node's path.</summary>
    public string? RecursesTo { get; set; }

    /// <summary>JSON reader only, while it reads: the node a recursion marker repeats, as it was built (its path alone may
    /// name another node once alternatives are dropped).</summary>
    [JsonIgnore]
    internal SchemaNode? RepeatedNode { get; set; }

    /// <summary>A reference to shared content: this XSD element's complex type was already built in full at this path (its
    /// first use in the tree, not an ancestor), and the repr keeps that content once. The node carries its own name,
    /// namespace, occurrences and presence, and no children; records make the content of the node at that path under
    /// this node's name (GENERATION.md, "Shared content"). Paths below it continue from this node's path, and a rule on
    /// such a path applies here only.</summary>
    public string? Reuses { get; set; }

    /// <summary>With <see cref="Reuses"/>: which of the nodes at that path holds the content, in tree order, where several
    /// share it (JSON: the alternatives of a choice share the choice's path; XSD: an element of one type in two branches of
    /// a choice, one of them cut at the depth kept; 0, the first, is left out of the stored repr).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int ReusesOrdinal { get; set; }

    /// <summary>While a reader reads: the content a reference reuses, as it was built.</summary>
    [JsonIgnore]
    internal SchemaNode? ReusedNode { get; set; }

    /// <summary>Set where a recursive schema was cut at the depth limit. Such a node has no children and is not to be
    /// generated: zero occurrences, an empty array, or another alternative of its choice.</summary>
    public bool Truncated { get; set; }

    /// <summary>An object's properties, or an element's attributes then its content; a scalar XSD element with simple
    /// content has only its attributes here; an array its item node(s); a choice its alternatives.</summary>
    public List<SchemaNode> Children { get; set; } = [];

    /// <summary>An XSD model group (a <c>choice</c>, or a <c>sequence</c> with its own occurrences) with no element of
    /// its own: its children are written in its place. Its name is <c>choice</c>, <c>sequence</c> or <c>all</c> (a substitution
    /// group: the head element's name) and its path a label like <c>InvoiceBatch.Invoice[].(CardPayment|BankTransfer)</c>.</summary>
    public bool IsGroup { get; set; }

    /// <summary>A JSON tuple item (<c>prefixItems</c>, or draft-4..2019 <c>items: [...]</c>): the array position it stands for.
    /// Such items come first in the array node's <see cref="Children"/>; a last child without an index covers the rest.</summary>
    public int? PrefixIndex { get; set; }

    /// <summary>JSON <c>dependentRequired</c> / array-form <c>dependencies</c>: when this property is present, these
    /// sibling properties (by name) must be present too.</summary>
    public List<string>? DependentRequired { get; set; }

    /// <summary>JSON <c>not: {required: [...]}</c>: sibling properties (by name) that never all appear together.</summary>
    public List<List<string>>? NotAllPresent { get; set; }

    /// <summary>JSON <c>not</c> of <c>enum</c>/<c>const</c>: values (as repr text) this value is never equal to.</summary>
    public List<string?>? NotValues { get; set; }

    /// <summary>JSON <c>not: {pattern}</c>: ECMA-262 regexes this string never matches.</summary>
    public List<string>? NotPatterns { get; set; }

    /// <summary>
    /// JSON: self-contained JSON Schemas (text) every value of this node must also satisfy, for what is not made so by
    /// construction (a <c>not</c> of another form, an <c>if</c>/<c>then</c>/<c>else</c> whose branch is more than
    /// property narrowing): the engine checks each made value and redraws it a bounded number of times.
    /// </summary>
    public List<string>? Checks { get; set; }

    /// <summary>JSON <c>oneOf</c> alternative: a schema (text) that a value of this alternative must not satisfy, because
    /// it is the other alternatives; the engine redraws a value that does.</summary>
    public string? Exclusion { get; set; }

    /// <summary>
    /// JSON: the kind was guessed from the keywords present (<c>{"properties": ...}</c> with no <c>type</c>), and nothing
    /// else in the schema reads a value of another JSON type: every value of another type (a boolean, a string for this
    /// object) satisfies it too. Values are made of the guessed kind; oneOf uses this to tell which alternatives overlap.
    /// </summary>
    public bool AcceptsOtherTypes { get; set; }

    /// <summary>JSON <c>if</c>/<c>then</c>/<c>else</c> (and schema-form <c>dependencies</c>/<c>dependentSchemas</c>) on an object.</summary>
    public List<SchemaConditional>? Conditionals { get; set; }

    /// <summary>In a conditional's <c>then</c>/<c>else</c>: the side allows no value for this property (<c>false</c>,
    /// <c>not: {}</c>, <c>type: null</c> on an array), so it is left out wherever the side is taken.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Absent { get; set; }

    /// <summary>A property made up for a JSON map (an object described by <c>patternProperties</c> or
    /// <c>additionalProperties: {schema}</c>): its name was made to fit the schema's rules on names.</summary>
    public bool MapEntry { get; set; }

    /// <summary>For a map entry made from <c>patternProperties</c>: the ECMA-262 regex its name was made from.</summary>
    public string? NamePattern { get; set; }

    [JsonIgnore]
    public bool Repeats => Unbounded || MaxOccurs > 1;

    /// <summary>A copy sharing every list with this node (callers replace what they change).</summary>
    internal SchemaNode ShallowCopy() => (SchemaNode)MemberwiseClone();
}

/// <summary>The repr of one uploaded schema: its roots and how it was read.</summary>
public sealed class SchemaRepr
{
    public required SchemaLanguage Language { get; init; }
    /// <summary>JSON Schema draft (<c>2020-12</c>, <c>draft-07</c>, ...) or XSD target namespace.</summary>
    public string? Dialect { get; init; }
    public string? TargetNamespace { get; init; }
    /// <summary>XSD: the prefix the schema documents bind each namespace to (the root files' bindings first), which
    /// generated documents use where it is free (<c>cbc:</c>, <c>cac:</c> in UBL, rather than <c>ns1:</c>).</summary>
    public Dictionary<string, string>? NamespacePrefixes { get; init; }
    /// <summary>An XSD zip read from the file <c>main</c> named (its path in the zip): read from it again for a root_path.</summary>
    public string? MainFile { get; init; }
    public required List<SchemaNode> Roots { get; init; }
    /// <summary>JSON Schema: optional properties the reader left out because the tree was over the node or depth limits
    /// (its depth fallback); 0 when the schema was read whole. (The XSD reader's cut shows as truncated nodes.) A figure of
    /// the read for the bench and tests, not part of the stored repr.</summary>
    [JsonIgnore]
    public int LeftOutByDepthCut { get; init; }

    /// <summary>How many of <see cref="Roots"/>, the first ones, are documents, among which a dataset without a
    /// <c>root_path</c> chooses; the others are XSD global elements that other declarations use by <c>ref</c> (SVG's
    /// <c>svg</c>, nested in itself; SAML's <c>EntityDescriptor</c>), made only when a <c>root_path</c> names them.
    /// Null: every root is a document.</summary>
    public int? DocumentRoots { get; init; }

    /// <summary>Every node, depth first.</summary>
    public IEnumerable<SchemaNode> AllNodes() => NodesOf(Roots);

    /// <summary>Every node of the trees of <paramref name="roots"/>, depth first (a reader's tree before it is a repr).</summary>
    public static IEnumerable<SchemaNode> NodesOf(IReadOnlyList<SchemaNode> roots)
    {
        var stack = new Stack<SchemaNode>(Enumerable.Reverse(roots));
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            for (var i = node.Children.Count - 1; i >= 0; i--) stack.Push(node.Children[i]);
        }
    }

    /// <summary>The node at this path; a path through a recursion marker (<c>children[].children[].name</c>) finds the
    /// node it repeats, as it stands at that path.</summary>
    public SchemaNode? Find(string path) =>
        AllNodes().FirstOrDefault(n => n.Path == path) ?? ReprRecursion.FindThroughMarkers(this, path).FirstOrDefault();

    /// <summary>Every node with this path: more than one where the alternatives of a JSON choice share a path.
    /// A path that goes through a recursion marker resolves into the ancestor the marker repeats.</summary>
    public IEnumerable<SchemaNode> FindAll(string path)
    {
        var direct = AllNodes().Where(n => n.Path == path).ToList();
        return direct.Count > 0 ? direct : ReprRecursion.FindThroughMarkers(this, path);
    }
}

/// <summary>
/// A JSON Schema <c>if</c>/<c>then</c>/<c>else</c> on an object node. The condition holds when every test in
/// <see cref="If"/> holds: a test is a property node whose value, when present, must satisfy its facts (const, enum,
/// bounds...), and which must be present when the test is <see cref="SchemaNode.Required"/>.
/// <see cref="Then"/> / <see cref="Else"/> are the object's children that change in that case, already merged with
/// the base child of the same name: they replace that child (or add a property the base did not declare).
/// </summary>
public sealed class SchemaConditional
{
    public List<SchemaNode> If { get; set; } = [];
    public List<SchemaNode>? Then { get; set; }
    public List<SchemaNode>? Else { get; set; }

    /// <summary>The <c>if</c> schema (self-contained text) when <see cref="If"/>'s property tests cannot decide it
    /// exactly (nested objects, types, <c>not</c>, ...): the engine evaluates it on the properties made before the
    /// branch; <see cref="If"/> then only names the properties to make first.</summary>
    public string? IfCheck { get; set; }

    /// <summary>"else if": the index, among the object's conditionals, of the one whose <c>else</c> this conditional is. It
    /// is taken only where that one is decided and its <c>if</c> fails; otherwise neither of its sides is.</summary>
    public int? ElseOf { get; set; }
}
