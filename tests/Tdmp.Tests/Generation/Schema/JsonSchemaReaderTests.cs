using System.Text.Json.Nodes;
using Tdmp.Generation.Schema;
using static Tdmp.Tests.Generation.Schema.SchemaText;

namespace Tdmp.Tests.Generation.Schema;

/// <summary>JSON Schema features, one small inline schema each.</summary>
public class JsonSchemaReaderTests
{
    [Theory]
    [InlineData("http://json-schema.org/draft-04/schema#", "draft-04")]
    [InlineData("http://json-schema.org/draft-06/schema#", "draft-06")]
    [InlineData("http://json-schema.org/draft-07/schema#", "draft-07")]
    [InlineData("https://json-schema.org/draft/2019-09/schema", "2019-09")]
    [InlineData("https://json-schema.org/draft/2020-12/schema", "2020-12")]
    // A hyper-schema is its draft with link annotations (API descriptions declare draft-04's).
    [InlineData("http://json-schema.org/draft-04/hyper-schema#", "draft-04")]
    [InlineData("http://json-schema.org/draft-07/hyper-schema#", "draft-07")]
    [InlineData("https://json-schema.org/draft/2019-09/hyper-schema", "2019-09")]
    public void Every_supported_draft_is_recognised(string uri, string dialect)
    {
        Assert.Equal(dialect, ReadJson($$"""{"$schema": "{{uri}}", "type": "string"}""").Dialect);
    }

    [Fact]
    public void Missing_schema_keyword_means_2020_12_and_unknown_ones_are_refused()
    {
        Assert.Equal("2020-12", ReadJson("""{"type": "string"}""").Dialect);
        Assert.Contains("Unsupported $schema 'http://json-schema.org/draft-03/schema#'",
            Refused("""{"$schema": "http://json-schema.org/draft-03/schema#"}""").Message);
    }

    [Fact]
    public void Draft_4_boolean_exclusive_bounds_apply_to_minimum_and_maximum()
    {
        var node = ReadJson("""
            {"$schema": "http://json-schema.org/draft-04/schema#", "type": "number", "minimum": 1, "exclusiveMinimum": true, "maximum": 9,
            "exclusiveMaximum": false}
            """).Roots[0];
        Assert.Equal((1m, true, 9m, false), (node.Minimum!.Value, node.ExclusiveMinimum, node.Maximum!.Value, node.ExclusiveMaximum));
    }

    [Fact]
    public void A_draft_4_hyper_schema_reads_as_draft_4()
    {
        var node = ReadJson("""
            {"$schema": "http://json-schema.org/draft-04/hyper-schema#", "type": "object", "required": ["n"],
            "properties": {"n": {"type": "integer", "minimum": 1, "exclusiveMinimum": true}},
            "links": [{"rel": "self", "href": "/apps/{(%23%2Fdefinitions%2Fid)}", "method": "GET"}]}
            """).Roots[0];
        Assert.Equal((1m, true), (node.Children.Single(c => c.Name == "n").Minimum!.Value, node.Children.Single().ExclusiveMinimum));
    }

    [Fact]
    public void Draft_6_numeric_exclusive_bounds_tighten_the_inclusive_ones()
    {
        var node = ReadJson("""{"type": "integer", "minimum": 0, "exclusiveMinimum": 5, "maximum": 10, "exclusiveMaximum": 20}""").Roots[0];
        Assert.Equal((5m, true, 10m, false), (node.Minimum!.Value, node.ExclusiveMinimum, node.Maximum!.Value, node.ExclusiveMaximum));
    }

    [Fact]
    public void Refs_to_defs_definitions_anchors_and_draft_4_ids_resolve()
    {
        var repr = ReadJson("""
            {"type": "object", "properties": {
               "a": {"$ref": "#/$defs/a"}, "b": {"$ref": "#/definitions/b"}, "c": {"$ref": "#c"}, "d": {"$ref": "#/properties/a"}},
             "$defs": {"a": {"type": "integer", "maximum": 3}, "c": {"$anchor": "c", "type": "boolean"}},
             "definitions": {"b": {"type": "string", "maxLength": 4}}}
            """);
        Assert.Equal((NodeKind.Integer, 3m), (repr.Node("a").Kind, repr.Node("a").Maximum!.Value));
        Assert.Equal(4, repr.Node("b").MaxLength);
        Assert.Equal(NodeKind.Boolean, repr.Node("c").Kind);
        Assert.Equal(NodeKind.Integer, repr.Node("d").Kind);
        var draft4 = ReadJson("""
            {"$schema": "http://json-schema.org/draft-04/schema#", "properties": {"x": {"$ref": "#x"}}, "definitions": {"x": {"id": "#x",
            "type": "string"}}}
            """);
        Assert.Equal(NodeKind.String, draft4.Node("x").Kind);
    }

