using System.Text;
using System.Text.Json.Nodes;
using Tdmp.Generation.Constraints;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Schema;
using OutputFormat = Tdmp.Generation.Engine.OutputFormat;

namespace Tdmp.Tests.Generation.Engine;

/// <summary>
/// Generate-and-check (JSON <c>not</c> of any form, <c>if</c>/<c>then</c>/<c>else</c> beyond property narrowing, oneOf
/// alternatives that overlap): values are redrawn until they satisfy the schema, the records still vary, the same seed
/// gives the same records, and what no draw satisfies fails naming the node. Validity itself is checked for these
/// schemas in <see cref="JsonSchemaFeatureTests"/>.
/// </summary>
public class GenerateAndCheckTests
{
    private static JsonArray Records(string schema, int seed = 1, int count = 200, params ConstraintRule[] rules)
    {
        var plan = GenerationPlan.Create(
            SchemaReader.Read(Encoding.UTF8.GetBytes(schema), SchemaLanguage.JsonSchema, SchemaReadLimits.Default), rules, null);
        var (sink, result) = EngineFixtures.Generate(plan, new GenerationOptions { Seed = seed, RecordCount = count, Types = [OutputFormat.Json] });
        return JsonNode.Parse(sink.Bytes(result.Files[0].Name))!.AsArray();
    }

    [Fact]
    public void Not_of_a_bound_keeps_every_value_outside_it_and_the_values_left_still_vary()
    {
        var records = Records("""
            {"type":"object","required":["a"],"properties":{"a":{"type":"integer","minimum":0,"maximum":10,"not":{"minimum":3}}}}
            """);
        var values = records.Select(r => (int)r!["a"]!).ToList();
        Assert.All(values, v => Assert.InRange(v, 0, 2));
        Assert.Equal([0, 1, 2], values.Distinct().Order());
    }

    [Fact]
    public void Redraws_are_part_of_the_record_so_a_seed_gives_the_same_records()
    {
        const string schema = """
            {"type":"object","required":["a","b"],"properties":{"a":{"type":"integer","minimum":0,"maximum":10,"not":{"minimum":3}},
            "b":{"type":"string","not":{"maxLength":5}}}}
            """;
        Assert.Equal(Records(schema, seed: 7).ToJsonString(), Records(schema, seed: 7).ToJsonString());
        Assert.NotEqual(Records(schema, seed: 7).ToJsonString(), Records(schema, seed: 8).ToJsonString());
    }

    [Fact]
    public void If_on_a_nested_property_picks_the_side_from_the_value_made()
    {
        var records = Records("""
            {"type":"object","required":["runs","out"],"properties":{"runs":{"type":"object","required":["using"],"properties":{"using":{"enum":["a",
            "b"]}}},"out":{"type":"object"}},"if":{"properties":{"runs":{"properties":{"using":{"const":"a"}}}}},
            "then":{"properties":{"out":{"required":["x"],"properties":{"x":{"type":"integer"}}}}},
            "else":{"properties":{"out":{"additionalProperties":false}}}}
            """);
        foreach (var r in records)
        {
            var then = (string)r!["runs"]!["using"]! == "a";
            Assert.Equal(then, r["out"]!.AsObject().ContainsKey("x"));
        }
        Assert.Contains(records, r => (string)r!["runs"]!["using"]! == "a");
        Assert.Contains(records, r => (string)r!["runs"]!["using"]! == "b");
    }

    [Fact]
    public void Dependency_on_anyOf_of_required_holds_in_every_record_where_the_property_appears()
    {
        var records = Records("""
            {"type":"object","properties":{"begin":{"type":"string"},"end":{"type":"string"},"while":{"type":"string"}},
            "dependencies":{"begin":{"anyOf":[{"required":["end"]},{"required":["while"]}]}}}
            """);
        var withBegin = records.Select(r => r!.AsObject()).Where(o => o.ContainsKey("begin")).ToList();
        Assert.NotEmpty(withBegin);
        Assert.All(withBegin, o => Assert.True(o.ContainsKey("end") || o.ContainsKey("while")));
    }

