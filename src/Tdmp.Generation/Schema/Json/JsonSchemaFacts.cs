using System.Text.Json;

namespace Tdmp.Generation.Schema.Json;

/// <summary>
/// What a conjunction of subschemas (a schema with its <c>$ref</c> and <c>allOf</c> flattened) says about one value.
/// Keywords from every part narrow the same facts: bounds tighten, <c>required</c> unites, <c>enum</c> intersects.
/// </summary>
internal sealed class JsonSchemaFacts
{
    private static readonly HashSet<string> AllTypes = ["string", "integer", "number", "boolean", "object", "array", "null"];

    public HashSet<string>? Types { get; private set; }
    public List<JsonElement>? Enum { get; private set; }
    public bool HasConst { get; private set; }
    public decimal? Minimum { get; private set; }
    public decimal? Maximum { get; private set; }
    public bool ExclusiveMinimum { get; private set; }
    public bool ExclusiveMaximum { get; private set; }
    public decimal? MultipleOf { get; private set; }
    public int? MinLength { get; private set; }
    public int? MaxLength { get; private set; }
    public List<string> Patterns { get; } = [];
    public string? Format { get; private set; }
    public string? ContentEncoding { get; private set; }
    public string? Default { get; private set; }

    /// <summary>Property name → every subschema given for it, in first-declared order.</summary>
    public Dictionary<string, List<SchemaPart>> Properties { get; } = [];
    private readonly List<string> _declared = [];

    /// <summary>Declared properties in the order they first appear, then names only listed in <c>required</c>.</summary>
    public IEnumerable<string> PropertyOrder => _declared.Concat(Required.Where(r => !_declared.Contains(r)));
    public HashSet<string> Required { get; } = [];
    public Dictionary<string, List<SchemaPart>> PatternProperties { get; } = [];
    /// <summary>Parts with <c>additionalProperties: false</c>: each allows only its own properties and patterns.</summary>
    public List<SchemaPart> ClosedParts { get; } = [];
    public bool Closed { get; private set; }
    /// <summary><c>additionalProperties</c> (or <c>unevaluatedProperties</c>) given as a schema: what a map's values are.</summary>
    public List<SchemaPart> AdditionalProperties { get; } = [];
    /// <summary><c>additionalProperties</c> given as a schema, with the part that gives it: it applies to every property
    /// that this part neither declares nor matches by one of its patterns, whichever other part declares it.</summary>
    public List<(SchemaPart Owner, SchemaPart Values)> AdditionalPropertiesByPart { get; } = [];
    /// <summary><c>propertyNames</c>: every property name must satisfy these.</summary>
    public List<SchemaPart> PropertyNames { get; } = [];
    public int? MinProperties { get; private set; }
    public int? MaxProperties { get; private set; }

    public List<List<SchemaPart>> PrefixItems { get; } = [];
    public List<SchemaPart> RestItems { get; } = [];
    private bool _restItemsForbidden;

    /// <summary>No items beyond the tuple: <c>items: false</c>, <c>additionalItems: false</c>, or
    /// <c>unevaluatedItems: false</c> with no schema for further items.</summary>
    public bool RestItemsForbidden => _restItemsForbidden || (UnevaluatedItemsForbidden && RestItems.Count == 0);
    private bool UnevaluatedItemsForbidden { get; set; }
    public int? MinItems { get; private set; }
    public int? MaxItems { get; private set; }
    public bool UniqueItems { get; private set; }

    public Dictionary<string, HashSet<string>> DependentRequired { get; } = [];

    /// <summary><c>not: {required: [...]}</c> (also inside <c>not: {anyOf: [...]}</c>): these names never all appear together.</summary>
    public List<List<string>> NotAllPresent { get; } = [];
    /// <summary><c>not</c> of <c>enum</c>/<c>const</c>: values the value is never equal to.</summary>
    public List<JsonElement> NotValues { get; } = [];
    /// <summary><c>not</c> of <c>type</c>: JSON types the value does not have.</summary>
    public HashSet<string> NotTypes { get; } = [];
    /// <summary><c>not</c> of <c>pattern</c>: regexes a string never matches.</summary>
    public List<string> NotPatterns { get; } = [];
    /// <summary><c>not</c> of any other form: schemas a made value is checked against (and redrawn while it satisfies one).</summary>
    public List<SchemaPart> NotChecks { get; } = [];
    /// <summary>The pointers of the parts read, and of the schemas their plain <c>$ref</c>s name: a <c>not</c> of one of
    /// them negates the node's own schema, which no value satisfies.</summary>
    public HashSet<string> PartPointers { get; } = [];