    [Fact]
    public void Ref_to_the_documents_own_id_is_local()
    {
        var repr = ReadJson("""
            {"$id": "https://example.test/s.json", "type": "object", "properties": {"a": {"$ref": "https://example.test/s.json#/$defs/a"}},
            "$defs": {"a": {"type": "integer"}}}
            """);
        Assert.Equal(NodeKind.Integer, repr.Node("a").Kind);
    }

    [Fact]
    public void Ref_to_a_missing_definition_is_refused()
    {
        Assert.Contains("'/$defs/nope', which does not exist", Refused("""{"properties": {"a": {"$ref": "#/$defs/nope"}}}""").Message);
    }

    [Fact]
    public void Siblings_of_ref_merge_in_every_draft_because_ajv_applies_them_before_2019_too()
    {
        // Until issue 11's leftovers, draft-07 ignored the sibling (maximum 10): ajv rejected values from 6 to 10.
        const string body =
            "\"properties\": {\"a\": {\"$ref\": \"#/definitions/n\", \"maximum\": 5}}, \"definitions\": {\"n\": {\"type\": \"integer\", " +
            "\"maximum\": 10}}}";
        Assert.Equal(5m, ReadJson("""{"$schema": "http://json-schema.org/draft-07/schema#", """ + body).Node("a").Maximum);
        Assert.Equal(5m, ReadJson("""{"$schema": "https://json-schema.org/draft/2019-09/schema", """ + body).Node("a").Maximum);
    }

    [Fact]
    public void All_of_merges_bounds_required_properties_and_enums()
    {
        var repr = ReadJson("""
            {"allOf": [
               {"type": "object", "required": ["a"],
                   "properties": {"a": {"type": "number", "minimum": 0, "maximum": 100}, "e": {"enum": ["x", "y", "z"]}}},
               {"required": ["b"], "properties": {"a": {"type": "integer", "maximum": 50}, "b": {"type": "string"}, "e": {"enum": ["y", "z", "w"]}}}]}
            """);
        var a = repr.Node("a");
        Assert.Equal((NodeKind.Integer, 0m, 50m, true), (a.Kind, a.Minimum!.Value, a.Maximum!.Value, a.Required));
        Assert.True(repr.Node("b").Required);
        Assert.Equal(["y", "z"], repr.Node("e").Enum!);
    }

    [Fact]
    public void All_of_with_incompatible_types_is_refused()
    {
        Assert.Contains("no value has both", Refused("""{"allOf": [{"type": "string"}, {"type": "integer"}]}""").Message);
    }

    [Fact]
    public void All_of_branch_with_additional_properties_false_forbids_the_other_branches_properties()
    {
        var repr = ReadJson("""
            {"allOf": [{"properties": {"a": {"type": "string"}}, "additionalProperties": false}, {"properties": {"b": {"type": "string"}}}]}
            """);
        Assert.Equal(["a"], repr.Roots[0].Children.Select(c => c.Name));
        Assert.True(repr.Roots[0].Closed);
        Assert.Contains("required but also forbidden",
            Refused("""{"allOf": [{"properties": {"a": {}}, "additionalProperties": false}, {"required": ["b"]}]}""").Message);
    }

    [Fact]
    public void Any_of_is_a_choice_whose_alternatives_keep_the_common_keywords()
    {
        var repr = ReadJson("""
            {"type": "object", "properties": {"id": {"type": "string", "anyOf": [{"format": "uuid"}, {"pattern": "^[0-9]+$", "maxLength": 9}]}}}
            """);
        var id = repr.Node("id");
        Assert.Equal(NodeKind.Choice, id.Kind);
        Assert.Equal(["uuid", null], id.Children.Select(c => c.Format));
        Assert.Equal(NodeKind.String, id.Children[1].Kind);
        Assert.Equal(9, id.Children[1].MaxLength);
        Assert.All(id.Children, c => Assert.Equal("id", c.Path));
    }

