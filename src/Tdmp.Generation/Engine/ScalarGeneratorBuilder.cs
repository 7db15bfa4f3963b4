using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tdmp.Generation.Constraints;
using Tdmp.Generation.Regexes;
using Tdmp.Generation.Schema;
using Tdmp.Generation.Values;

namespace Tdmp.Generation.Engine;

/// <summary>
/// The schema's own ways to make a scalar, in the order <see cref="ScalarGeneratorBuilder"/> tries them: the first
/// that gives a generator wins. A rule kind that makes the values itself (<see cref="RuleKind.Source"/>) names the
/// step it is tried before, so the precedence between rules and the schema is data of the kind's entry.
/// </summary>
internal enum ScalarStep
{
    /// <summary>The schema's fixed or const value.</summary>
    Constant,
    /// <summary>A pick from the schema's enum (an empty enum is refused here).</summary>
    Enum,
    /// <summary>An XSD list or union of other simple types.</summary>
    Composite,
    /// <summary>From the type: dates and times, booleans, numbers, binary, text; narrowed by the rule's <see cref="ScalarShape"/>.</summary>
    Typed,
}

/// <summary>A rule kind's own generator, tried just before the schema's step <paramref name="Before"/>; null leaves the
/// field to the later steps. <paramref name="Domain"/>: how many distinct values it makes, for the checks of
/// <c>unique</c> (<see cref="ValueDomain"/>); null where the build would leave the field to later steps too.</summary>
internal sealed record ScalarSource(ScalarStep Before, Func<ScalarGeneratorBuilder, ConstraintRule, ValueGenerator?> Build,
    Func<ConstraintRule, (System.Numerics.BigInteger Size, string Reason)?> Domain);

/// <summary>
/// What a rule asks of the values the typed step makes (<see cref="ScalarStep.Typed"/>): each kind that narrows values
/// sets its part (<see cref="RuleKind.Shape"/>), and the typed step reads the shape, never the rule's keys.
/// </summary>
internal sealed class ScalarShape
{
    /// <summary>Bounds the rule states (a number, a date as JSON): they replace the usual range of the field's name or the
    /// default date window; the schema's bounds still hold.</summary>
    public JsonElement? Min { get; set; }
    public JsonElement? Max { get; set; }
    /// <summary>Text lengths, intersected with the schema's.</summary>
    public int MinLength { get; set; }
    public int MaxLength { get; set; } = int.MaxValue;
    /// <summary>ECMA-262 patterns the text must match, before the schema's own: the first pattern makes the text.</summary>
    public List<string> Patterns { get; } = [];
    public ValueDistribution? Distribution { get; set; }
    /// <summary>A semantic generator by name (<see cref="KnownGenerators"/>): realistic text instead of the guess by name.</summary>
    public string? Semantic { get; set; }
    /// <summary>The values must not repeat: a bound the schema leaves open is far away, not the name's usual range.</summary>
    public bool NeedsRoom { get; set; }

    /// <summary>The shape the rule's kinds give, each kind as its entry says.</summary>
    public static ScalarShape Of(ConstraintRule rule, IReadOnlyList<RuleKind> kinds)
    {
        var shape = new ScalarShape();
        foreach (var kind in kinds)
            if (kind.Shape is { } narrow && kind.IsSet(rule)) narrow(rule, shape);
        return shape;
    }
}