    /// <summary><c>contains</c> with <c>minContains</c>/<c>maxContains</c>: some items satisfy these too.</summary>
    public List<SchemaPart> Contains { get; } = [];
    public int? MinContains { get; private set; }
    public int? MaxContains { get; private set; }
    /// <summary>Condition, then, else: <c>if</c> keywords and schema dependencies (whose condition is a presence test).</summary>
    public List<JsonConditional> Conditionals { get; } = [];

    /// <summary>True when some keyword says what kind of value this is, without a <c>type</c>.</summary>
    public bool HasObjectKeywords { get; private set; }
    public bool HasArrayKeywords { get; private set; }
    public bool HasStringKeywords { get; private set; }
    public bool HasNumberKeywords { get; private set; }

    public void Add(SchemaPart part, JsonSchemaDocument document)
    {
        PartPointers.Add(part.Pointer);
        foreach (var keyword in part.Schema.EnumerateObject())
        {
            var at = part.Pointer + "/" + JsonSchemaDocument.Escape(keyword.Name);
            try
            {
                AddKeyword(part, keyword.Name, keyword.Value, at, document);
            }
            catch (InvalidOperationException)
            {
                // JsonElement accessors throw this when a keyword's value has the wrong JSON type.
                throw Bad(at, "has a value of the wrong JSON type (see the JSON Schema specification for this keyword)");
            }
        }
    }