    [Fact]
    public void One_of_with_a_null_alternative_is_a_nullable_value_not_a_choice()
    {
        var node = ReadJson("""{"properties": {"x": {"oneOf": [{"type": "integer", "minimum": 1}, {"type": "null"}]}}}""").Node("x");
        Assert.Equal((NodeKind.Integer, true, 1m), (node.Kind, node.Nullable, node.Minimum!.Value));
    }

    [Fact]
    public void Type_array_with_null_is_nullable_and_with_two_types_a_choice()
    {
        var repr = ReadJson("""
            {"properties": {"a": {"type": ["string", "null"], "maxLength": 3}, "b": {"type": ["integer", "string"], "maximum": 5, "maxLength": 2}}}
            """);
        Assert.Equal((NodeKind.String, true, 3), (repr.Node("a").Kind, repr.Node("a").Nullable, repr.Node("a").MaxLength!.Value));
        var b = repr.Node("b");
        Assert.Equal(NodeKind.Choice, b.Kind);
        Assert.Equal([NodeKind.String, NodeKind.Integer], b.Children.Select(c => c.Kind));
        Assert.Equal(2, b.Children[0].MaxLength);
        Assert.Equal(5m, b.Children[1].Maximum);
    }

    [Fact]
    public void Type_null_alone_is_refused_at_the_root_and_a_property_of_it_is_always_null()
    {
        Assert.Contains("type: null", Refused("""{"type": "null"}""").Message);
        // A published configuration file marks a property it no longer reads this way (hugo-theme.json's $schema).
        var x = ReadJson("""{"properties": {"x": {"type": "null"}}}""").Node("x");
        Assert.Equal((NodeKind.Any, true, "null"), (x.Kind, x.Nullable, x.Const));
    }

    [Fact]
    public void Const_and_enum_keep_their_json_text_and_kind()
    {
        var repr = ReadJson("""{"properties": {"c": {"const": 42}, "e": {"enum": [1, 2.5]}, "b": {"enum": [true]}, "n": {"enum": ["a", null]}}}""");
        Assert.Equal((NodeKind.Integer, "42"), (repr.Node("c").Kind, repr.Node("c").Const));
        Assert.Equal(NodeKind.Number, repr.Node("e").Kind);
        Assert.Equal(["1", "2.5"], repr.Node("e").Enum!);
        Assert.Equal(NodeKind.Boolean, repr.Node("b").Kind);
        Assert.True(repr.Node("n").Nullable);
        Assert.Equal(["a"], repr.Node("n").Enum!);
    }

    [Fact]
    public void Formats_choose_the_kind()
    {
        var repr = ReadJson("""
            {"properties": {"d": {"type": "string", "format": "date"}, "t": {"type": "string", "format": "time"}, "p": {"type": "string",
            "format": "duration"}, "b": {"type": "string", "contentEncoding": "base64"}, "u": {"type": "string", "format": "uri"}}}
            """);
        Assert.Equal([NodeKind.Date, NodeKind.Time, NodeKind.Duration, NodeKind.Binary, NodeKind.String], repr.Roots[0].Children.Select(c => c.Kind));
        Assert.Equal("uri", repr.Node("u").Format);
    }

    [Fact]
    public void If_then_else_records_tests_and_both_branches()
    {
        var root = ReadJson("""
            {"type": "object",
             "properties": {"kind": {"enum": ["person", "company"]}, "vat": {"type": "string"}, "age": {"type": "integer", "minimum": 0}},
             "if": {"properties": {"kind": {"const": "company"}}},
             "then": {"required": ["vat"]},
             "else": {"properties": {"age": {"minimum": 18}}}}
            """).Roots[0];
        var conditional = Assert.Single(root.Conditionals!);
        var test = Assert.Single(conditional.If);
        Assert.Equal(("kind", "company", false), (test.Path, test.Const, test.Required));
        var vat = Assert.Single(conditional.Then!);
        Assert.Equal(("vat", true), (vat.Path, vat.Required));
        var age = Assert.Single(conditional.Else!);
        Assert.Equal((18m, false), (age.Minimum!.Value, age.Required));
    }

