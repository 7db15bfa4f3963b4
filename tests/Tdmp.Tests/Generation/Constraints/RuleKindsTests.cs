using System.Reflection;
using System.Reflection.Emit;
using System.Text;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Tdmp.Generation;
using Tdmp.Generation.Constraints;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Schema;
using Tdmp.Generation.Values;

namespace Tdmp.Tests.Generation.Constraints;

/// <summary>
/// The guard of "a new rule kind is one edit" (GENERATION.md, "Adding a rule kind"): every key a rule can carry is
/// described by exactly one entry of <see cref="RuleKinds.All"/>, which says when it is set, merges it, checks it and
/// is documented, and that the scalar generator builder takes what a kind does to values from that entry alone. A key
/// added to <see cref="ConstraintRule"/> without its description fails here.
/// </summary>
public class RuleKindsTests
{
    /// <summary>Every key of a rule but <c>field</c>, as the API spells it, with its property.</summary>
    private static readonly (string Key, PropertyInfo Property)[] RuleKeys =
    [
        .. typeof(ConstraintRule).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name != nameof(ConstraintRule.Field))
            .Select(p => (p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name), p)),
    ];

    private static JsonElement J(string json) => JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>Two different values of a key's type; a key of a new type needs its samples here.</summary>
    private static (object First, object Second) Samples(PropertyInfo property)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (type == typeof(JsonElement)) return (J("1"), J("2"));
        if (type == typeof(int)) return (1, 2);
        if (type == typeof(double)) return (0.1, 0.2);
        if (type == typeof(bool)) return (true, false);
        if (type == typeof(string)) return ("a", "b");
        if (type == typeof(List<JsonElement>)) return (new List<JsonElement> { J("1") }, new List<JsonElement> { J("2") });
        if (type == typeof(List<double>)) return (new List<double> { 1 }, new List<double> { 2 });
        if (type == typeof(Distribution)) return (new Distribution { Kind = "normal" }, new Distribution { Kind = "uniform" });
        if (type == typeof(SequenceRule)) return (new SequenceRule { Start = 1 }, new SequenceRule { Start = 2 });
        if (type == typeof(ItemsRule)) return (new ItemsRule { Min = 1 }, new ItemsRule { Min = 2 });
        if (type == typeof(WhenRule)) return (new WhenRule { Field = "a" }, new WhenRule { Field = "b" });
        throw new Xunit.Sdk.XunitException($"ConstraintRule.{property.Name} has a type without samples in this test: add two values of {type.Name}.");
    }

    private static ConstraintRule With(ConstraintRule rule, PropertyInfo property, object? value)
    {
        var copy = rule with { };
        property.SetValue(copy, value);
        return copy;
    }

    private static string Json(object? value) => JsonSerializer.Serialize(value, DocumentJson.Options);

    [Fact]
    public void Every_key_of_a_rule_belongs_to_exactly_one_kind()
    {
        foreach (var (key, _) in RuleKeys)
        {
            var owners = RuleKinds.All.Where(k => k.Keys.Contains(key)).Select(k => k.Name).ToList();
            Assert.True(owners.Count == 1,
                $"rule key '{key}' is described by {owners.Count} kinds ({string.Join(", ", owners)}); add it to one entry of RuleKinds.All");
        }
        var stale = RuleKinds.All.SelectMany(k => k.Keys).Except(RuleKeys.Select(k => k.Key)).ToList();
        Assert.True(stale.Count == 0, $"RuleKinds.All names keys a rule does not have: {string.Join(", ", stale)}");
    }

    [Fact]
    public void Each_kind_is_set_by_its_main_key_and_only_by_its_own_keys()
    {
        var empty = new ConstraintRule { Field = "x" };
        foreach (var kind in RuleKinds.All)
        {
            Assert.False(kind.IsSet(empty), $"{kind.Name} counts as set on a rule without keys");
            var main = RuleKeys.Single(k => k.Key == kind.Keys[0]).Property;
            Assert.True(kind.IsSet(With(empty, main, Samples(main).First)), $"{kind.Name} is not set by its key '{kind.Keys[0]}'");
            foreach (var (key, property) in RuleKeys.Where(k => !kind.Keys.Contains(k.Key)))
                Assert.False(kind.IsSet(With(empty, property, Samples(property).First)),
                    $"{kind.Name} counts as set by '{key}', a key of another kind");
        }
    }

    [Fact]
    public void Merging_takes_every_key_from_the_later_rule_where_it_is_set()
    {
        var first = new ConstraintRule { Field = "x" };
        var second = new ConstraintRule { Field = "x" };
        foreach (var (_, property) in RuleKeys)
        {
            var (a, b) = Samples(property);
            first = With(first, property, a);
            second = With(second, property, b);
        }
        var empty = new ConstraintRule { Field = "x" };
        foreach (var (key, property) in RuleKeys)
        {
            Assert.True(Json(property.GetValue(second)) == Json(property.GetValue(RuleKinds.Merge(first, second))),
                $"merging does not take '{key}' from the later rule");
            Assert.True(Json(property.GetValue(first)) == Json(property.GetValue(RuleKinds.Merge(first, empty))),
                $"merging loses '{key}' when the later rule leaves it out");
        }
    }

    [Fact]
    public void Every_kind_is_checked_against_the_field_it_narrows()
    {
        Assert.All(RuleKinds.All, kind => Assert.True(kind.CheckOnNode is not null, $"{kind.Name} has no check against the schema node"));
    }

    [Fact]
    public void Every_key_is_in_the_rule_table_of_the_generation_contract()
    {
        var contract = File.ReadAllText(Path.Combine(SharedSchemas.Directory, "..", "..", "..", "docs", "GENERATION.md"));
        var table = contract[contract.IndexOf("| rule | meaning |", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n\n", StringComparison.Ordinal)];
        var documented = Regex.Matches(table, @"^\| ([^|]+)\|", RegexOptions.Multiline)
            .SelectMany(m => Regex.Matches(m.Groups[1].Value, "`([a-z_]+)`")).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.All(RuleKeys, k => Assert.True(documented.Contains(k.Key), $"'{k.Key}' is not in the rule table of docs/GENERATION.md §2"));
    }

    [Fact]
    public void Value_sources_are_named_in_the_order_the_checker_reports_them()
    {
        var rule = new ConstraintRule { Field = "x", Formula = "1", Reference = "y", Template = "{y}", Generator = "word",
            Sequence = new SequenceRule(), Values = [J("1")] };
        Assert.Equal(["values", "sequence", "generator", "template", "reference", "formula"], RuleKinds.ValueSources(rule));
    }

    [Fact]
    public void Every_kind_that_shapes_values_says_how_in_its_entry()
    {
        foreach (var kind in RuleKinds.All)
        {
            var hooked = kind.Source is not null || kind.Shape is not null;
            if ((kind.Effect & RuleEffect.ShapesValues) != 0)
                Assert.True(hooked, $"{kind.Name} shapes values but its entry has no Source or Shape for the scalar generator builder");
            // The compiler rebuilds a field's generator for these effects only; a hook on another kind would never run.
            if (hooked)
                Assert.True((kind.Effect & (RuleEffect.ShapesValues | RuleEffect.Uniqueness)) != 0,
                    $"{kind.Name} has a Source or Shape but no effect for which the plan compiler builds the field's generator from the rule");
        }
    }

    /// <summary>The builder reads no key of a rule: what a kind does to values is its entry's Source or Shape. Read from
    /// the compiled code (every method of the builder and of the closures and helpers compiled into it), so a new
    /// <c>rule.X</c> there fails whatever it is called.</summary>
    [Fact]
    public void The_scalar_generator_builder_reads_no_key_of_a_rule()
    {
        var readers = RuleKeysReadBy(typeof(ScalarGeneratorBuilder), typeof(ScalarShape));
        Assert.True(readers.Count == 0,
            "the scalar generator builder reads rule keys itself; move that into the kind's Source or Shape in RuleKinds.All: "
            + string.Join("; ", readers));
        // The guard itself: the kinds' hooks do read keys, and are found.
        Assert.Contains(WithNested(typeof(RuleKinds)).SelectMany(type => type.GetMethods(AllDeclared)).SelectMany(Called),
            called => called.DeclaringType == typeof(ConstraintRule) && called.Name == "get_" + nameof(ConstraintRule.Sequence));
    }

    /// <summary>Linking is the kinds' too: every kind that reads other fields (or is a condition) has a Link hook and says
    /// which paths it names, and no other kind has either.</summary>
    [Fact]
    public void Links_between_fields_are_the_kinds_link_hooks()
    {
        foreach (var kind in RuleKinds.All)
        {
            var links = (kind.Effect & (RuleEffect.LinksFields | RuleEffect.Condition)) != 0;
            Assert.True((kind.Link is not null) == links, $"{kind.Name}: a kind has a Link hook exactly when it links fields or is a condition");
            Assert.True((kind.NamesFields is not null) == links, $"{kind.Name}: a kind names other fields exactly when it links them");
        }
        Assert.Equal(["when", "template", "reference", "formula", "after"], RuleKinds.Linking.Select(k => k.Name));
    }

    /// <summary>What the compiler's passes ask of a rule beyond its values, each effect has its hook in the kind's entry, and
    /// only a kind with that effect has it: presence, item counts, uniqueness, the condition.</summary>
    [Fact]
    public void Every_kind_with_a_compiler_effect_says_how_in_its_entry()
    {
        foreach (var kind in RuleKinds.All)
        {
            Assert.True((kind.AbsentRate is not null) == ((kind.Effect & RuleEffect.Presence) != 0),
                $"{kind.Name}: a kind has an AbsentRate exactly when it decides presence");
            Assert.True((kind.ItemCount is not null) == ((kind.Effect & RuleEffect.ItemCount) != 0),
                $"{kind.Name}: a kind has an ItemCount exactly when it decides item counts");
            Assert.True((kind.Unique is not null) == ((kind.Effect & RuleEffect.Uniqueness) != 0),
                $"{kind.Name}: a kind has a Unique hook exactly when it decides uniqueness");
            Assert.True((kind.ConditionKey is not null) == ((kind.Effect & RuleEffect.Condition) != 0),
                $"{kind.Name}: a kind has a ConditionKey exactly when it is a condition");
        }
    }

    [Fact]
    public void The_hooks_give_what_the_rule_says()
    {
        var rule = new ConstraintRule { Field = "a", NullRate = 0.25, Unique = false, Items = new ItemsRule { Max = 3 },
            When = new WhenRule { Field = "b", EqualsValue = J("\"x\"") }, After = "c", Formula = "sum(d[].e) + f.g" };
        Assert.Equal(0.25, RuleKinds.AbsentRate(rule));
        Assert.False(RuleKinds.Unique(rule));
        Assert.Equal<(int? Min, int? Max)?>((null, 3), RuleKinds.ItemCount(rule));
        Assert.True(RuleKinds.IsConditional(rule));
        Assert.Equal("b=\"x\"", RuleKinds.ConditionKey(rule));
        Assert.Equal(["a", "c", "d[].e", "f.g", "b"], RuleKinds.NamedPaths(rule));
        var plain = new ConstraintRule { Field = "a" };
        Assert.True(RuleKinds.AbsentRate(plain) is null && RuleKinds.Unique(plain) is null && RuleKinds.ItemCount(plain) is null
            && !RuleKinds.IsConditional(plain) && RuleKinds.ConditionKey(plain) == "");
    }

    /// <summary>The compiler's passes (presence, item counts, uniqueness, variants, links, the formula's link) and the
    /// checkers read no key of a rule but its field: what a kind does is its entry's hooks, so a new kind that decides
    /// presence, item counts, uniqueness or links is its table entry alone. Read from the compiled code.</summary>
    [Fact]
    public void The_compiler_and_the_checkers_read_no_key_of_a_rule()
    {
        var readers = RuleKeysReadBy(typeof(PlanCompiler), typeof(FieldRules), typeof(FieldLink), typeof(FormulaCompiler),
            typeof(ConstraintChecker), typeof(RuleConflicts), typeof(ValueDomain), typeof(ScalarGeneratorBuilder));
        Assert.True(readers.Count == 0, "the compiler or a checker reads rule keys itself; give the kind's entry a hook for it: "
            + string.Join("; ", readers));
    }

    [Fact]
    public void A_kind_written_anew_in_the_table_alone_changes_the_values()
    {
        var repr = Repr("""{"type": "object", "properties": {"nickname": {"type": "string"}}}""");
        var rule = new ConstraintRule { Field = "nickname", Generator = "word" };
        Assert.IsNotType<ConstantValueGenerator>(Build(repr, rule, RuleKinds.All));
        // The generator kind as a value source of its own, tried before the typed step: one entry, no other edit.
        var kinds = RuleKinds.All.Select(k => k.Name != "generator" ? k : k with
        {
            Shape = null,
            Source = new(ScalarStep.Typed, (_, r) => new ConstantValueGenerator(r.Generator!.ToUpperInvariant(), ValueJsonType.String),
                _ => (1, "the generator's name")),
        }).ToList();
        Assert.Equal("WORD", Assert.IsType<ConstantValueGenerator>(Build(repr, rule, kinds)).Text);
    }

    [Fact]
    public void Whether_a_rule_or_the_schema_decides_is_the_step_in_the_kinds_entry()
    {
        var repr = Repr("""{"type": "object", "properties": {"code": {"type": "integer", "enum": [1, 2, 3]}}}""");
        var rule = new ConstraintRule { Field = "code", Sequence = new SequenceRule { Start = 1 } };
        // A sequence goes after the schema's enum, so the enum wins ...
        Assert.IsType<PickValueGenerator>(Build(repr, rule, RuleKinds.All));
        // ... and a sequence entry that names the enum's step goes first.
        var kinds = RuleKinds.All.Select(k => k.Name != "sequence" ? k : k with { Source = k.Source! with { Before = ScalarStep.Enum } }).ToList();
        Assert.IsType<SequenceValueGenerator>(Build(repr, rule, kinds));
    }

    private const BindingFlags AllDeclared =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static SchemaRepr Repr(string schema) =>
        SchemaReader.Read(Encoding.UTF8.GetBytes(schema), SchemaLanguage.JsonSchema, SchemaReadLimits.Default);

    private static ValueGenerator Build(SchemaRepr repr, ConstraintRule rule, IReadOnlyList<RuleKind> kinds)
    {
        var node = repr.Find(rule.Field)!;
        return new ScalarGeneratorBuilder(repr, node, node.Path, new DateOnly(2026, 1, 1), kinds).Build(rule);
    }

    /// <summary>"Type.Method reads Key" for every key but <c>field</c> that the code of <paramref name="types"/> (with the
    /// closures and local functions compiled into them) reads from a rule.</summary>
    private static List<string> RuleKeysReadBy(params Type[] types) =>
    [
        .. types.SelectMany(WithNested)
            .SelectMany(type => type.GetMethods(AllDeclared).Cast<MethodBase>().Concat(type.GetConstructors(AllDeclared)))
            .SelectMany(method => Called(method).Select(called => (method, called)))
            .Where(c => c.called.DeclaringType == typeof(ConstraintRule) && c.called.Name.StartsWith("get_", StringComparison.Ordinal)
                && c.called.Name != "get_" + nameof(ConstraintRule.Field))
            .Select(c => $"{c.method.DeclaringType!.Name}.{c.method.Name} reads {c.called.Name[4..]}"),
    ];

    private static IEnumerable<Type> WithNested(Type type) =>
        type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).SelectMany(WithNested).Prepend(type);

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>The methods <paramref name="method"/>'s IL calls (call, callvirt, newobj, ldftn), read opcode by opcode.</summary>
    private static IEnumerable<MethodBase> Called(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray() ?? [];
        var found = new List<MethodBase>();
        for (var i = 0; i < il.Length;)
        {
            var code = il[i] == 0xFE ? OpCodesByValue[(short)(0xFE00 | il[i + 1])] : OpCodesByValue[il[i]];
            i += code.Size;
            if (code.OperandType == OperandType.InlineMethod)
                found.Add(method.Module.ResolveMethod(BitConverter.ToInt32(il, i),
                    method.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null,
                    method.IsGenericMethod ? method.GetGenericArguments() : null)!);
            i += code.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                _ => 4,
            };
        }
        return found;
    }
}