/// <summary>
/// Picks and builds the value generator of one scalar node from its facets, narrowed by a rule: the schema's steps
/// (<see cref="ScalarStep"/>) in order, each preceded by the rule kinds whose own generator goes before it (values
/// before the enum, a sequence after it), and realistic defaults by name and format. What a rule kind does here is in
/// its entry of <see cref="RuleKinds.All"/> (<see cref="RuleKind.Source"/>, <see cref="RuleKind.Shape"/>); this class
/// reads no key of a rule. <paramref name="kinds"/> is the table, replaceable only by tests.
/// </summary>
internal sealed class ScalarGeneratorBuilder(SchemaRepr repr, SchemaNode s, string path, DateOnly referenceDate,
    IReadOnlyList<RuleKind>? kinds = null)
{
    private readonly bool _xsd = repr.Language == SchemaLanguage.Xsd;
    private readonly IReadOnlyList<RuleKind> _kinds = kinds ?? RuleKinds.All;

    /// <summary>The node the generator is for.</summary>
    public SchemaNode Node => s;
    /// <summary>The plan path, for refusals.</summary>
    public string Path => path;
    /// <summary>The language the schema's own patterns are written in.</summary>
    public RegexDialect Dialect => _xsd ? RegexDialect.Xsd : RegexDialect.Ecma262;
    /// <summary>Whether the node holds dates, times or durations.</summary>
    public bool IsTemporal => TemporalKindOf() is not null;

    public ValueGenerator Build(ConstraintRule? rule)
    {
        try
        {
            var generator = BuildCore(rule);
            return s.NotValues is null && s.NotPatterns is null ? generator : Excluding(generator);
        }
        catch (UnsupportedPatternException e)
        {
            throw new UnsatisfiableSchemaException(path, $"pattern cannot be generated: {e.Message}");
        }
        catch (ArgumentException e) when (e is not ArgumentNullException)
        {
            throw new UnsatisfiableSchemaException(path, e.Message);
        }
    }

    /// <summary>JSON <c>not</c> of values or patterns: the value is redrawn while it is excluded.</summary>
    private ExcludingValueGenerator Excluding(ValueGenerator generator) =>
        new(generator, [.. (s.NotValues ?? []).Where(v => v is not null).Select(v => v!)],
            [.. (s.NotPatterns ?? []).Select(p => SafeRegex.Validator(p, RegexDialect.Ecma262))]);

    /// <summary>Numbers and booleans are JSON numbers and booleans, for XSD-derived JSON too.</summary>
    public ValueJsonType ValueType => s.Kind is NodeKind.Integer or NodeKind.Number or NodeKind.Boolean ? ValueJsonType.Raw : ValueJsonType.String;

    private ValueGenerator BuildCore(ConstraintRule? rule)
    {
        // Without a rule the engine's own guesses apply in full (a line number inside an array counts its position).
        var shape = rule is null ? null : ScalarShape.Of(rule, _kinds);
        foreach (var step in Enum.GetValues<ScalarStep>())
        {
            if (rule is not null)
                foreach (var kind in _kinds)
                    if (kind.Source is { } source && source.Before == step && kind.IsSet(rule) && source.Build(this, rule) is { } ruled)
                        return ruled;
            if (Own(step, shape) is { } own) return own;
        }
        throw new InvalidOperationException("the typed step always makes a generator");
    }

    private ValueGenerator? Own(ScalarStep step, ScalarShape? shape) => step switch
    {
        // The node's kind says the JSON type where it has one: "const": "2.0" of a string is a string, not a number.
        ScalarStep.Constant => s.Fixed is { } fixedValue ? new ConstantValueGenerator(fixedValue, ValueType)
            : s.Const is { } constValue
                ? new ConstantValueGenerator(constValue, s.Kind == NodeKind.Any ? TypeOfLiteral(constValue) : ValueType) : null,
        ScalarStep.Enum => FromEnum(),
        ScalarStep.Composite => Composite(),
        _ => Typed(shape),
    };

    private ValueGenerator? FromEnum()
    {
        if (s.Enum is { Count: > 0 } enumValues)
        {
            var texts = enumValues.Where(v => v is not null).Select(v => v!).ToList();
            if (texts.Count == 0) throw new UnsatisfiableSchemaException(path, "the enum holds only null");
            if (Normalize(s.Name).EndsWith("currency") || Normalize(s.Name) is "currencycode" or "curr")
                if (texts.All(t => t.Length == 3 && t.All(char.IsAsciiLetterUpper))) return new RecordCurrencyValueGenerator([.. texts]);
            var type = s.Kind == NodeKind.Any ? (texts.All(t => TypeOfLiteral(t) == ValueJsonType.Raw) ? ValueJsonType.Raw : ValueJsonType.String)
                : ValueType;
            return new PickValueGenerator(texts, null, type);
        }
        if (s.Enum is { Count: 0 }) throw new UnsatisfiableSchemaException(path, "the enum is empty");
        return null;
    }

    private ValueGenerator? Composite()
    {
        if (s.ListItem is { } listItem)
        {
            var item = new ScalarGeneratorBuilder(repr, listItem, path, referenceDate, _kinds).Build(null);
            var min = Math.Max(1, s.MinLength ?? 1);
            var max = Math.Max(min, s.MaxLength ?? min + 3);
            var list = new ListValueGenerator(item, min, Math.Min(max, min + 5));
            if (!_xsd || s.Patterns is not { Count: > 0 } listPatterns) return list;
            // A pattern on a list type matches the whole space-separated text: lists are drawn until one matches.
            var redrawn = new RedrawnValueGenerator(list, [.. listPatterns.Select(p => SafeRegex.Validator(p, RegexDialect.Xsd))]);
            if (!redrawn.CanMake())
                throw new UnsatisfiableSchemaException(path, $"no list of these items is spelled the way the pattern '{listPatterns[0]}' asks");
            return redrawn;
        }
        if (s.UnionMembers is { Count: > 0 } members)
            return new UnionValueGenerator([.. members.Select(m => new ScalarGeneratorBuilder(repr, m, path, referenceDate, _kinds).Build(null))]);
        return null;
    }

    private ValueGenerator Typed(ScalarShape? shape)
    {
        var temporal = TemporalKindOf();
        if (temporal is { } tk) return WithLexicalPattern(BuildTemporal(tk, shape));

        switch (s.Kind)
        {
            case NodeKind.Boolean:
                return WithLexicalPattern(new BooleanValueGenerator(0.5));
            case NodeKind.Integer:
            case NodeKind.Number:
                return WithLexicalPattern(BuildNumber(shape));
            case NodeKind.Binary:
                {
                    var min = s.MinLength ?? 4;
                    var max = Math.Max(min, s.MaxLength ?? Math.Max(min, 16));
                    return new BinaryValueGenerator(min, Math.Min(max, min + 32), s.XsdType == "hexBinary");
                }
            default:
                return BuildString(shape);
        }
    }

    /// <summary>XSD patterns on a non-string base restrict the lexical form of a typed value (JUnit's timestamp is an
    /// <c>xs:dateTime</c> without time zone): the typed value is kept in the value space and spelled to match.</summary>
    private ValueGenerator WithLexicalPattern(ValueGenerator typed)
    {
        if (!_xsd || s.Patterns is not { Count: > 0 } patterns || s.XsdType is null) return typed;
        var builtIn = System.Xml.Schema.XmlSchemaType.GetBuiltInSimpleType(
            new System.Xml.XmlQualifiedName(s.XsdType, Schema.Xsd.XsdBuiltInTypes.Namespace));
        if (builtIn is null) return typed;
        var validators = patterns.Select(p => SafeRegex.Validator(p, RegexDialect.Xsd)).ToArray();
        var fromPattern = new RegexStringGenerator(patterns[0], RegexDialect.Xsd, s.MinLength ?? 0, s.MaxLength ?? int.MaxValue, validators[1..]);
        if (!fromPattern.Satisfiable) throw new UnsatisfiableSchemaException(path, $"pattern '{patterns[0]}' cannot make any text");
        var min = s.Minimum is { } lo && !s.ExclusiveMinimum ? lo : (decimal?)null;
        var max = s.Maximum is { } hi && !s.ExclusiveMaximum ? hi : (decimal?)null;
        var generator = new PatternedTypedValueGenerator(typed, validators, fromPattern, builtIn.TypeCode, min, max);
        if (!generator.CanMake())
            throw new UnsatisfiableSchemaException(path,
                $"no {s.XsdType} value is spelled the way the pattern '{string.Join("' and '", patterns)}' asks");
        return generator;
    }

    private static ValueJsonType TypeOfLiteral(string text) =>
        text is "true" or "false" or "null" || text.StartsWith('{') || text.StartsWith('[')
            || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && text.Length > 0
            && (char.IsDigit(text[0]) || text[0] == '-')
            ? ValueJsonType.Raw : ValueJsonType.String;

    // ---- strings ----

    private ValueGenerator BuildString(ScalarShape? shape)
    {
        var minLength = Math.Max(s.MinLength ?? 0, shape?.MinLength ?? 0);
        var maxLength = Math.Min(s.MaxLength ?? int.MaxValue, shape?.MaxLength ?? int.MaxValue);
        if (minLength > maxLength) throw new UnsatisfiableSchemaException(path, $"min length {minLength} is above max length {maxLength}");

        var patterns = new List<(string Pattern, RegexDialect Dialect)>();
        foreach (var p in shape?.Patterns ?? []) patterns.Add((p, RegexDialect.Ecma262));
        if (s.Patterns is { } sp) foreach (var p in sp) patterns.Add((p, Dialect));
        // A pattern facet narrows its XSD type's lexical space, it does not replace it: XSLT's QName, a Name restricted to
        // "([^:]+:)?[^:]+", admits no space, which the pattern alone allows.
        var typeSpace = XsdLexicalPattern();
        var lexicalSpace = patterns.Count > 0 ? typeSpace : null;
        if (lexicalSpace is not null) patterns.Add((lexicalSpace, RegexDialect.Xsd));
        // A JSON pointer is made in its shape (ajv checks the format; a word is not one), where the lengths leave room.
        if (patterns.Count == 0 && s.Format is "json-pointer" or "relative-json-pointer"
            && Schema.Json.JsonReprBuilder.PatternOfFormat(s.Format) is { } pointer
            && new RegexStringGenerator(pointer, RegexDialect.Ecma262, minLength, maxLength, []).Satisfiable)
            patterns.Add((pointer, RegexDialect.Ecma262));

        Regex[] Validators(int skip) => [.. patterns.Where((_, i) => i != skip).Select(p => SafeRegex.Validator(p.Pattern, p.Dialect))];

        ValueGenerator FromPatterns()
        {
            var regex = new RegexStringGenerator(patterns[0].Pattern, patterns[0].Dialect, minLength, maxLength, Validators(0));
            if (!regex.Satisfiable)
                throw new UnsatisfiableSchemaException(path,
                    $"pattern '{patterns[0].Pattern}' cannot make a string of length {minLength}..{(maxLength == int.MaxValue ? "∞" : maxLength)}");
            if (patterns.Count == 1) return regex;
            try
            {
                return PatternPairGenerator.Around(regex, patterns, minLength, maxLength, Validators(-1));
            }
            catch (UnsupportedPatternException)
            {
                // The draws of each pattern met none of the others'. Regular patterns are intersected exactly instead.
                var exact = PatternIntersectionGenerator.TryBuild(patterns, minLength, maxLength);
                if (exact is null) throw;
                return exact.Satisfiable ? exact : throw new UnsupportedPatternException(
                    $"no string of length {minLength}..{(maxLength == int.MaxValue ? "∞" : maxLength)} was found that matches every pattern of the field "
                    + $"({string.Join(", ", patterns.Select(p => $"'{p.Pattern}'"))})");
            }
        }

        ValueGenerator fallback;
        if (patterns.Count > 0)
        {
            try
            {
                fallback = FromPatterns();
            }
            catch (UnsupportedPatternException) when (lexicalSpace is not null)
            {
                // No value of the type's ASCII name space matches the pattern (one asking for letters outside ASCII): the
                // pattern alone decides, as without a type.
                patterns.RemoveAt(patterns.Count - 1);
                fallback = FromPatterns();
            }
        }
        else fallback = BuildXsdStringType(minLength, maxLength) ?? (ValueGenerator?)BuildByNamePattern(minLength, maxLength)
            ?? new TextValueGenerator(minLength, maxLength == int.MaxValue ? Math.Max(minLength, 40) : maxLength, TypicalLength());

        if (s.XsdType is "ID" && XmlIdValueGenerator.For(XmlSafePrefix(s.Name), Validators(-1)) is { } id) return id;

        SemanticValueGenerator? semantic = null;
        if (shape?.Semantic is { } name)
        {
            if (!SemanticValueGenerator.Names.TryGetValue(name, out var kind))
                throw new UnsatisfiableSchemaException(path, $"unknown generator '{name}'");
            semantic = new SemanticValueGenerator(kind);
        }
        else if (GuessSemantic() is { } guessed) semantic = new SemanticValueGenerator(guessed);

        if (semantic is null) return fallback;
        // Realistic text must still be in the XSD type's lexical space (an NMTOKEN attribute called "name").
        var lexical = patterns.Count == 0 && typeSpace is not null ? SafeRegex.Validator(typeSpace, RegexDialect.Xsd) : null;
        var needsCheck = patterns.Count > 0 || minLength > 0 || maxLength < 200 || lexical is not null;
        return needsCheck
            ? new CheckedValueGenerator(semantic, fallback, minLength, maxLength, lexical is null ? Validators(-1) : [.. Validators(-1), lexical])
            : semantic;
    }

    /// <summary>What values of an XSD string-derived type with a lexical space of its own look like.</summary>
    private string? XsdTypePattern() => !_xsd ? null : s.XsdType switch
    {
        "NCName" or "ID" or "IDREF" or "IDREFS" or "ENTITY" or "ENTITIES" or "Name" or "QName" => "[a-z][a-z0-9]{2,10}",
        "NMTOKEN" or "NMTOKENS" => "[a-z0-9]{3,10}",
        "language" => "(en|de|fr|es|it)(-(US|GB|DE|AT|CH))?",
        "anyURI" => "https://www\\.example\\.(com|org|net)/[a-z]{3,10}",
        _ => null,
    };

    /// <summary>The lexical space of such a type, which other text must be checked against (the anyURI space is wide enough for realistic
    /// text).</summary>
    private string? XsdLexicalPattern() => !_xsd ? null : s.XsdType switch
    {
        // ASCII subsets of the XML name classes: stricter than the type, so what passes is always valid.
        "NCName" or "ID" or "IDREF" or "ENTITY" => "[A-Za-z_][A-Za-z0-9._\\-]*",
        "Name" => "[A-Za-z_:][A-Za-z0-9._:\\-]*",
        // No prefix but xsi, which every document declares on its root: another would be undeclared (OSGi Blueprint's
        // QName scope, whose pattern ".+:.+" asks for one, gets xsi:...).
        "QName" => "(xsi:)?[A-Za-z_][A-Za-z0-9._\\-]*",
        "NMTOKEN" => "[A-Za-z0-9._:\\-]+",
        "language" => "[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*",
        "anyURI" => AnyUriLexicalPattern,
        _ => null,
    };

    /// <summary>URIs that xmllint's URI parser accepts (RFC 3986, in ASCII): a scheme with an optional authority, or a
    /// relative reference whose first segment has no colon; then a query and a fragment. No '%' (an escape needs two hex
    /// digits), no '[' or ']', one '#' at most: text under a pattern alone, such as ONIX's <c>\S+</c>, is often no URI
    /// ("yz)%e").</summary>
    private const string AnyUriLexicalPattern =
        @"([A-Za-z][A-Za-z0-9+.\-]*:(//[A-Za-z0-9\-._~]*(:[0-9]+)?(/" + UriPathChar + "*)*|/?(" + UriPathChar + "+(/" + UriPathChar + "*)*)?)"
        + @"|(/?[A-Za-z0-9\-._~!$&'()*+,;=@]+(/" + UriPathChar + "*)*)?)"
        + @"(\?[A-Za-z0-9\-._~!$&'()*+,;=:@/?]*)?(#[A-Za-z0-9\-._~!$&'()*+,;=:@/?]*)?";

    private const string UriPathChar = @"[A-Za-z0-9\-._~!$&'()*+,;=:@]";

    private int TypicalLength()
    {
        var n = Normalize(s.Name);
        if (n.Contains("description") || n.Contains("note") || n.Contains("comment") || n.Contains("blurb") || n.Contains("text")) return 60;
        return 20;
    }

    /// <summary>Lexical spaces of XSD string-derived types that free text would not meet.</summary>
    private RegexStringGenerator? BuildXsdStringType(int minLength, int maxLength)
    {
        var pattern = XsdTypePattern();
        if (pattern is null) return null;
        var g = new RegexStringGenerator(pattern, RegexDialect.Xsd, minLength, maxLength, []);
        return g.Satisfiable ? g : null;
    }

    /// <summary>Codes that look like codes when the schema gives no pattern (an SKU, a batch id, a reference).</summary>
    private RegexStringGenerator? BuildByNamePattern(int minLength, int maxLength)
    {
        string? pattern = Normalize(s.Name) switch
        {
            "sku" or "productcode" or "articlenumber" => "[A-Z]{2}-[0-9]{6}",
            "batchid" => "B[0-9]{4}-[0-9]{6}",
            "reference" or "ref" or "paymentreference" => "REF-[0-9]{8}",
            "isbn" => "978-[0-9]-[0-9]{4}-[0-9]{4}-[0-9]",
            "vatid" or "taxid" => "DE[0-9]{9}",
            _ => PlanCompiler.IsIdentifierName(s.Name) ? IdentifierPattern(s.Name) : null,
        };
        if (pattern is null) return null;
        var g = new RegexStringGenerator(pattern, RegexDialect.Xsd, minLength, maxLength, []);
        return g.Satisfiable ? g : null;
    }

    /// <summary>An identifier without a pattern: a prefix from its name and eight digits (<c>order_id</c> → <c>ORD-40281736</c>).</summary>
    private static string IdentifierPattern(string name)
    {
        var letters = new string([.. name.Where(char.IsAsciiLetter).Take(3).Select(char.ToUpperInvariant)]);
        return letters.Length == 0 ? "[0-9]{10}" : letters + "-[0-9]{8}";
    }

    private SemanticKind? GuessSemantic()
    {
        switch (s.Format)
        {
            case "email" or "idn-email": return SemanticKind.Email;
            case "uuid": return SemanticKind.Uuid;
            // "url": ajv-formats checks it; a URL is a URI template without expressions.
            case "uri" or "url" or "iri" or "uri-reference" or "iri-reference" or "uri-template": return SemanticKind.Url;
            case "hostname" or "idn-hostname": return SemanticKind.Hostname;
            case "ipv4": return SemanticKind.Ipv4;
            case "ipv6": return SemanticKind.Ipv6;
        }
        if (s.XsdType is "anyURI") return SemanticKind.Url;
        var n = Normalize(s.Name);
        var parent = ParentName();
        return n switch
        {
            "firstname" or "givenname" or "given" or "forename" or "firstnames" => SemanticKind.FirstName,
            "lastname" or "familyname" or "family" or "surname" => SemanticKind.LastName,
            "preferred" or "preferredname" or "nickname" => SemanticKind.FirstName,
            "fullname" or "displayname" or "contactname" or "author" => SemanticKind.FullName,
            "name" => parent.Contains("company") || parent.Contains("org") || parent.Contains("issuer") || parent.Contains("vendor")
                || parent.Contains("supplier") || parent.Contains("party")
                ? SemanticKind.Company : SemanticKind.FullName,
            "email" or "mail" or "emailaddress" or "workemail" or "privateemail" or "contactemail" => SemanticKind.Email,
            "phone" or "mobile" or "telephone" or "tel" or "phonenumber" or "fax" or "mobilephone" => SemanticKind.Phone,
            "street" or "line1" or "addressline1" or "address1" or "streetaddress" or "addressline" => SemanticKind.Street,
            "city" or "town" or "site" or "locality" => SemanticKind.City,
            "postalcode" or "zip" or "zipcode" or "postcode" or "plz" => SemanticKind.PostalCode,
            "country" or "countrycode" or "nationality" => SemanticKind.CountryCode,
            "company" or "companyname" or "organization" or "organisation" or "employer" => SemanticKind.Company,
            "iban" => SemanticKind.Iban,
            "vatid" or "vatnumber" or "vatno" or "taxid" or "ustid" or "ustidnr" => SemanticKind.VatId,
            "isbn" or "isbn13" => SemanticKind.Isbn,
            "ean" or "ean13" or "gtin" or "gtin13" or "barcode" => SemanticKind.Ean,
            "cardnumber" or "creditcard" or "creditcardnumber" or "ccnumber" or "pan" => SemanticKind.CardNumber,
            "uuid" or "guid" => SemanticKind.Uuid,
            "url" or "website" or "homepage" or "uri" or "link" => SemanticKind.Url,
            "ip" or "ipaddress" or "ipv4" => SemanticKind.Ipv4,
            "description" or "notes" or "note" or "comment" or "comments" or "remarks" or "summary" or "message" or "blurb" or "em"
                => SemanticKind.Sentence,
            "title" or "heading" or "subject" => SemanticKind.Title,
            "username" or "login" or "userid" => SemanticKind.Username,
            "currency" or "currencycode" => SemanticKind.CurrencyCode,
            "tag" or "tags" or "keyword" or "keywords" or "category" => SemanticKind.Word,
            _ => n.EndsWith("email") ? SemanticKind.Email : n.EndsWith("uuid") || n.EndsWith("guid") ? SemanticKind.Uuid : null,
        };
    }

    private string ParentName()
    {
        var p = s.Path;
        var cut = p.LastIndexOf('.');
        if (cut <= 0) return "";
        var parentPath = p[..cut].Replace("[]", "");
        var dot = parentPath.LastIndexOf('.');
        return Normalize(dot >= 0 ? parentPath[(dot + 1)..] : parentPath);
    }

    internal static string Normalize(string name)
    {
        Span<char> buf = stackalloc char[name.Length];
        var n = 0;
        foreach (var c in name)
            if (char.IsLetterOrDigit(c)) buf[n++] = char.ToLowerInvariant(c);
        return new string(buf[..n]);
    }

    private static string XmlSafePrefix(string name)
    {
        var chars = name.Where(c => char.IsAsciiLetterOrDigit(c)).ToArray();
        var prefix = new string(chars).ToLowerInvariant();
        if (prefix.Length == 0 || !char.IsAsciiLetter(prefix[0])) prefix = "id" + prefix;
        return prefix;
    }

    // ---- numbers ----

    private ValueGenerator BuildNumber(ScalarShape? shape)
    {
        var integer = s.Kind == NodeKind.Integer || IsXsdIntegerType(s.XsdType);
        var multipleOf = s.MultipleOf;
        var scale = integer ? 0 : s.FractionDigits ?? Math.Max(2, multipleOf is { } m0 ? DecimalPlaces(m0) : 0);
        if (multipleOf is { } m1 && !integer) scale = Math.Max(scale, DecimalPlaces(m1));
        if (s.FractionDigits is { } fd && !integer) scale = Math.Min(scale, fd);
        scale = Math.Min(scale, 9);
        var pow = NumberValueGenerator.Pow10(scale);

        var (typeLo, typeHi) = XsdIntegerRange(s.XsdType);
        decimal? lo = Max(s.Minimum, typeLo), hi = Min(s.Maximum, typeHi);
        var loExclusive = s.ExclusiveMinimum && s.Minimum is not null && lo == s.Minimum;
        var hiExclusive = s.ExclusiveMaximum && s.Maximum is not null && hi == s.Maximum;
        if (s.TotalDigits is { } td)
        {
            var limit = (decimal)NumberValueGenerator.Pow10(Math.Min(td, 18)) - 1;
            // With scale digits after the point, n / 10^scale has at most td digits when |n| < 10^td.
            var bound = limit / pow;
            hi = Min(hi, bound);
            lo = Max(lo, -bound);
        }
        // A rule's range replaces the usual range of the field's name; the schema's bounds still hold.
        if (shape?.Min is { } rmin && TryDecimal(rmin, out var rl) && (lo is null || rl > lo)) { lo = rl; loExclusive = false; }
        if (shape?.Max is { } rmax && TryDecimal(rmax, out var rh) && (hi is null || rh < hi)) { hi = rh; hiExclusive = false; }
        var ruleRange = shape?.Min is not null || shape?.Max is not null;
        var needsRoom = shape?.NeedsRoom == true || s.UniqueInDocument;
        var (defLo, defHi) = DefaultNumberRange(integer);
        if (needsRoom)
        {
            // Unique values need room: an unstated bound is far away, not the name's usual range.
            defLo = Math.Min(defLo, 1);
            defHi = Math.Max(defHi, 1_000_000_000_000m);
        }
        if (lo is null && hi is null) { lo = defLo; hi = defHi; }
        else if (hi is null)
        {
            hi = lo!.Value < defHi ? Math.Max(defHi, lo.Value + 1) : lo.Value + (defHi - defLo);
            // Only a lower bound (positiveInteger pages, minimum 1): realistic values start where the name's usual range does.
            if (!ruleRange && !needsRoom && HasRealisticRange() && lo.Value < defLo)
                { lo = defLo; loExclusive = false; }
        }
        else if (lo is null) lo = hi.Value > defLo ? Math.Min(defLo, hi.Value - 1) : hi.Value - (defHi - defLo);
        else if (!ruleRange && !needsRoom && HasRealisticRange()
            && Math.Max(lo.Value, defLo) + (multipleOf ?? 0) < Math.Min(hi.Value, defHi))
        {
            // Wide schema bounds (a price up to a million, a quantity up to 500): realistic values sit in
            // the name's usual range, still inside the schema's bounds.
            if (defLo > lo.Value) { lo = defLo; loExclusive = false; }
            if (defHi < hi.Value) { hi = defHi; hiExclusive = false; }
        }


        const decimal Cap = 1_000_000_000_000_000m;
        var scaledLo = Math.Max(-Cap, lo!.Value * pow);
        var scaledHi = Math.Min(Cap, hi!.Value * pow);
        var nLo = (long)decimal.Ceiling(scaledLo);
        if (loExclusive && nLo == scaledLo) nLo++;
        var nHi = (long)decimal.Floor(scaledHi);
        if (hiExclusive && nHi == scaledHi) nHi--;

        long unit = 1;
        double? floatMultipleOf = null;
        if (multipleOf is { } mult && mult > 0)
        {
            var u = mult * pow;
            if (u != decimal.Truncate(u)) throw new UnsatisfiableSchemaException(path, $"multipleOf {mult} needs more than {scale} fraction digits");
            unit = (long)u;
            if (!_xsd && mult != decimal.Truncate(mult)) floatMultipleOf = (double)mult;
        }
        var first = CeilDiv(nLo, unit) * unit;
        if (first > nHi)
            throw new UnsatisfiableSchemaException(path,
                $"no {(integer ? "integer" : "number")} between {lo} and {hi}{(multipleOf is { } mm ? $" that is a multiple of {mm}" : "")}");
        var number = new NumberValueGenerator(nLo, nHi, unit, scale, shape?.Distribution, floatMultipleOf, ValueType);
        var name = Normalize(s.Name);
        return shape is null && integer && unit == 1 && path.Contains("[]", StringComparison.Ordinal)
            && name is "lineno" or "linenumber" or "position" or "pos" or "line" or "number" or "no" or "seq"
            ? new PositionValueGenerator(number) : number;
    }

    private bool HasRealisticRange()
    {
        var n = Normalize(s.Name);
        return n.Contains("year") || NameWords(s.Name).Contains("age") || NameWords(s.Name).Contains("edition") || n.Contains("quantity")
            || n.Contains("qty") || n.Contains("count") || n.Contains("salary")
            || ParentName().Contains("salary") || n.Contains("price") || n.Contains("amount") || n.Contains("total") || n.Contains("cost")
            || n.Contains("hours") || n.Contains("pages")
            || n is "lineno" or "linenumber" or "position";
    }

    private static long CeilDiv(long a, long b) => a >= 0 ? (a + b - 1) / b : -((-a) / b);

    private (decimal Lo, decimal Hi) DefaultNumberRange(bool integer)
    {
        var n = Normalize(s.Name);
        // Whole words of the name (customerAge, age_years): "age" inside pages, percentage or mileage is not an age.
        var words = NameWords(s.Name);
        if (ParentName().Contains("salary") || n.Contains("salary")) return (20000, 150000);
        if (n.Contains("pages")) return (40, 900);
        if (words.Contains("edition")) return (1, 12);
        if (words.Contains("years") && !words.Contains("age")) return (0, 40); // years_of_service, experience_years
        if (n.Contains("year")) return (1950, 2030);
        if (words.Contains("age")) return (18, 90);
        if (n.Contains("quantity") || n.Contains("qty") || n.Contains("count")) return (1, 20);
        if (n.Contains("salary")) return (20000, 150000);
        if (n.Contains("price") || n.Contains("amount") || n.Contains("total") || n.Contains("cost")) return (1, 1000);
        if (n.Contains("pct") || n.Contains("percent") || n.Contains("rate")) return (0, 100);
        if (n.Contains("hours")) return (1, 40);
        if (n.Contains("pages")) return (40, 900);
        if (n is "lineno" or "linenumber" or "position" or "pos" or "seq" or "index" or "number" or "no"
            && path.Contains("[]", StringComparison.Ordinal)) return (1, 20);
        if (n.EndsWith("id") || n.EndsWith("number") || n.EndsWith("no")) return (1, 1_000_000);
        return integer ? (0, 10000) : (0, 1000);
    }

    private static readonly Regex WordBoundary = new("(?<=[a-z0-9])(?=[A-Z])|[^A-Za-z0-9]+", RegexOptions.CultureInvariant);

    /// <summary>The lower-case words of a name: camelCase, snake_case, kebab-case and dotted names split.</summary>
    internal static HashSet<string> NameWords(string name) =>
        [.. WordBoundary.Split(name).Where(w => w.Length > 0).Select(w => w.ToLowerInvariant())];

    private static bool IsXsdIntegerType(string? t)
        => t is "integer" or "int" or "long" or "short" or "byte" or "nonNegativeInteger" or "positiveInteger"
        or "negativeInteger" or "nonPositiveInteger" or "unsignedLong" or "unsignedInt" or "unsignedShort" or "unsignedByte";

    private static (decimal? Lo, decimal? Hi) XsdIntegerRange(string? t) => t switch
    {
        "byte" => (sbyte.MinValue, sbyte.MaxValue),
        "short" => (short.MinValue, short.MaxValue),
        "int" => (int.MinValue, int.MaxValue),
        "long" => (long.MinValue, long.MaxValue),
        "unsignedByte" => (0, byte.MaxValue),
        "unsignedShort" => (0, ushort.MaxValue),
        "unsignedInt" => (0, uint.MaxValue),
        "unsignedLong" or "nonNegativeInteger" => (0, null),
        "positiveInteger" => (1, null),
        "negativeInteger" => (null, -1),
        "nonPositiveInteger" => (null, 0),
        _ => (null, null),
    };

    private static decimal? Max(decimal? a, decimal? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
    private static decimal? Min(decimal? a, decimal? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private static int DecimalPlaces(decimal d)
    {
        d = d / 1.000000000000000000000000000000000m;
        return (decimal.GetBits(d)[3] >> 16) & 0xFF;
    }

    private static bool TryDecimal(JsonElement e, out decimal value)
    {
        value = 0;
        return e.ValueKind == JsonValueKind.Number ? e.TryGetDecimal(out value)
            : e.ValueKind == JsonValueKind.String && decimal.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    // ---- dates and times ----

    private TemporalKind? TemporalKindOf()
    {
        switch (s.XsdType)
        {
            case "date": return TemporalKind.Date;
            case "dateTime" or "dateTimeStamp": return TemporalKind.DateTime;
            case "time": return TemporalKind.Time;
            case "gYear": return TemporalKind.GYear;
            case "gYearMonth": return TemporalKind.GYearMonth;
            case "gMonthDay": return TemporalKind.GMonthDay;
            case "gMonth": return TemporalKind.GMonth;
            case "gDay": return TemporalKind.GDay;
            case "duration" or "dayTimeDuration" or "yearMonthDuration": return TemporalKind.Duration;
        }
        switch (s.Format)
        {
            case "date": return TemporalKind.Date;
            case "date-time": return TemporalKind.DateTime;
            case "time": return TemporalKind.Time;
            case "duration": return TemporalKind.Duration;
        }
        return s.Kind switch
        {
            NodeKind.Date => TemporalKind.Date,
            NodeKind.DateTime => TemporalKind.DateTime,
            NodeKind.Time => TemporalKind.Time,
            NodeKind.Duration => TemporalKind.Duration,
            _ => null,
        };
    }

    private TemporalValueGenerator BuildTemporal(TemporalKind kind, ScalarShape? shape)
    {
        var n = Normalize(s.Name);
        var birth = n.Contains("birth") || n.Contains("born") || n == "dob";
        var today = referenceDate.DayNumber;
        var year = referenceDate.Year;
        // Default windows end at the dataset's reference date: eight years of history, and birth dates of people who
        // are adults on every day of it (26 to 80 years old), so nobody orders or is hired before 18.
        var (lo, hi) = kind switch
        {
            TemporalKind.Date => birth
                ? (referenceDate.AddYears(-80).DayNumber, referenceDate.AddYears(-26).DayNumber)
                : (referenceDate.AddYears(-8).DayNumber, today),
            TemporalKind.DateTime => (referenceDate.AddYears(-8).DayNumber * 86400L, today * 86400L + 86399),
            TemporalKind.Time => (0L, 86399L),
            TemporalKind.GYear => birth ? (year - 80L, year - 26L) : (year - 70L, year),
            TemporalKind.GYearMonth => ((year - 25L) * 12, year * 12L + referenceDate.Month - 1),
            TemporalKind.GMonthDay => (0L, 365L),
            TemporalKind.GMonth => (1L, 12L),
            TemporalKind.GDay => (1L, 28L),
            _ => (1L, 24L * 90),
        };
        var (calendarLo, calendarHi) = kind switch
        {
            TemporalKind.Date => ((long)DateOnly.MinValue.DayNumber + 366, (long)DateOnly.MaxValue.DayNumber),
            TemporalKind.DateTime => (((long)DateOnly.MinValue.DayNumber + 366) * 86400, DateOnly.MaxValue.DayNumber * 86400L + 86399),
            TemporalKind.GYear => (1L, 9999L),
            TemporalKind.GYearMonth => (12L, 9999L * 12 + 11),
            _ => (lo, hi),
        };
        // Bounds the schema states (XSD min/maxInclusive/Exclusive on dates): hard limits nothing may cross.
        long? min = s.MinValue is { } minText && TemporalValueGenerator.TryParse(kind, minText, out var sl) ? (s.ExclusiveMinimum ? sl + 1 : sl)
            : null;
        long? max = s.MaxValue is { } maxText && TemporalValueGenerator.TryParse(kind, maxText, out var sh) ? (s.ExclusiveMaximum ? sh - 1 : sh)
            : null;
        var hardLo = Math.Max(calendarLo, min ?? calendarLo);
        var hardHi = Math.Min(calendarHi, max ?? calendarHi);
        if (hardLo > hardHi) throw new UnsatisfiableSchemaException(path, "the schema's date range holds no value");
        var span = hi - lo;
        // The default window is kept where it fits inside the schema's bounds, otherwise moved to the stated end.
        lo = Math.Max(lo, hardLo);
        hi = Math.Min(hi, hardHi);
        if (lo > hi)
        {
            if (min is not null && max is not null) (lo, hi) = (hardLo, hardHi);
            else if (min is not null) (lo, hi) = (hardLo, Math.Min(hardHi, hardLo + span));
            else (lo, hi) = (Math.Max(hardLo, hardHi - span), hardHi);
        }
        // A rule's range replaces the default window (never intersected with it); the schema's bounds still hold.
        long? ruleLo = shape?.Min is { } rmin && TemporalValueGenerator.TryParse(kind, Text(rmin), out var rl) ? rl : null;
        long? ruleHi = shape?.Max is { } rmax && TemporalValueGenerator.TryParse(kind, Text(rmax), out var rh) ? rh : null;
        if (ruleLo is not null || ruleHi is not null)
        {
            if (ruleLo is { } a && ruleHi is { } b) (lo, hi) = (a, b);
            else if (ruleLo is { } a2) (lo, hi) = (a2, hi >= a2 ? hi : a2 + span);
            else if (ruleHi is { } b2) (lo, hi) = (lo <= b2 ? lo : b2 - span, b2);
            lo = Math.Max(lo, hardLo);
            hi = Math.Min(hi, hardHi);
            if (lo > hi) throw new UnsatisfiableSchemaException(path, "the rule's date range lies outside the schema's bounds");
            // What the rule states is a hard limit too, also for after/before.
            if (ruleLo is not null) hardLo = lo;
            if (ruleHi is not null) hardHi = hi;
        }
        return new TemporalValueGenerator(kind, lo, hi, shape?.Distribution, zone: !_xsd || kind is TemporalKind.DateTime, hardLo, hardHi);
    }

    private static string Text(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString() ?? "" : e.GetRawText();
}