    [Fact]
    public void A_oneOf_value_that_satisfies_two_alternatives_is_redrawn()
    {
        var records = Records("""
            {"type":"object","required":["cmd"],"properties":{"cmd":{"oneOf":[{"type":"string"},{"type":"object","additionalProperties":false,
            "properties":{"ps":{"type":"string"}}},{"type":"object","additionalProperties":false,"properties":{"sh":{"type":"string"}}}]}}}
            """);
        // {} satisfies both object alternatives: every object made has exactly one of the two properties.
        var objects = records.Select(r => r!["cmd"]).OfType<JsonObject>().ToList();
        Assert.NotEmpty(objects);
        Assert.All(objects, o => Assert.Single(o));
    }

    /// <summary>vault.json's seal: open-object alternatives that each accept the others' values. No draw is one alternative
    /// only, so the last one used to be written (matching two); now the record is drawn again without such a value, and
    /// where the value is required the schema is refused naming the node.</summary>
    private const string OpenObjectAlternatives = """
        {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{"seal":{"type":"array","items":{"oneOf":[
        {"type":"object","properties":{"aws":{"type":"object","properties":{"region":{"type":"string"}}}}},
        {"type":"object","properties":{"gcp":{"type":"object","properties":{"project":{"type":"string"}}}}}]}},
        "name":{"type":"string"}}}
        """;

    [Fact]
    public void A_oneOf_value_that_every_draw_makes_valid_under_two_alternatives_is_never_written()
    {
        var records = Records(OpenObjectAlternatives, count: 50);
        Assert.All(records, r => Assert.Empty(r!["seal"]?.AsArray() ?? []));
        Assert.Contains(records, r => r!.AsObject().ContainsKey("name"));
        RecursionTests.AssertAjvValid("open-object-oneof", OpenObjectAlternatives, records);

        var required = OpenObjectAlternatives.Replace("\"properties\":{\"seal\":{\"type\":\"array\",",
            "\"required\":[\"seal\"],\"properties\":{\"seal\":{\"type\":\"array\",\"minItems\":1,");
        var e = Assert.Throws<UnsatisfiableSchemaException>(() => Records(required, count: 5));
        Assert.StartsWith("seal", e.NodePath);
        Assert.Contains("oneOf", e.Message);
    }

    [Fact]
    public void An_optional_discriminator_of_overlapping_oneOf_objects_is_always_made_so_no_draw_is_wasted()
    {
        // metricshub's sources: each alternative is told apart only by an optional "type" const.
        var plan = GenerationPlan.Create(SchemaReader.Read(Encoding.UTF8.GetBytes("""
            {"type":"object","required":["source"],"properties":{"source":{"type":"object","oneOf":[
            {"properties":{"type":{"type":"string","const":"http"},"url":{"type":"string"}}},
            {"properties":{"type":{"type":"string","const":"ipmi"},"host":{"type":"string"}}}]}}}
            """), SchemaLanguage.JsonSchema, SchemaReadLimits.Default), [], null);
        var engine = new RecordEngine(plan, seed: 1, german: false);
        for (var i = 0; i < 100; i++)
        {
            engine.MakeRecord(i, null, 0);
            Assert.Equal(0, engine.Redraws);
        }
        var records = EngineFixtures.RecordsOfManySeeds(plan, 5, 20, jsonlEvery: 3);
        Assert.All(records, r => Assert.Contains((string)r!["source"]!["type"]!, new[] { "http", "ipmi" }));
        Assert.Contains(records, r => (string)r!["source"]!["type"]! == "http");
        Assert.Contains(records, r => (string)r!["source"]!["type"]! == "ipmi");
    }