    [Fact]
    public void If_with_keywords_other_than_property_tests_is_kept_as_a_schema_the_engine_evaluates()
    {
        // Until issue 11's leftovers, this was refused ("uses 'minProperties'").
        var conditional = Assert.Single(ReadJson("""
            {"type": "object", "properties": {"b": {}}, "if": {"minProperties": 2, "required": ["b"]}, "then": {"required": ["a"]}}
            """).Roots[0].Conditionals!);
        Assert.Contains("\"minProperties\":2", conditional.IfCheck);
        Assert.Equal([("b", false)], conditional.If.Select(t => (t.Name, t.Required)));
        Assert.Equal(["a"], conditional.Then!.Select(c => c.Name));
    }

    [Fact]
    public void Dependencies_array_and_dependent_required_mark_the_trigger_property()
    {
        var repr = ReadJson("""
            {"properties": {"card": {"type": "string"}, "cvc": {"type": "string"}, "exp": {"type": "string"}}, "dependencies": {"card": ["cvc"]},
            "dependentRequired": {"card": ["exp"]}}
            """);
        Assert.Equal(["cvc", "exp"], repr.Node("card").DependentRequired!);
    }

    [Fact]
    public void Schema_dependencies_become_a_presence_conditional()
    {
        var root = ReadJson("""
            {"properties": {"card": {"type": "string"}, "billing": {"type": "string"}},
             "dependentSchemas": {"card": {"required": ["billing"], "properties": {"billing": {"minLength": 3}}}}}
            """).Roots[0];
        var conditional = Assert.Single(root.Conditionals!);
        Assert.Equal(("card", true), (conditional.If[0].Path, conditional.If[0].Required));
        Assert.Equal(("billing", true), (conditional.Then![0].Path, conditional.Then[0].Required));
    }

    [Fact]
    public void Pattern_properties_narrow_matching_declared_properties_and_give_entries()
    {
        var root = ReadJson("""
            {"type": "object", "properties": {"x_id": {"type": "string"}}, "patternProperties": {"^x_": {"type": "string", "maxLength": 8}},
            "additionalProperties": false}
            """).Roots[0];
        Assert.Equal(8, root.Children.Single(c => c.Name == "x_id").MaxLength);
        var entry = Assert.Single(root.Children, c => c.MapEntry);
        Assert.StartsWith("x_", entry.Name);
        Assert.Equal(("^x_", 8), (entry.NamePattern, entry.MaxLength!.Value));
        Assert.True(root.Closed);
    }

    [Fact]
    public void Prefix_items_are_tuple_positions_before_the_rest_item()
    {
        var node = ReadJson("""{"type": "array", "prefixItems": [{"type": "number"}, {"type": "string"}], "items": false, "minItems": 1}""").Roots[0];
        Assert.Equal(["[0]", "[1]"], node.Children.Select(c => c.Path));
        Assert.Equal([0, 1], node.Children.Select(c => c.PrefixIndex!.Value));
        Assert.Equal((1, 2, false), (node.MinOccurs!.Value, node.MaxOccurs!.Value, node.Unbounded));
    }

    [Fact]
    public void Draft_7_items_array_with_additional_items_schema_is_a_tuple_plus_rest()
    {
        var node = ReadJson("""
            {"$schema": "http://json-schema.org/draft-07/schema#", "type": "array", "items": [{"type": "integer"}],
            "additionalItems": {"type": "boolean"}}
            """).Roots[0];
        Assert.Equal([("[0]", NodeKind.Integer), ("[]", NodeKind.Boolean)], node.Children.Select(c => (c.Path, c.Kind)));
        Assert.True(node.Unbounded);
    }