    private void AddKeyword(SchemaPart part, string name, JsonElement value, string at, JsonSchemaDocument document)
    {
        var schema = part.Schema;
        switch (name)
        {
            case "type": AddTypes(value, at); break;
            case "enum":
                if (value.ValueKind != JsonValueKind.Array) throw Bad(at, "must be an array");
                IntersectEnum([.. value.EnumerateArray()], at);
                break;
            case "const": HasConst = true; IntersectEnum([value], at); break;
            case "minimum": TightenMin(Number(value, at), exclusive: false); HasNumberKeywords = true; break;
            case "maximum": TightenMax(Number(value, at), exclusive: false); HasNumberKeywords = true; break;
            case "exclusiveMinimum":
                HasNumberKeywords = true;
                if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    // draft-04: a flag that makes this part's "minimum" exclusive
                    if (value.ValueKind == JsonValueKind.True && schema.TryGetProperty("minimum", out var min))
                        TightenMin(Number(min, at), exclusive: true);
                }
                else TightenMin(Number(value, at), exclusive: true);
                break;
            case "exclusiveMaximum":
                HasNumberKeywords = true;
                if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    if (value.ValueKind == JsonValueKind.True && schema.TryGetProperty("maximum", out var max))
                        TightenMax(Number(max, at), exclusive: true);
                }
                else TightenMax(Number(value, at), exclusive: true);
                break;
            case "multipleOf": AddMultipleOf(Number(value, at), at); HasNumberKeywords = true; break;
            case "minLength": MinLength = Max(MinLength, Count(value, at)); HasStringKeywords = true; break;
            case "maxLength": MaxLength = Min(MaxLength, Count(value, at)); HasStringKeywords = true; break;
            case "pattern":
                Patterns.Add(value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Bad(at, "must be a string"));
                HasStringKeywords = true;
                break;
            case "format": Format ??= value.GetString() ?? throw Bad(at, "must be a string"); HasStringKeywords = true; break;
            case "contentEncoding": ContentEncoding ??= value.GetString() ?? throw Bad(at, "must be a string"); HasStringKeywords = true; break;
            case "default": Default ??= Text(value); break;
            case "properties":
                if (value.ValueKind != JsonValueKind.Object) throw Bad(at, "must be an object");
                foreach (var property in value.EnumerateObject())
                {
                    if (!Properties.TryGetValue(property.Name, out var parts)) Properties[property.Name] = parts = [];
                    if (!_declared.Contains(property.Name)) _declared.Add(property.Name);
                    parts.Add(new SchemaPart(property.Value, at + "/" + JsonSchemaDocument.Escape(property.Name)));
                }
                HasObjectKeywords = true;
                break;
            case "required":
                if (value.ValueKind != JsonValueKind.Array)
                    throw Bad(at, "must be an array of property names (draft-03 'required: true' is not supported)");
                foreach (var property in value.EnumerateArray())
                    Required.Add(property.GetString() ?? throw Bad(at, "must list property names as strings"));
                HasObjectKeywords = true;
                break;
            case "patternProperties":
                foreach (var property in value.EnumerateObject())
                {
                    if (!PatternProperties.TryGetValue(property.Name, out var parts)) PatternProperties[property.Name] = parts = [];
                    parts.Add(new SchemaPart(property.Value, at + "/" + JsonSchemaDocument.Escape(property.Name)));
                }
                HasObjectKeywords = true;
                break;
            case "additionalProperties":
                // A schema for extra properties constrains nothing the generator writes: it writes only declared ones.
                if (value.ValueKind == JsonValueKind.False) { ClosedParts.Add(part); Closed = true; }
                else if (value.ValueKind == JsonValueKind.Object)
                {
                    AdditionalProperties.Add(new SchemaPart(value, at));
                    AdditionalPropertiesByPart.Add((part, new SchemaPart(value, at)));
                }
                HasObjectKeywords = true;
                break;
            case "unevaluatedProperties":
                if (value.ValueKind == JsonValueKind.False) Closed = true;
                else if (value.ValueKind == JsonValueKind.Object) AdditionalProperties.Add(new SchemaPart(value, at));
                HasObjectKeywords = true;
                break;
            case "propertyNames":
                PropertyNames.Add(new SchemaPart(value, at));
                HasObjectKeywords = true;
                break;
            case "minProperties": MinProperties = Max(MinProperties, Count(value, at)); HasObjectKeywords = true; break;
            case "maxProperties": MaxProperties = Min(MaxProperties, Count(value, at)); HasObjectKeywords = true; break;
            case "dependentRequired":
                foreach (var dependency in value.EnumerateObject()) AddDependentRequired(dependency.Name, dependency.Value);
                HasObjectKeywords = true;
                break;
            case "dependentSchemas":
                foreach (var dependency in value.EnumerateObject())
                    if (RequiredOnly(dependency.Value) is { } names) AddDependentRequired(dependency.Name, names);
                    else if (!AddedAsNotAllPresent([dependency.Name], dependency.Value)) Conditionals.Add(new(null, dependency.Name,
                        new SchemaPart(dependency.Value, at + "/" + JsonSchemaDocument.Escape(dependency.Name)), null, at + "/" + dependency.Name));
                HasObjectKeywords = true;
                break;
            case "dependencies":
                foreach (var dependency in value.EnumerateObject())
                    if (dependency.Value.ValueKind == JsonValueKind.Array) AddDependentRequired(dependency.Name, dependency.Value);
                    else if (RequiredOnly(dependency.Value) is { } names) AddDependentRequired(dependency.Name, names);
                    else if (!AddedAsNotAllPresent([dependency.Name], dependency.Value)) Conditionals.Add(new(null, dependency.Name,
                        new SchemaPart(dependency.Value, at + "/" + JsonSchemaDocument.Escape(dependency.Name)), null, at + "/" + dependency.Name));
                HasObjectKeywords = true;
                break;
            case "if":
                if (!schema.TryGetProperty("else", out _) && RequiredOnly(value) is { } tested && schema.TryGetProperty("then", out var forbids)
                    && AddedAsNotAllPresent([.. tested.EnumerateArray().Select(n => n.GetString()!)], forbids))
                    break;
                Conditionals.Add(new(new SchemaPart(value, at), null,
                    schema.TryGetProperty("then", out var then) ? new SchemaPart(then, part.Pointer + "/then") : null,
                    schema.TryGetProperty("else", out var @else) ? new SchemaPart(@else, part.Pointer + "/else") : null,
                    at));
                break;
            case "prefixItems":
                AddPrefixItems(value, at);
                break;
            case "items":
                if (value.ValueKind == JsonValueKind.Array)
                {
                    if (document.Dialect == "2020-12")
                        throw Bad(at, "is an array, which 2020-12 spells 'prefixItems'");
                    AddPrefixItems(value, at);
                    if (schema.TryGetProperty("additionalItems", out var additional)) AddRestItems(additional, part.Pointer + "/additionalItems");
                }
                else AddRestItems(value, at);
                break;
            case "additionalItems":
                break; // read with "items": it means nothing without a tuple
            case "unevaluatedItems":
                UnevaluatedItemsForbidden |= value.ValueKind == JsonValueKind.False;
                HasArrayKeywords = true;
                break;
            case "minItems": MinItems = Max(MinItems, Count(value, at)); HasArrayKeywords = true; break;
            case "maxItems": MaxItems = Min(MaxItems, Count(value, at)); HasArrayKeywords = true; break;
            case "uniqueItems": UniqueItems |= value.ValueKind == JsonValueKind.True; HasArrayKeywords = true; break;
            case "not": AddNot(new SchemaPart(value, at), document, 0); break;
            case "contains": Contains.Add(new SchemaPart(value, at)); HasArrayKeywords = true; break;
            case "minContains": MinContains = Max(MinContains, Count(value, at)); HasArrayKeywords = true; break;
            case "maxContains": MaxContains = Min(MaxContains, Count(value, at)); HasArrayKeywords = true; break;
            default:
                break; // annotations ($comment, title, examples...) and unknown vocabularies constrain nothing
        }
    }

    /// <summary>Keywords that say nothing about a value: ignored when reading what a <c>not</c> excludes.</summary>
    internal static readonly HashSet<string> Annotations =
        ["$comment", "title", "description", "examples", "default", "$id", "$anchor", "deprecated", "readOnly", "writeOnly", "markdownDescription",
            "errorMessage"];

    /// <summary>
    /// <c>not</c> in the forms schemas use, each honoured by construction: <c>required</c> (never all these properties),
    /// <c>anyOf</c>/<c>oneOf</c> of such (none of them: that is enough for both), <c>enum</c>/<c>const</c> (never these
    /// values), <c>type</c> (never these types), <c>pattern</c> (never matching). When the negated schema has several
    /// keywords, one of them failing is enough, so the first that can be honoured is; its <c>type</c> comes last, being
    /// mostly a guard on the others (popxf's <c>not: {type: object, required: [observable_central]}</c> on an object, or
    /// <c>propertyNames: {not: {type: string, pattern}}</c>, where never that type would leave no value at all).
    /// </summary>
    private void AddNot(SchemaPart negated, JsonSchemaDocument document, int hops)
    {
        var schema = negated.Schema;
        if (schema.ValueKind == JsonValueKind.False) return; // not false: anything goes
        if (schema.ValueKind == JsonValueKind.True
            || (schema.ValueKind == JsonValueKind.Object && !schema.EnumerateObject().Any(k => !Annotations.Contains(k.Name))))
            throw new NoValueException(
                $"The schema at '{JsonSchemaDocument.Show(negated.Pointer)}' is 'not' of a schema every value satisfies: no value can satisfy it.");
        if (schema.ValueKind != JsonValueKind.Object) throw Bad(negated.Pointer, "must be a schema");
        if (schema.TryGetProperty("$ref", out var reference) && reference.ValueKind == JsonValueKind.String && hops < 16
            && schema.EnumerateObject().All(k => k.Name == "$ref" || Annotations.Contains(k.Name)))
        {
            AddNot(document.Resolve(reference.GetString()!, negated.Pointer), document, hops + 1);
            return;
        }
        if (NeverAllPresent(schema) is { } groups)
        {
            NotAllPresent.AddRange(groups);
            return;
        }
        if (schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array)
        {
            NotValues.AddRange(values.EnumerateArray());
            return;
        }
        if (schema.TryGetProperty("const", out var constant))
        {
            NotValues.Add(constant);
            return;
        }
        if (schema.TryGetProperty("pattern", out var pattern) && pattern.ValueKind == JsonValueKind.String)
        {
            NotPatterns.Add(pattern.GetString()!);
            return;
        }
        if (schema.TryGetProperty("type", out var type))
        {
            var names = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString() ?? "") : [type.GetString() ?? ""];
            foreach (var t in names)
            {
                NotTypes.Add(t);
                if (t == "number") NotTypes.Add("integer");
            }
            return;
        }
        NotChecks.Add(negated);
    }

    /// <summary><c>properties</c> whose schemas all accept anything (<c>{}</c>, <c>true</c>, annotations only): next to
    /// <c>required</c> they say no more than it does.</summary>
    private static bool AllTrivial(JsonElement properties) =>
        properties.ValueKind == JsonValueKind.Object && properties.EnumerateObject().All(p =>
            p.Value.ValueKind == JsonValueKind.True ||
            (p.Value.ValueKind == JsonValueKind.Object && p.Value.EnumerateObject().All(k => Annotations.Contains(k.Name))));

    /// <summary>
    /// "When these properties are all present, those are never all present" (a dependency, or an <c>if</c> of only
    /// <c>required</c> with no <c>else</c>, whose schema is only <c>not: {required}</c> forms, <c>allOf</c> of them
    /// included) is a <c>not: {required}</c> group of both, honoured by construction: drawing the object again until no
    /// group is complete fails for a recursive object (vtesttree's fixtures, each allowing one completion of three).
    /// </summary>
    /// <returns>Whether <paramref name="then"/> had that form and its groups were added.</returns>
    private bool AddedAsNotAllPresent(List<string> present, JsonElement then)
    {
        var groups = new List<List<string>>();
        if (!Collect(then)) return false;
        foreach (var group in groups) NotAllPresent.Add([.. present, .. group.Except(present)]);
        return true;

        bool Collect(JsonElement schema)
        {
            if (schema.ValueKind != JsonValueKind.Object || !schema.EnumerateObject().Any(k => !Annotations.Contains(k.Name))) return false;
            foreach (var k in schema.EnumerateObject())
            {
                if (Annotations.Contains(k.Name)) continue;
                if (k.Name == "allOf" && k.Value.ValueKind == JsonValueKind.Array && k.Value.EnumerateArray().All(Collect)) continue;
                if (k.Name != "not" || NeverAllPresent(k.Value) is not { } forbidden) return false;
                groups.AddRange(forbidden);
            }
            return true;
        }
    }

    /// <summary>The groups of names that a negated schema says are never all present: <c>{required}</c> (also with
    /// <c>properties</c> that accept anything, or <c>type: object</c>, which any value it applies to is), or
    /// <c>anyOf</c>/<c>oneOf</c> of such (none of them: enough for both); null for any other form.</summary>
    private static List<List<string>>? NeverAllPresent(JsonElement negated)
    {
        if (negated.ValueKind != JsonValueKind.Object) return null;
        if (negated.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array && required.GetArrayLength() > 0
            && negated.EnumerateObject()
                .All(k => k.Name == "required" || Annotations.Contains(k.Name) || (k.Name == "properties" && AllTrivial(k.Value))
                    || (k.Name == "type" && k.Value.ValueKind == JsonValueKind.String && k.Value.GetString() == "object")))
            return [Names(negated)];
        foreach (var keyword in (ReadOnlySpan<string>)["anyOf", "oneOf"])
            if (negated.TryGetProperty(keyword, out var list) && list.ValueKind == JsonValueKind.Array
                && negated.EnumerateObject().All(k => k.Name == keyword || Annotations.Contains(k.Name))
                && list.EnumerateArray().All(s => RequiredOnly(s) is { } names && names.GetArrayLength() > 0))
                return [.. list.EnumerateArray().Select(Names)];
        return null;

        static List<string> Names(JsonElement schema) => [.. schema.GetProperty("required").EnumerateArray().Select(n => n.GetString() ?? "")];
    }

    private void AddTypes(JsonElement value, string at)
    {
        var names = value.ValueKind switch
        {
            JsonValueKind.String => [value.GetString()!],
            JsonValueKind.Array => value.EnumerateArray().Select(v => v.GetString() ?? "").ToHashSet(),
            _ => throw Bad(at, "must be a type name or an array of them"),
        };
        foreach (var name in names)
            if (!AllTypes.Contains(name))
                throw Bad(at, $"names the unknown type '{name}' (use string, integer, number, boolean, object, array or null)");
        if (Types is null)
        {
            Types = names;
            return;
        }
        // "integer" is a "number": their intersection is "integer".
        var merged = new HashSet<string>();
        foreach (var t in Types)
            foreach (var u in names)
                if (t == u) merged.Add(t);
                else if ((t, u) is ("integer", "number") or ("number", "integer")) merged.Add("integer");
        if (merged.Count == 0)
            throw new NoValueException(
                $"At '{JsonSchemaDocument.Show(at)}' the types [{string.Join(", ", Types)}] and [{string.Join(", ", names)}] are combined (allOf " +
                "or $ref), and no value has both.");
        Types = merged;
    }

    private void IntersectEnum(List<JsonElement> values, string at)
    {
        Enum = Enum is null ? values : [.. Enum.Where(e => values.Any(v => JsonElement.DeepEquals(e, v)))];
        if (Enum.Count == 0)
            throw new NoValueException($"At '{JsonSchemaDocument.Show(at)}' enum/const values are combined with others and no value is left.");
    }

    private void TightenMin(decimal value, bool exclusive)
    {
        if (Minimum is null || value > Minimum || (value == Minimum && exclusive))
        {
            Minimum = value;
            ExclusiveMinimum = exclusive;
        }
    }

    private void TightenMax(decimal value, bool exclusive)
    {
        if (Maximum is null || value < Maximum || (value == Maximum && exclusive))
        {
            Maximum = value;
            ExclusiveMaximum = exclusive;
        }
    }

    private void AddMultipleOf(decimal value, string at)
    {
        if (value <= 0) throw Bad(at, "must be greater than 0");
        if (MultipleOf is null || value % MultipleOf == 0) MultipleOf = value;
        else if (MultipleOf % value != 0)
            throw new SchemaReadException(
                $"At '{JsonSchemaDocument.Show(at)}' two multipleOf values ({MultipleOf} and {value}) are combined; use one that is a multiple of " +
                "the other.");
    }

    /// <summary>A dependent schema that only requires properties (<c>{"required": ["start_datetime"]}</c>, the way
    /// schemas spelled dependentRequired before 2019-09 when they also gave a title) says the same as dependentRequired,
    /// which the generator honours by construction (mutual pairs included) instead of as a conditional: its names, or
    /// null.</summary>
    private static JsonElement? RequiredOnly(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array
            && required.EnumerateArray().All(n => n.ValueKind == JsonValueKind.String)
            && schema.EnumerateObject().All(k => k.Name == "required" || Annotations.Contains(k.Name))
            ? required : null;

    private void AddDependentRequired(string property, JsonElement names)
    {
        if (!DependentRequired.TryGetValue(property, out var set)) DependentRequired[property] = set = [];
        foreach (var name in names.EnumerateArray()) set.Add(name.GetString()!);
    }

    private void AddPrefixItems(JsonElement value, string at)
    {
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (PrefixItems.Count <= i) PrefixItems.Add([]);
            PrefixItems[i].Add(new SchemaPart(item, $"{at}/{i}"));
            i++;
        }
        HasArrayKeywords = true;
    }

    private void AddRestItems(JsonElement value, string at)
    {
        if (value.ValueKind == JsonValueKind.False) _restItemsForbidden = true;
        else if (value.ValueKind != JsonValueKind.True) RestItems.Add(new SchemaPart(value, at));
        HasArrayKeywords = true;
    }

    private static decimal Number(JsonElement value, string at) =>
        value.ValueKind != JsonValueKind.Number ? throw Bad(at, "must be a number")
        : value.TryGetDecimal(out var d) ? d
        : throw Bad(at, $"is {value.GetRawText()}, outside the supported range of ±7.9e28");

    private static int Count(JsonElement value, string at) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n >= 0 ? n
        : value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) && d == decimal.Truncate(d) && d >= 0
            ? (int)Math.Min(d, int.MaxValue)
        : throw Bad(at, "must be a non-negative integer");

    private static int? Max(int? a, int b) => a is null ? b : Math.Max(a.Value, b);
    private static int? Min(int? a, int b) => a is null ? b : Math.Min(a.Value, b);

    /// <summary>A value as repr text: strings bare, everything else as its JSON text.</summary>
    public static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        // Objects and arrays (enum/const literals) as compact JSON: one line, whatever the schema's layout.
        JsonValueKind.Object or JsonValueKind.Array => JsonSerializer.Serialize(value),
        _ => value.GetRawText(),
    };

    private static SchemaReadException Bad(string at, string what) =>
        new($"The keyword at '{JsonSchemaDocument.Show(at)}' {what}.");
}

/// <summary>One <c>if</c>/<c>then</c>/<c>else</c>, or a schema dependency (<see cref="PresentProperty"/> is its condition: that
/// property is present, and <see cref="If"/> is null). <see cref="Key"/> is where it was read, which marks it made.</summary>
internal readonly record struct JsonConditional(SchemaPart? If, string? PresentProperty, SchemaPart? Then, SchemaPart? Else, string Key);