    [Fact]
    public void What_no_draw_satisfies_leaves_an_optional_property_out_and_fails_a_required_one_naming_it()
    {
        // Provable only by trying: "not maximum 100" on a value the schema keeps at most 5.
        const string never = """{"type":"integer","minimum":0,"maximum":5,"not":{"maximum":100}}""";
        var records = Records("""{"type":"object","required":["b"],"properties":{"a":""" + never + ""","b":{"type":"boolean"}}}""", count: 20);
        Assert.All(records, r => Assert.False(r!.AsObject().ContainsKey("a")));
        var e = Assert.Throws<UnsatisfiableSchemaException>(
            () => Records("""{"type":"object","required":["a"],"properties":{"a":""" + never + "}}", count: 5));
        Assert.Equal("a", e.NodePath);
    }

    // ---- values made after the rest of the record (template, formula, reference) ----

    private const string CodeOfN = """
        {"type":"object","required":["n","code"],"properties":{"n":{"type":"integer","minimum":0,"maximum":20},
        "code":{"type":"string","not":{"maxLength":2}}}}
        """;

    [Fact]
    public void A_template_value_is_checked_against_the_fields_not_and_the_record_is_redrawn_until_it_passes()
    {
        // "n{n}" is two characters for n < 10, which the schema's not (maxLength 2) rejects.
        var records = Records(CodeOfN, rules: new ConstraintRule { Field = "code", Template = "n{n}" });
        Assert.All(records, r => Assert.Equal("n" + (int)r!["n"]!, (string)r["code"]!));
        Assert.All(records, r => Assert.True(((string)r!["code"]!).Length > 2, r.ToJsonString()));
        Assert.True(records.Select(r => (int)r!["n"]!).Distinct().Count() > 5);
        Assert.Equal(Records(CodeOfN, seed: 3, rules: new ConstraintRule { Field = "code", Template = "n{n}" }).ToJsonString(),
            Records(CodeOfN, seed: 3, rules: new ConstraintRule { Field = "code", Template = "n{n}" }).ToJsonString());
    }

    [Fact]
    public void A_template_that_can_never_pass_is_refused_naming_the_field_when_it_is_constant_and_reported_when_it_is_not()
    {
        var refused = Assert.Throws<UnsatisfiableSchemaException>(() => GenerationPlan.Create(
            SchemaReader.Read(Encoding.UTF8.GetBytes(CodeOfN), SchemaLanguage.JsonSchema, SchemaReadLimits.Default),
            [new ConstraintRule { Field = "code", Template = "ab" }], null));
        Assert.Equal("code", refused.NodePath);
        Assert.Contains("template always makes \"ab\"", refused.Message);
        // "{n}" is at most two characters: provable only by trying, so generation reports the field.
        var failed = Assert.Throws<UnsatisfiableSchemaException>(
            () => Records(CodeOfN, count: 5, rules: new ConstraintRule { Field = "code", Template = "{n}" }));
        Assert.Equal("code", failed.NodePath);
        Assert.Contains("made after the rest of the record", failed.Message);
    }

    [Theory]
    [InlineData("""{"properties":{"kind":{"pattern":"^n([5-9]|1[0-9]|20)$"}}}""")]
    [InlineData("""{"properties":{"kind":{"not":{"pattern":"^n[0-4]$"}}}}""")]
    public void An_if_that_reads_a_template_field_is_decided_on_the_value_the_template_makes(string test)
    {
        var records = Records("""
            {"type":"object","required":["n","kind"],"properties":{"n":{"type":"integer","minimum":0,"maximum":20},"kind":{"type":"string"},
            "extra":{"type":"string"}},"if":
            """ + test + """
            ,"then":{"required":["extra"]},"else":{"not":{"required":["extra"]}}}
            """, rules: new ConstraintRule { Field = "kind", Template = "n{n}" });
        foreach (var r in records)
            Assert.True((int)r!["n"]! >= 5 == r.AsObject().ContainsKey("extra"), r.ToJsonString());
        Assert.Contains(records, r => r!.AsObject().ContainsKey("extra"));
        Assert.Contains(records, r => !r!.AsObject().ContainsKey("extra"));
    }