    [Fact]
    public void Recursive_ref_is_kept_once_with_a_marker_and_paths_through_it_resolve()
    {
        var repr = ReadJson("""
            {"$ref": "#/$defs/node", "$defs": {"node": {"type": "object", "properties": {"name": {"type": "string"}, "children": {"type": "array",
            "items": {"$ref": "#/$defs/node"}}}}}}
            """);
        var marker = repr.Node("children[]");
        Assert.Equal("", marker.RecursesTo);
        Assert.Equal(NodeKind.Object, marker.Kind);
        Assert.Empty(marker.Children);
        Assert.Equal(["", "name", "children", "children[]"], repr.AllNodes().Select(n => n.Path));
        // A rule's path may go through the marker, as deep as it likes.
        Assert.Equal(NodeKind.String, repr.Find("children[].children[].name")!.Kind);
        Assert.Equal("children[].children[].name", repr.Find("children[].children[].name")!.Path);
        Assert.Equal(NodeKind.Array, repr.Find("children[].children")!.Kind);
        Assert.Null(repr.Find("children[].nope"));
    }

    [Fact]
    public void Required_recursion_that_never_ends_is_refused_naming_the_cycle()
    {
        var e = Refused("""
            {"$ref": "#/$defs/n", "$defs": {"n": {"type": "object", "properties": {"next": {"$ref": "#/$defs/n"}}, "required": ["next"]}}}
            """);
        Assert.Contains("'next' is required and repeats", e.Message);
        Assert.Contains("root → next", e.Message);
        // With an optional step on the way it is fine.
        Assert.Equal("", ReadJson("""
            {"$ref": "#/$defs/n", "$defs": {"n": {"type": "object", "properties": {"next": {"$ref": "#/$defs/n"}}}}}
            """).Node("next").RecursesTo);
    }

    [Fact]
    public void Ref_cycle_without_nesting_is_refused()
    {
        Assert.Contains("refers back to itself", Refused("""
            {"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"allOf": [{"$ref": "#/$defs/a"}]}}, "$ref": "#/$defs/a"}
            """).Message);
    }

    [Fact]
    public void Not_of_a_form_that_cannot_be_built_becomes_a_check_with_the_refs_it_reaches_copied_in()
    {
        // Until issue 11's leftovers, this was refused ("is not supported in this form").
        var a = ReadJson("""
            {"$defs": {"low": {"maximum": 3}}, "type": "object", "properties": {"a": {"type": "integer", "not": {"$ref": "#/$defs/low",
            "minimum": 1}}}}
            """).Node("a");
        var check = JsonNode.Parse(Assert.Single(a.Checks!))!;
        Assert.Equal("""{"$ref":"#/$defs/r0","minimum":1}""", check["not"]!.ToJsonString());
        Assert.Equal("""{"maximum":3}""", check["$defs"]!["r0"]!.ToJsonString());
    }

    [Fact]
    public void Not_that_provably_excludes_every_value_is_refused_and_leaves_an_optional_property_out()
    {
        const string negatesOwn = """
            {"$defs": {"s": {"minLength": 2}}, "type": "object", "properties": {"a": {"type": "string", "allOf": [{"$ref": "#/$defs/s"}],
            "not": {"$ref": "#/$defs/s"}}, "b": {"type": "string"}}
            """;
        Assert.Contains("negates a schema the value must also satisfy", Refused(negatesOwn + """, "required": ["a"]}""").Message);
        Assert.Equal(["b"], ReadJson(negatesOwn + "}").Roots[0].Children.Select(c => c.Name));
        Assert.Contains("'not' of a schema every value satisfies", Refused("""
            {"type": "object", "properties": {"a": {"not": {}}}, "required": ["a"]}
            """).Message);
    }

    [Fact]
    public void Not_required_becomes_a_group_that_never_all_appears_and_not_of_one_name_removes_it()
    {
        var root = ReadJson("""
            {"type": "object", "properties": {"a": {}, "b": {}, "c": {}}, "allOf": [{"not": {"required": ["a", "b"]}},
            {"not": {"anyOf": [{"required": ["c"]}]}}]}
            """).Roots[0];
        Assert.Equal(["a", "b"], root.Children.Select(c => c.Name));
        Assert.Equal(["a", "b"], Assert.Single(root.NotAllPresent!));
        Assert.Contains("forbids properties that are all required",
            Refused("""{"type": "object", "properties": {"a": {}, "b": {}}, "required": ["a", "b"], "not": {"required": ["a", "b"]}}""").Message);
    }