    [Fact]
    public void A_oneOf_whose_branch_is_itself_a_oneOf_is_checked_so_an_empty_object_both_accept_is_redrawn()
    {
        // travis.json's env: {} satisfies the nested oneOf's object and the outer object alike.
        var records = Records("""
            {"type":"object","required":["env"],"definitions":{"var":{"oneOf":[{"type":"string"},{"type":"object",
            "additionalProperties":false,"properties":{"secure":{"type":"string"}}}]}},"properties":{"env":{"oneOf":[
            {"$ref":"#/definitions/var"},{"type":"object","additionalProperties":false,"properties":{"global":{"type":"string"}}}]}}}
            """);
        var objects = records.Select(r => r!["env"]).OfType<JsonObject>().ToList();
        Assert.NotEmpty(objects);
        Assert.All(objects, o => Assert.Single(o));
    }

    [Fact]
    public void An_optional_property_named_like_a_javascript_object_member_is_always_written()
    {
        // ajv reads an absent "constructor" as Object.prototype.constructor, a function, and rejects the record.
        var records = Records("""
            {"type":"object","properties":{"constructor":{"enum":["always","never"]},"toString":{"type":"string"},"other":{"type":"string"}}}
            """);
        Assert.All(records, r => Assert.True(r!.AsObject().ContainsKey("constructor") && r.AsObject().ContainsKey("toString")));
        Assert.Contains(records, r => !r!.AsObject().ContainsKey("other"));
    }

    /// <summary>Checks are evaluated by JsonSchema.Net 8.0.5, which refuses a schema over a malformed annotation
    /// (utcm-monitor's <c>"description": null</c>) and throws on a patternProperties pattern holding '/' or '~' (it looks
    /// patterns up by their pointer form): a check is written without annotations and with those characters escaped.</summary>
    [Fact]
    public void A_check_with_a_null_description_and_patterns_holding_slash_and_tilde_is_evaluated()
    {
        // The not: at least one entry whose name has no '/' or '~' holds an integer.
        var records = Records("""
            {"type":"object","required":["files"],"properties":{"files":{"type":"object","minProperties":1,
            "patternProperties":{"^[a-z]+$":{"type":["integer","string"]}},"additionalProperties":false,
            "not":{"description":null,"patternProperties":{"^[^\\/~]*$":{"type":"string"},"^a/b~c$":{"type":"integer"}}}}}}
            """);
        Assert.Equal(200, records.Count);
        Assert.All(records, r => Assert.Contains(r!["files"]!.AsObject(), e => e.Value!.GetValueKind() == System.Text.Json.JsonValueKind.Number));
        Assert.Contains(records, r => r!["files"]!.AsObject().Any(e => e.Value!.GetValueKind() == System.Text.Json.JsonValueKind.String));
    }

    [Theory]
    [InlineData(@"^\./.+", @"^\.\x2F.+", "./a|.a|a/b")]
    [InlineData(@"^[^/]+/[^/]+$", @"^[^\x2F]+\x2F[^\x2F]+$", "a/b|a/b/c|ab")]
    [InlineData(@"^a\/b~$", @"^a\x2Fb\x7E$", "a/b~|a\\/b~|a/b")]
    [InlineData(@"^a\\/$", @"^a\\\x2F$", "a\\/|a/")]
    [InlineData(@"^[~\/]$", @"^[\x7E\x2F]$", "~|/|a")]
    public void A_check_pattern_is_written_without_slash_and_tilde_and_means_the_same(string pattern, string written, string samples)
    {
        Assert.Equal(written, Tdmp.Generation.Schema.Json.JsonSubschema.WithoutPointerCharacters(pattern));
        var before = Tdmp.Generation.Regexes.SafeRegex.Validator(pattern, Tdmp.Generation.Regexes.RegexDialect.Ecma262);
        var after = Tdmp.Generation.Regexes.SafeRegex.Validator(written, Tdmp.Generation.Regexes.RegexDialect.Ecma262);
        foreach (var sample in samples.Split('|'))
            Assert.Equal(before.IsMatch(sample), after.IsMatch(sample));
    }
}