    [Fact]
    public void Not_of_values_types_and_patterns_narrows_the_value()
    {
        var root = ReadJson("""
            {"type": "object", "properties": {"e": {"enum": ["x", "y"], "not": {"const": "x"}}, "s": {"type": "string", "not": {"enum": ["a"]}},
            "p": {"type": "string", "not": {"pattern": "^z"}}, "t": {"type": ["string", "integer"], "not": {"type": "string"}}}}
            """).Roots[0];
        Assert.Equal(["y"], root.Children[0].Enum!.Concat(root.Children[0].Const is { } c ? [c] : []).Distinct());
        Assert.Equal(["a"], root.Children[1].NotValues!);
        Assert.Equal(["^z"], root.Children[2].NotPatterns!);
        Assert.Equal(NodeKind.Integer, root.Children[3].Kind);
    }

    [Fact]
    public void Contains_makes_the_first_items_from_both_schemas_and_max_contains_caps_the_array()
    {
        var node = ReadJson("""
            {"type": "array", "items": {"type": "integer"}, "contains": {"minimum": 10}, "minContains": 2, "maxContains": 4}
            """).Roots[0];
        Assert.Equal([0, 1], node.Children.Where(c => c.PrefixIndex is not null).Select(c => c.PrefixIndex!.Value));
        Assert.All(node.Children.Where(c => c.PrefixIndex is not null), c => Assert.Equal(10, c.Minimum));
        Assert.Equal((2, 4), (node.MinOccurs!.Value, node.MaxOccurs!.Value));
    }

    [Fact]
    public void Maps_get_entries_whose_names_fit_patterns_and_property_names()
    {
        var root = ReadJson("""
            {"type": "object", "properties": {"labels": {"type": "object", "additionalProperties": {"type": "string"},
            "propertyNames": {"pattern": "^[a-z]{3,6}$"}}, "jobs": {"type": "object",
            "patternProperties": {"^[_a-zA-Z][a-zA-Z0-9_-]*$": {"type": "integer"}}, "additionalProperties": false, "minProperties": 1}}}
            """).Roots[0];
        var labels = root.Children[0].Children;
        Assert.Equal(2, labels.Count);
        Assert.All(labels, l => Assert.Matches("^[a-z]{3,6}$", l.Name));
        Assert.All(labels, l => Assert.True(l.MapEntry && l.Kind == NodeKind.String));
        var jobs = root.Children[1].Children;
        Assert.Contains(jobs, j => j.Required);
        Assert.All(jobs, j => Assert.Matches("^[_a-zA-Z][a-zA-Z0-9_-]*$", j.Name));
    }

    [Fact]
    public void A_oneOf_alternative_that_contradicts_its_context_is_dropped_and_none_left_is_refused()
    {
        var node = ReadJson("""
            {"type": "object", "properties": {"a": {"type": "object", "oneOf": [{"type": "null"}, {"properties": {"x": {"type": "string"}}}]}}}
            """).Roots[0].Children[0];
        Assert.Equal(NodeKind.Object, node.Kind);
        var e = Refused("""
            {"type": "object", "properties": {"a": {"type": "string", "oneOf": [{"type": "integer"}, {"type": "boolean"}]}}, "required": ["a"]}
            """);
        Assert.Contains("no alternative of '#/properties/a/oneOf' can be satisfied", e.Message);
    }

    [Fact]
    public void Legacy_schema_uri_means_the_newest_draft()
    {
        Assert.Equal("2020-12", ReadJson("""{"$schema": "http://json-schema.org/schema#", "type": "object"}""").Dialect);
    }

    [Fact]
    public void Ref_to_an_official_meta_schema_resolves_from_the_copy_inside_the_service()
    {
        var root = ReadJson("""
            {"type": "object", "properties": {"schema": {"$ref": "http://json-schema.org/draft-07/schema#"}}, "required": ["schema"]}
            """).Roots[0];
        var schema = Assert.Single(root.Children);
        Assert.Contains(schema.Kind == NodeKind.Choice ? schema.Children : [schema], c => c.Kind == NodeKind.Object
            && c.Children.Any(p => p.Name == "properties"));
        Assert.NotNull(ReadJson("""
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": "https://json-schema.org/draft/2020-12/schema"}
            """));
    }

    /// <summary>Contradictions where a value is needed are refused naming the node; an optional property whose schema no
    /// value satisfies is left out (SchemaStore nswag's <c>importRequiredTypes</c>: boolean in one part, string in the other).</summary>
    [Fact]
    public void Contradictory_bounds_are_refused_where_required_and_leave_an_optional_property_out()
    {
        Assert.Contains("minimum 5 and maximum 1 leave no number", Refused("""
            {"required": ["a"], "properties": {"a": {"type": "integer", "minimum": 5, "maximum": 1}}}
            """).Message);
        Assert.Contains("minLength 5 is greater than maxLength 2", Refused("""{"type": "string", "minLength": 5, "maxLength": 2}""").Message);
        Assert.Contains("[boolean] and [string]", Refused("""
            {"required": ["t"], "properties": {"t": {"type": "boolean", "allOf": [{"type": "string"}]}}}
            """).Message);
        var repr = ReadJson("""
            {"definitions": {"s": {"type": "string"}}, "properties": {"a": {"type": "integer", "minimum": 5, "maximum": 1},
            "t": {"type": "boolean", "allOf": [{"$ref": "#/definitions/s"}]}, "o": {"type": "object", "allOf": [{"type": "array"}]},
            "c": {"type": "string", "const": ["x"]}, "kept": {"type": "string"}}}
            """);
        Assert.Equal(["kept"], repr.Roots[0].Children.Select(c => c.Name));
    }

    [Fact]
    public void Untyped_keywords_infer_the_kind_and_allow_null()
    {
        var repr = ReadJson("""{"properties": {"n": {"minimum": 1}, "s": {"maxLength": 3}, "any": {}}}""");
        Assert.Equal((NodeKind.Number, true), (repr.Node("n").Kind, repr.Node("n").Nullable));
        Assert.Equal(NodeKind.String, repr.Node("s").Kind);
        Assert.Equal(NodeKind.Any, repr.Node("any").Kind);
    }

    [Fact]
    public void Keyword_with_a_value_of_the_wrong_json_type_is_refused_with_its_pointer()
    {
        Assert.Contains("'#/properties/a/format' has a value of the wrong JSON type", Refused("""
            {"properties": {"a": {"type": "string", "format": 5}}}
            """).Message);
        Assert.Contains("'#/properties/a/minimum' must be a number", Refused("""{"properties": {"a": {"minimum": "1"}}}""").Message);
    }

    [Fact]
    public void Property_names_rule_removes_optional_declared_names_it_forbids()
    {
        var root = ReadJson("""{"type": "object", "properties": {"ok": {}, "Bad": {}}, "propertyNames": {"pattern": "^[a-z]+$"}}""").Roots[0];
        Assert.Equal(["ok"], root.Children.Select(c => c.Name));
        Assert.Contains("required but also forbidden",
            Refused("""{"type": "object", "properties": {"Bad": {}}, "required": ["Bad"], "propertyNames": {"maxLength": 2}}""").Message);
    }

    [Fact]
    public void Property_counts_are_met_by_construction_and_refused_only_when_they_cannot_hold()
    {
        Assert.Single(ReadJson("""
            {"type": "object", "properties": {"a": {}}, "required": ["a"], "minProperties": 1, "maxProperties": 3}
            """).Roots[0].Children);
        // minProperties: optional properties become required until it holds.
        Assert.All(ReadJson("""
            {"type": "object", "properties": {"a": {}, "b": {}}, "required": ["a"], "minProperties": 2}
            """).Roots[0].Children, c => Assert.True(c.Required));
        // maxProperties: optional properties past it are left out.
        Assert.Single(ReadJson("""{"type": "object", "properties": {"a": {}, "b": {}}, "maxProperties": 1}""").Roots[0].Children);
        Assert.Contains("maxProperties 1 is fewer than the 2 required properties",
            Refused("""{"type": "object", "properties": {"a": {}, "b": {}}, "required": ["a", "b"], "maxProperties": 1}""").Message);
        Assert.Contains("minProperties 3 asks for more properties than the object may have",
            Refused("""{"type": "object", "properties": {"a": {}, "b": {}}, "additionalProperties": false, "minProperties": 3}""").Message);
    }
}
