using System.Text;
using System.Text.Json.Nodes;
using Json.Schema;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Schema;
using OutputFormat = Tdmp.Generation.Engine.OutputFormat;

namespace Tdmp.Tests.Generation.Engine;

/// <summary>Small JSON Schemas, one feature each, read by the real reader: every record validates in process.</summary>
public class JsonSchemaFeatureTests
{
    public static TheoryData<string, string> Schemas => new()
    {
        { "bounds and multiples", """
            {"type":"object","required":["a","b","c","d"],"properties":{"a":{"type":"number","exclusiveMinimum":1.5,"exclusiveMaximum":1.75,
            "multipleOf":0.05},"b":{"type":"integer","minimum":-20,"maximum":-3,"multipleOf":7},"c":{"type":"number","multipleOf":0.001,"minimum":0,
            "maximum":1},"d":{"enum":[1,2.5,"x",true,null]}}}
            """ },
        { "unique object items", """
            {"type":"object","required":["xs"],"properties":{"xs":{"type":"array","uniqueItems":true,"minItems":3,"maxItems":3,
            "items":{"type":"object","required":["k"],"additionalProperties":false,"properties":{"k":{"enum":["a","b","c"]}}}}}}
            """ },
        { "tuple", """
            {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","required":["t"],"properties":{"t":{"type":"array",
            "prefixItems":[{"type":"integer"},{"type":"string","maxLength":3}],"items":false,"minItems":2}}}
            """ },
        { "a numeric-looking string const", """
            {"type":"object","required":["version","n"],"properties":{"version":{"type":"string","const":"2.0"},"n":{"type":"integer","const":3}}}
            """ },
        { "a required name no property declares takes additionalProperties", """
            {"type":"object","required":["items"],"properties":{"items":{"type":"array","minItems":1,"items":{"type":"object",
            "required":["project"],"additionalProperties":{"type":"string"}}}}}
            """ },
        { "a property that only allows null", """
            {"type":"object","required":["gone","x"],"properties":{"gone":{"type":"null"},"maybe":{"type":"null"},"x":{"type":"integer"}}}
            """ },
        { "a then side whose type contradicts the property's", """
            {"type":"object","required":["kind","steps"],"properties":{"kind":{"enum":["a","b"]},"steps":{"type":"array","items":{"type":"integer"}}},
            "if":{"properties":{"kind":{"const":"a"}}},"then":{"properties":{"steps":{"type":"string"}}}}
            """ },
        { "const and nullable", """
            {"type":"object","required":["c","n"],"properties":{"c":{"const":42},"n":{"type":["integer","null"],"minimum":5,"maximum":6}}}
            """ },
        { "if then else", """
            {"type":"object","required":["kind"],"properties":{"kind":{"enum":["a","b"]},"size":{"type":"integer","minimum":0,"maximum":100}},
            "if":{"properties":{"kind":{"const":"a"}},"required":["kind"]},"then":{"required":["size"],"properties":{"size":{"maximum":10}}},
            "else":{"properties":{"size":{"minimum":50}}}}
            """ },
        { "dependent required", """
            {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"card":{"type":"string","pattern":"^[0-9]{4}$"},
            "cvc":{"type":"string","pattern":"^[0-9]{3}$"}},"dependentRequired":{"card":["cvc"]}}
            """ },
        { "nested arrays and anyOf", """
            {"type":"object","required":["m"],"properties":{"m":{"type":"array","minItems":1,"maxItems":3,"items":{"type":"array","minItems":2,
            "maxItems":2,"items":{"anyOf":[{"type":"string","format":"ipv4"},{"type":"integer","minimum":0}]}}}}}
            """ },
        { "formats", """
            {"type":"object","required":["a","b","c","d","e","f","g","h"],"properties":{"a":{"type":"string","format":"date-time"},
            "b":{"type":"string","format":"date"},"c":{"type":"string","format":"time"},"d":{"type":"string","format":"email"},"e":{"type":"string",
            "format":"uri"},"f":{"type":"string","format":"uuid"},"g":{"type":"string","format":"ipv6"},"h":{"type":"string","format":"hostname"}}}
            """ },
        // claude-code-plugin-manifest's agents: each pattern alone is met, both together almost never by one pattern's draw.
        { "allOf of a start-anchored and an end-anchored pattern", """
            {"type":"object","required":["a","b"],"properties":{"a":{"type":"string","allOf":[{"pattern":"^\\./.*"},{"pattern":".*\\.md$"}]},
            "b":{"type":"string","pattern":"^[a-z]{2}","allOf":[{"pattern":"[0-9]{3}$"}],"maxLength":12}}}
            """ },
        // minecraft-item-modifier's items: no type, so null would do, but the if holds for null and its then wants an object.
        { "untyped value with if/then asking for an object", """
            {"type":"object","required":["mods"],"properties":{"mods":{"type":"array","minItems":1,"items":{"properties":{"f":{"enum":["a","b"]}},
            "allOf":[{"if":{"properties":{"f":{"const":"a"}}},"then":{"type":"object","properties":{"n":{"type":"integer"}}}}]}}}}
            """ },
        // minecraft's item modifier: an optional "function" tested by several ifs for distinct values; absent, every if holds.
        { "optional property several ifs test for distinct values", """
            {"type":"object","properties":{"function":{"enum":["a","b"]}},"allOf":[
            {"if":{"properties":{"function":{"const":"a"}}},"then":{"properties":{"limit":{"type":"integer"}}}},
            {"if":{"properties":{"function":{"const":"b"}}},"then":{"properties":{"limit":{"type":"object"}}}}]}
            """ },
        { "patterns with lengths", """
            {"type":"object","required":["a","b","c"],"properties":{"a":{"type":"string","pattern":"^[a-z]+(-[a-z]+)*$","minLength":12,
            "maxLength":14},"b":{"type":"string","pattern":"^\\w{2}\\d{3}\\s?[^a-z]$"},"c":{"type":"string","pattern":"(ab|cd){2,3}x?",
            "maxLength":6}}}
            """ },
        { "overlapping oneOf", """
            {"type":"object","required":["n","s","o"],"properties":{"n":{"oneOf":[{"type":"integer","minimum":0,"maximum":10},{"type":"integer",
            "minimum":5,"maximum":20}]},"s":{"oneOf":[{"type":"string","maxLength":3},{"type":"string","pattern":"^[a-z]+$","maxLength":6}]},
            "o":{"oneOf":[{"type":"object","required":["a"],"properties":{"a":{"type":"integer","minimum":1,"maximum":3}}},{"type":"object",
            "properties":{"a":{"type":"integer","minimum":2,"maximum":5},"b":{"type":"boolean"}}}]}}}
            """ },
        { "not of a bound and a length (generate and check)", """
            {"type":"object","required":["a","b"],"properties":{"a":{"type":"integer","minimum":0,"maximum":10,"not":{"minimum":3}},
            "b":{"type":"string","not":{"maxLength":5}}}}
            """ },
        { "if on a nested property", """
            {"type":"object","required":["runs","out"],"properties":{"runs":{"type":"object","required":["using"],"properties":{"using":{"enum":["a",
            "b"]}}},"out":{"type":"object"}},"if":{"properties":{"runs":{"properties":{"using":{"const":"a"}}}}},
            "then":{"properties":{"out":{"required":["x"],"properties":{"x":{"type":"integer"}}}}},
            "else":{"properties":{"out":{"additionalProperties":false}}}}
            """ },
        { "if of not required", """
            {"type":"object","properties":{"group":{"type":"string"},"schedule":{"type":"string"}},"if":{"not":{"properties":{"group":{}},
            "required":["group"]}},"then":{"required":["schedule"]}}
            """ },
        // Beacon's optional ageOfOnset: a oneOf of open objects that almost every value satisfies twice, with a date pair made
        // after the rest of the record. No draw of the record passed, which failed the dataset; the value is now left out.
        { "an optional oneOf of overlapping open objects checked after the record", """
            {"type":"object","required":["diseases"],"properties":{"diseases":{"type":"array","minItems":1,
            "items":{"type":"object","required":["code"],"properties":{"code":{"type":"string"},"onset":{"type":"object",
            "oneOf":[{"type":"object","properties":{"iso":{"type":"string"}}},{"type":"object",
            "properties":{"start":{"type":"object","properties":{"iso":{"type":"string"}}},"end":{"type":"object",
            "properties":{"iso":{"type":"string"}}}}},{"type":"object","required":["weeks"],
            "properties":{"weeks":{"type":"integer"},"days":{"type":"integer"}}},{"type":"object","required":["id"],
            "properties":{"id":{"type":"string","pattern":"^\\w[^:]+:.+$"},"label":{"type":"string"}}},{"type":"object",
            "additionalProperties":false,"required":["start","end"],"properties":{"start":{"type":"string",
            "format":"date-time"},"end":{"type":"string","format":"date-time"}}}]}}}}}}
            """ },
        { "dependency on anyOf of required", """
            {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{"begin":{"type":"string"},"end":{"type":"string"},
            "while":{"type":"string"}},"dependencies":{"begin":{"anyOf":[{"required":["end"]},{"required":["while"]}]}}}
            """ },
        { "oneOf of closed objects", """
            {"type":"object","required":["cmd"],"properties":{"cmd":{"oneOf":[{"type":"string"},{"type":"object","additionalProperties":false,
            "properties":{"ps":{"type":"string"}}},{"type":"object","additionalProperties":false,"properties":{"sh":{"type":"string"}}}]}}}
            """ },
        { "then with object keywords", """
            {"type":"object","required":["version"],"properties":{"version":{"enum":["v1","v2"]},"name":{"type":"string"},"extra":{"type":"string"}},
            "if":{"properties":{"version":{"const":"v1"}}},"then":{"additionalProperties":false,"properties":{"version":{},"name":{}}},
            "else":{"minProperties":2}}
            """ },
        { "refs and allOf", """
            {"$defs":{"p":{"type":"object","required":["v"],"properties":{"v":{"type":"integer","minimum":3}}}},"type":"object","required":["q"],
            "properties":{"q":{"allOf":[{"$ref":"#/$defs/p"},{"properties":{"v":{"maximum":4}}}]}}}
            """ },
        { "object and array enum and const literals", """
            {"type":"object","required":["apps","species","cfg","mode"],"properties":{"apps":{"type":"array","const":[]},
            "species":{"const":["pluginList"]},"cfg":{"enum":[{"a":1,"b":[true,null]},{"a":2}]},"mode":{"enum":[["x","y"],"z",3]},
            "cloud":{"type":"string","const":["AzurePublic","AzureChina"]}}}
            """ },
        { "several contains", """
            {"type":"object","required":["type"],"properties":{"type":{"type":"array","minItems":1,"uniqueItems":true,"items":{"type":"string"},
            "allOf":[{"contains":{"const":"VerifiablePresentation"}},{"contains":{"const":"KyaManifest"}}]}}}
            """ },
        { "contains met by a tuple item, with unique items", """
            {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","required":["ctx"],"properties":{"ctx":{"type":"array",
            "minItems":1,"uniqueItems":true,"prefixItems":[{"const":"urn:v2"}],"contains":{"const":"urn:v2"},"items":{"type":"string"}}}}
            """ },
        { "contains of an enum value from a oneOf branch, with unique items", """
            {"type":"object","required":["p"],"properties":{"p":{"type":"object","additionalProperties":false,
            "properties":{"version":{"type":"string"},"dynamic":{"type":"array","uniqueItems":true,
            "items":{"enum":["version","name","readme","license"]}}},
            "oneOf":[{"required":["version"],"not":{"required":["dynamic"]}},{"required":["dynamic"],"not":{"required":["version"]},
            "properties":{"dynamic":{"contains":{"const":"version"}}}}]}}}
            """ },
        { "a closed object beside a one-entry map its empty array would also match", """
            {"type":"object","required":["xs"],"properties":{"xs":{"type":"array","minItems":3,"items":{"oneOf":[{"type":"object",
            "required":["product"],"properties":{"product":{"type":"array","items":{"type":"array","items":{"type":"string"}}}},
            "additionalProperties":false},{"type":"object","minProperties":1,"maxProperties":1,"not":{"required":["prefix"]},
            "additionalProperties":{"type":"array","items":{"type":"string"}}}]}}}}
            """ },
        { "look-around patterns", """
            {"type":"object","required":["repo","pkg","map"],"properties":{"repo":{"type":"string","pattern":"^(?!(?:meta|local)$).*$"},
            "pkg":{"type":"string","pattern":"^(?!.*\\bnative\\b)[a-zA-Z][a-zA-Z0-9_]*(\\.[a-zA-Z][a-zA-Z0-9_]*)+$"},
            "map":{"type":"object","minProperties":2,"patternProperties":{"^(?!re)[a-z]{2,4}$":{"type":"integer"}},"additionalProperties":false,
            "propertyNames":{"pattern":"^(?![aeiou])"}}}}
            """ },
        { "then forbidding a property with not {}", """
            {"type":"object","required":["kind"],"properties":{"kind":{"enum":["menu","widget","channel"]},"header":{"type":"boolean"}},
            "allOf":[{"if":{"not":{"properties":{"kind":{"const":"menu"}},"required":["kind"]}},"then":{"properties":{"header":{"not":{}}}}}]}
            """ },
        // accelerator's option: an anyOf alternative narrows dataType to a pattern its own const alternatives do not match.
        { "consts of an anyOf that a pattern from the context rules out", """
            {"type":"object","required":["d","v"],"properties":{"d":{"anyOf":[{"const":"text"},{"const":"flag"},{"type":"string",
            "pattern":"^[A-Z][a-z]*$"}]},"v":{}},"anyOf":[{"properties":{"d":{"const":"text"},"v":{"type":"string"}}},
            {"properties":{"d":{"const":"flag"},"v":{"type":"boolean"}}},{"properties":{"d":{"type":"string","pattern":"^[A-Z][a-z]*$"},
            "v":{"type":"object"}}}]}
            """ },
        // opspec's constraints: an untyped {properties} or {items} alternative accepts every value of another type, so a oneOf
        // alternative of such a type always matches twice; both alternatives of "c" do, so no value fits it (left out).
        { "oneOf alternatives whose kind is only guessed from keywords", """
            {"type":"object","required":["a","b"],"properties":{"a":{"oneOf":[{"type":"boolean"},{"properties":{"x":{"type":"string"}}}]},
            "b":{"oneOf":[{"type":"integer"},{"items":{"type":"string"}}]},"c":{"oneOf":[{"properties":{"x":{}}},{"items":{"type":"string"}}]}}}
            """ },
        // web-types: a map of strings (additionalProperties) in one allOf part, properties of other types declared by another.
        { "additionalProperties of one allOf part on properties another declares", """
            {"type":"object","required":["m"],"properties":{"m":{"allOf":[{"type":"object","additionalProperties":{"type":"string"}},
            {"required":["name"],"properties":{"name":{"type":"string"},"size":{"type":"integer"},"tags":{"type":"array"}}}]}}}
            """ },
        // STIX: an identifier's pattern (through a $ref) and a prefix its owner adds in another allOf part; neither pattern's
        // strings meet the other by chance, and a value that matches only one is never written.
        { "two patterns, one a prefix of the other's strings", """
            {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","required":["id"],"$defs":{"identifier":{"type":"string",
            "pattern":"^[a-z][a-z0-9-]+[a-z0-9]--[0-9a-f]{8}-[0-9a-f]{4}$"}},"properties":{"id":{"allOf":[{"$ref":"#/$defs/identifier"},
            {"pattern":"^bundle--"}]}}}
            """ },
        // The 2020-12 meta-schema's vocabularies: a map whose keys are URIs (propertyNames with a format, no pattern).
        { "map keys in a format", """
            {"type":"object","required":["u","e","d","i"],"properties":{"u":{"type":"object","minProperties":2,
            "additionalProperties":{"type":"boolean"},"propertyNames":{"type":"string","format":"uri"}},
            "e":{"type":"object","minProperties":1,"propertyNames":{"format":"email"}},
            "d":{"type":"object","minProperties":1,"propertyNames":{"format":"date"}},
            "i":{"type":"object","minProperties":1,"propertyNames":{"format":"uuid"}}}}
            """ },
        // specmatic: "...OrRef" definitions that are only an if/then/else (an object with $ref is a reference, else the
        // thing itself), and a version whose then and else are whole closed schemas; values made as a choice of the sides.
        { "if/then/else that says what the value is", """
            {"type":"object","required":["s","v"],"properties":{"s":{"$ref":"#/$defs/sourceOrRef"},
            "v":{"type":"object","required":["version"],"properties":{"version":{"type":"integer"}},
            "if":{"properties":{"version":{"const":3}}},"then":{"$ref":"#/$defs/v3"},"else":{"$ref":"#/$defs/v2"}}},
            "$defs":{"sourceOrRef":{"if":{"type":"object","required":["$ref"],"properties":{"$ref":{"type":"string"}}},
            "then":{"$ref":"#/$defs/ref"},"else":{"$ref":"#/$defs/source"}},
            "ref":{"type":"object","required":["$ref"],"additionalProperties":false,"properties":{"$ref":{"type":"string","maxLength":20}}},
            "source":{"type":"object","required":["git"],"additionalProperties":false,"properties":{"git":{"type":"string","maxLength":20}}},
            "v3":{"type":"object","required":["version","mode"],"additionalProperties":false,"properties":{"version":{"enum":[3]},
            "mode":{"enum":["a","b"]}}},"v2":{"type":"object","required":["version","contracts"],"additionalProperties":false,
            "properties":{"version":{"enum":[2]},"contracts":{"type":"array","items":{"type":"string","maxLength":9}}}}}}
            """ },
        // specmatic's substitution strings: a value under "^\$\{" and "^\$\{[^}]+\}$", drawn from the second.
        { "two patterns, every string of the second matching the first", """
            {"type":"object","required":["p"],"properties":{"p":{"type":"string","allOf":[{"pattern":"^\\$\\{"},
            {"pattern":"^\\$\\{[^}]+\\}$"}]}}}
            """ },
        // vtesttree's fixtures: a recursive object whose dependencies (and an if of required) forbid the other completions.
        { "dependencies that forbid properties in a recursive object", """
            {"$schema":"http://json-schema.org/draft-07/schema#","$ref":"#/definitions/fixture","definitions":{"fixture":{"type":"object",
            "required":["name"],"additionalProperties":false,"properties":{"name":{"type":"string","maxLength":9},
            "elements":{"type":"array","minItems":2,"maxItems":3,"items":{"$ref":"#/definitions/fixture"}},"a":{"type":"string"},
            "b":{"type":"string"},"c":{"type":"string"},"x":{"type":"integer"},"y":{"type":"integer"}},
            "dependencies":{"a":{"allOf":[{"not":{"required":["b"]}},{"not":{"required":["c"]}}]},"b":{"not":{"anyOf":[{"required":["a"]},
            {"required":["c"]}]}},"c":{"title":"one completion","not":{"required":["a"]}}},
            "if":{"required":["x"]},"then":{"not":{"required":["y"]}}}}}
            """ },
        // popxf: a not whose type only guards the rest (never this member, never a name of this form), honoured by the rest.
        { "not of a type next to required or a pattern", """
            {"type":"object","required":["data","m"],"properties":{"data":{"type":"object","properties":{"a":{"type":"integer"},
            "b":{"type":"integer"}},"anyOf":[{"required":["a"]},{"required":["b"]}],"not":{"type":"object","properties":{"a":{}},"required":["a"]}},
            "m":{"type":"object","minProperties":1,"additionalProperties":{"type":"integer"},
            "propertyNames":{"not":{"type":"string","pattern":"^[a-z]"}}}}}
            """ },
        // popxf: one if on "names" asks for a member of "data", others on "degree" narrow that member's keys; both hold at once.
        { "ifs that hold together narrowing the same property", """
            {"type":"object","required":["meta","data"],"properties":{"meta":{"type":"object","required":["degree","names"],
            "properties":{"degree":{"enum":[1,2]},"names":{"type":"boolean"}}},"data":{"type":"object","properties":{"central":{"type":"object",
            "minProperties":1,"additionalProperties":{"type":"integer"}}}}},"allOf":[
            {"if":{"properties":{"meta":{"type":"object","required":["names"]}}},"then":{"properties":{"data":{"required":["central"]}}}},
            {"if":{"properties":{"meta":{"properties":{"degree":{"const":1}}}}},
            "then":{"properties":{"data":{"properties":{"central":{"propertyNames":{"pattern":"^x[0-9]$"}}}}}}},
            {"if":{"properties":{"meta":{"properties":{"degree":{"const":2}}}}},
            "then":{"properties":{"data":{"properties":{"central":{"propertyNames":{"pattern":"^y[0-9]{2}$"}}}}}}}]}
            """ },
        // gaspar: ifs on a required discriminator whose thens close the object and name the discriminator again.
        { "ifs on a discriminator whose thens close the object", """
            {"type":"object","required":["out"],"properties":{"out":{"type":"array","minItems":1,"maxItems":3,"items":{"type":"object",
            "required":["Type","Location"],"properties":{"Type":{"enum":["A","B","C"]},"Location":{"type":"string","minLength":1},
            "Prefix":{"type":"string"}},"allOf":[{"if":{"properties":{"Type":{"const":"A"}}},"then":{"additionalProperties":false,
            "properties":{"Type":true,"Location":true,"Prefix":true,"x":{"type":"string"}}}},{"if":{"properties":{"Type":{"const":"B"}}},
            "then":{"additionalProperties":false,"properties":{"Type":true,"Location":true,"y":{"type":"boolean"}}}},
            {"if":{"properties":{"Type":{"const":"C"}}},"then":{"additionalProperties":false,"properties":{"Type":true,"Location":true,
            "Prefix":true,"z":{"type":"integer"}}}}]}}}}
            """ },
        // prometheus's remote_write: at most one of several optional settings, each an if/then setting the others to null,
        // which they cannot be (a oneOf of required on each): only the object's check keeps them apart.
        { "optional members that ifs keep apart by a check alone", """
            {"type":"object","required":["items"],"properties":{"items":{"type":"array","minItems":5,"maxItems":5,
            "items":{"$ref":"#/$defs/item"}}},"$defs":{"auth":{"type":["object","null"],"required":["u"],
            "properties":{"u":{"type":"string"},"p":{"type":"string"},"f":{"type":"string"}},"oneOf":[{"required":["p"]},{"required":["f"]}]},
            "item":{"type":"object","properties":{"a":{"$ref":"#/$defs/auth"},"b":{"$ref":"#/$defs/auth"},
            "c":{"$ref":"#/$defs/auth"},"d":{"$ref":"#/$defs/auth"}},"allOf":[
            {"if":{"not":{"properties":{"a":{"const":null}}}},"then":{"properties":{"b":{"const":null},"c":{"const":null},"d":{"const":null}}}},
            {"if":{"not":{"properties":{"b":{"const":null}}}},"then":{"properties":{"a":{"const":null},"c":{"const":null},"d":{"const":null}}}},
            {"if":{"not":{"properties":{"c":{"const":null}}}},"then":{"properties":{"a":{"const":null},"b":{"const":null},"d":{"const":null}}}},
            {"if":{"not":{"properties":{"d":{"const":null}}}},"then":{"properties":{"a":{"const":null},"b":{"const":null},"c":{"const":null}}}}]}}}
            """ },
        // biome's linter domains: a map whose names are a $ref to a oneOf of consts (plain words were made before).
        { "property names that are one of several consts", """
            {"type":"object","required":["domains"],"properties":{"domains":{"type":"object","minProperties":1,
            "additionalProperties":{"enum":["all","none","recommended"]},"propertyNames":{"$ref":"#/$defs/domain"}}},
            "$defs":{"domain":{"oneOf":[{"type":"string","const":"react"},{"type":"string","const":"vue"},
            {"type":"string","const":"test"}]}}}
            """ },
        // Hyper-schema links (href: uri-template) and JSON pointers: made in their shapes, words were made before.
        { "formats a word does not satisfy", """
            {"type":"object","required":["href","ptr","rel"],"properties":{"href":{"type":"string","format":"uri-template"},
            "ptr":{"type":"string","format":"json-pointer"},"rel":{"type":"string","format":"relative-json-pointer"}}}
            """ },
        // mongodb-atlas-search's field mapping: each optional property narrows "type" its own way when present.
        { "schema dependencies narrowing the same property", """
            {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{"type":{"enum":["auto","doc","num","str"]},
            "grams":{"type":"integer"},"fold":{"type":"boolean"},"dynamic":{"type":"boolean"},"fields":{"type":"object"},"repr":{"type":"string"},
            "analyzer":{"type":"string"}},"dependencies":{"analyzer":{"properties":{"type":{"enum":["auto","str"]}}},
            "grams":{"properties":{"type":{"enum":["auto"]}}},"fold":{"properties":{"type":{"enum":["auto"]}}},
            "dynamic":{"properties":{"type":{"enum":["doc"]}}},"fields":{"properties":{"type":{"enum":["doc"]}}},
            "repr":{"properties":{"type":{"enum":["num"]}}}}}
            """ },
    };

    /// <summary>jasonette's and webextension's <c>format: url</c>, which ajv-formats checks (JsonSchema.Net does not know it).</summary>
    [Fact]
    public void Format_url_makes_urls_ajv_accepts()
    {
        const string schemaText = """
            {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","required":["icon"],
            "properties":{"icon":{"type":"string","format":"url"}}}
            """;
        var plan = GenerationPlan.Create(SchemaReader.Read(Encoding.UTF8.GetBytes(schemaText), SchemaLanguage.JsonSchema,
            SchemaReadLimits.Default), [], null);
        var records = EngineFixtures.RecordsOfManySeeds(plan, 5, 20, jsonlEvery: 3);
        Assert.All(records, r => Assert.StartsWith("http", (string)r!["icon"]!));
        RecursionTests.AssertAjvValid("format-url", schemaText, records);
    }

    /// <summary>vtesttree: a dependency, or an if of only required without else, whose schema only forbids properties is a
    /// group of names never all present, made by construction. As a conditional the object was drawn whole and checked:
    /// a tree of such objects in a oneOf failed after 64 draws, and the recursive case above took minutes.</summary>
    [Fact]
    public void Dependencies_that_only_forbid_properties_are_groups_never_all_present()
    {
        const string schemaText = """
            {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{"a":{"type":"string"},"b":{"type":"string"},
            "c":{"type":"string"},"x":{"type":"integer"},"y":{"type":"integer"},"z":{"type":"integer"}},
            "dependencies":{"a":{"allOf":[{"not":{"required":["b"]}},{"not":{"required":["c"]}}]},
            "b":{"not":{"anyOf":[{"required":["a"]},{"required":["c"]}]}},"c":{"title":"one of them","not":{"required":["a","z"]}}},
            "allOf":[{"if":{"required":["x"]},"then":{"not":{"required":["y"]}}},
            {"if":{"required":["y"],"title":"y"},"then":{"not":{"required":["z"]}}}]}
            """;
        var node = SchemaReader.Read(Encoding.UTF8.GetBytes(schemaText), SchemaLanguage.JsonSchema, SchemaReadLimits.Default).Roots[0];
        Assert.Equal(["a+b", "a+c", "b+a", "b+c", "c+a+z", "x+y", "y+z"], node.NotAllPresent!.Select(g => string.Join("+", g)).Order());
        Assert.Null(node.Conditionals);
        Assert.Null(node.Checks);
    }

    /// <summary>
    /// The strict draft-07 meta-schema: each optional keyword needs a "type" of its kind through a dependency that is a
    /// oneOf (or anyOf) of narrowings of "type" to one value each. Read as the one narrowing it means ("type" among those
    /// values, present for a oneOf), a trigger contradicting the type already chosen is left out by construction. As a
    /// choice it was checked on the whole object: nearly every draw with several keywords failed (1.6 s per record).
    /// </summary>
    [Fact]
    public void Dependencies_that_are_a_oneOf_of_values_for_one_property_are_made_by_construction()
    {
        const string schemaText = """
            {"$schema":"http://json-schema.org/draft-07/schema#","type":"object",
            "definitions":{"numeric":{"oneOf":[{"properties":{"type":{"const":"integer"}}},{"properties":{"type":{"const":"number"}}}]},
            "text":{"oneOf":[{"properties":{"type":{"const":"string"}}}]},
            "container":{"anyOf":[{"properties":{"type":{"const":"array"}}},{"properties":{"type":{"enum":["object","array"]}}}]}},
            "properties":{"type":{"enum":["integer","number","string","array","object"]},"minimum":{"type":"number"},
            "maximum":{"type":"number"},"multipleOf":{"type":"number"},"minLength":{"type":"integer"},"maxLength":{"type":"integer"},
            "pattern":{"type":"string"},"minItems":{"type":"integer"},"maxItems":{"type":"integer"},"required":{"type":"array"}},
            "dependencies":{"minimum":{"$ref":"#/definitions/numeric"},"maximum":{"$ref":"#/definitions/numeric"},
            "multipleOf":{"$ref":"#/definitions/numeric"},"minLength":{"$ref":"#/definitions/text"},"maxLength":{"$ref":"#/definitions/text"},
            "pattern":{"$ref":"#/definitions/text"},"minItems":{"$ref":"#/definitions/container"},
            "maxItems":{"$ref":"#/definitions/container"},"required":{"$ref":"#/definitions/container"}}}
            """;
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(schemaText), SchemaLanguage.JsonSchema, SchemaReadLimits.Default);
        Assert.Null(repr.Roots[0].Checks);
        var records = EngineFixtures.RecordsOfManySeeds(GenerationPlan.Create(repr, [], null), 4, 100, jsonlEvery: 3);
        RecursionTests.AssertAjvValid("oneof-of-values-dependencies", schemaText, records);
        // Every kind of trigger is made, each with a type of its kind: present under a oneOf of two (absent, it would match
        // both), possibly absent under a oneOf of one or an anyOf.
        foreach (var (keyword, types) in new[] { ("minimum", "integer number"), ("minLength", "string absent"), ("minItems", "array object absent") })
        {
            var holding = records.Where(r => r!.AsObject().ContainsKey(keyword)).ToList();
            Assert.NotEmpty(holding);
            Assert.All(holding, r => Assert.Contains((string?)r!["type"] ?? "absent", types.Split(' ')));
        }
    }

    /// <summary>
    /// codeship's steps: one if per step type, each further one in the else of the one before ("else if"), each then
    /// forbidding the members other types use (<c>type: null</c> on an array, <c>false</c>, <c>not: {}</c>) and requiring
    /// its own. As one conditional its else could not be made, so each step was checked against the whole chain and
    /// redrawn; a step with three forbidden optional members passed one draw in a hundred, and nested steps ran every
    /// record into the redraw budget (1 s a record). Each link is now a conditional taken where the one before fails, and
    /// a side leaves out what it forbids: no check, no redraw.
    /// </summary>
    [Fact]
    public void An_else_if_chain_whose_sides_forbid_members_is_made_by_construction()
    {
        const string schemaText = """
            {"$schema":"http://json-schema.org/draft-07/schema#","definitions":{"step":{"type":"object","additionalProperties":false,
            "properties":{"type":{"type":"string","enum":["run","push","serial"]},"command":{"type":"string"},"image":{"type":"string"},
            "registry":{"type":"string"},"steps":{"type":"array","items":{"$ref":"#/definitions/step"}}},
            "if":{"properties":{"type":{"const":"run"}}},
            "then":{"properties":{"steps":{"type":"null"},"image":{"type":"null"},"registry":false},"required":["command"]},
            "else":{"description":"push","if":{"properties":{"type":{"const":"push"}}},
              "then":{"properties":{"command":{"type":"null"},"steps":{"type":"null"}},"required":["image","registry"]},
              "else":{"if":{"properties":{"type":{"const":"serial"}}},
                "then":{"properties":{"command":{"not":{}},"image":{"type":"null"},"registry":{"type":"null"}},"required":["steps"]}}}}},
            "type":"array","items":{"$ref":"#/definitions/step"}}
            """;
        var plan = GenerationPlan.Create(SchemaReader.Read(Encoding.UTF8.GetBytes(schemaText), SchemaLanguage.JsonSchema,
            SchemaReadLimits.Default), [], null);
        var step = plan.Nodes.First(n => n.Conditionals is not null);
        Assert.Null(step.Checks);
        Assert.Equal([-1, 0, 1], step.Conditionals!.Select(c => c.ElseOf));
        var engine = new RecordEngine(plan, seed: 1, german: false);
        for (var i = 0; i < 50; i++)
        {
            engine.MakeRecord(i, null, 0);
            Assert.Equal(0, engine.Redraws);
        }
        var records = EngineFixtures.RecordsOfManySeeds(plan, 4, 30, jsonlEvery: 3);
        RecursionTests.AssertAjvValid("else-if-chain", schemaText, records);
        var steps = new List<JsonObject>();
        void Collect(JsonNode? list)
        {
            foreach (var s in list?.AsArray() ?? [])
            {
                steps.Add(s!.AsObject());
                Collect(s["steps"]);
            }
        }
        foreach (var r in records) Collect(r);
        // Every type is made with what its then asks for (no type at all is a run step: the first if holds).
        foreach (var (type, present, absent) in new[]
        {
            ("run", "command", "steps image registry"), ("push", "image registry", "command steps"), ("serial", "steps", "command image registry"),
        })
        {
            var ofType = steps.Where(s => ((string?)s["type"] ?? "run") == type).ToList();
            Assert.NotEmpty(ofType);
            Assert.All(ofType, s => Assert.All(present.Split(' '), m => Assert.True(s.ContainsKey(m), $"{type} without {m}")));
            Assert.All(ofType, s => Assert.All(absent.Split(' '), m => Assert.False(s.ContainsKey(m), $"{type} with {m}")));
        }
    }

    /// <summary>
    /// minecraft-recipe: ifs on distinct values of an optional "type" (made required, so that only one holds) whose thens
    /// name "type" again through a shared definition, and one then checked as a whole ($ref next to oneOf and properties,
    /// which draft-07 validators other than ajv read without the siblings). The thens must not make "type" optional again,
    /// and the check must apply the $ref's siblings as the generator does. ajv reads them so.
    /// </summary>
    [Fact]
    public void Ifs_on_a_discriminator_with_thens_sharing_a_ref_keep_it_and_their_checks()
    {
        const string schemaText = """
            {"$schema":"http://json-schema.org/draft-07/schema#","definitions":{"common":{"type":"object","properties":{"type":{"type":"string"},
            "group":{"type":"string"}}},"item":{"type":"object","properties":{"item":{"type":"string"}}}},
            "type":"object","properties":{"type":{"enum":["shaped","smithing","cutting"]}},"allOf":[
            {"if":{"properties":{"type":{"const":"shaped"}}},"then":{"$ref":"#/definitions/common","properties":{"result":{"type":"object"}}}},
            {"if":{"properties":{"type":{"const":"smithing"}}},"then":{"$ref":"#/definitions/common","properties":{"result":{"type":"object"}}}},
            {"if":{"properties":{"type":{"const":"cutting"}}},"then":{"$ref":"#/definitions/common","oneOf":[{"$ref":"#/definitions/item"},
            {"type":"array"}],"properties":{"result":{"type":"string"}}}}]}
            """;
        var plan = GenerationPlan.Create(SchemaReader.Read(Encoding.UTF8.GetBytes(schemaText), SchemaLanguage.JsonSchema,
            SchemaReadLimits.Default), [], null);
        var records = EngineFixtures.RecordsOfManySeeds(plan, 6, 20, jsonlEvery: 3);
        Assert.All(records, r => Assert.NotNull(r!["type"]));
        RecursionTests.AssertAjvValid("discriminator-thens-sharing-a-ref", schemaText, records);
    }

    /// <summary>
    /// EPCIS 2.0: ifs on a free "type" for each known value, and a last if that holds for none of them ("not" of the
    /// enum), whose then makes "type" a URI and requires more. Decided before "type" was made, that if never held, so no
    /// record took its then and every draw failed the check ("no value made in 64 draws"). Its then's value is now made
    /// first and the if decided on it.
    /// </summary>
    [Fact]
    public void An_if_that_fails_on_the_unmade_property_its_then_replaces_is_decided_on_the_thens_value()
    {
        const string schemaText = """
            {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","required":["type"],"properties":{"type":{"type":"string"}},
            "allOf":[
            {"if":{"properties":{"type":{"enum":["ObjectEvent"]}}},"then":{"properties":{"action":{"enum":["ADD","DELETE"]}},"required":["action"]}},
            {"if":{"not":{"properties":{"type":{"enum":["ObjectEvent","AggregationEvent"]}}}},
             "then":{"properties":{"type":{"type":"string","pattern":"^urn:ext:[a-z]{3,8}$"},"eventTime":{"type":"string","format":"date-time"}},
             "required":["type","eventTime"]}}]}
            """;
        var plan = GenerationPlan.Create(SchemaReader.Read(Encoding.UTF8.GetBytes(schemaText), SchemaLanguage.JsonSchema,
            SchemaReadLimits.Default), [], null);
        var records = EngineFixtures.RecordsOfManySeeds(plan, 4, 10, jsonlEvery: 2);
        Assert.Contains(records, r => r!["type"]!.GetValue<string>().StartsWith("urn:ext:", StringComparison.Ordinal) && r["eventTime"] is not null);
        RecursionTests.AssertAjvValid("if-on-the-unmade-property", schemaText, records);
    }

    /// <summary>
    /// EPCIS 2.0's root and Cloud Run's resources: ifs on a property that is any string, each naming one kind and giving
    /// that kind's whole schema (here one with an anyOf, which no property-by-property merge can make), and a last if
    /// for every other value. Drawn freely, the property never took a named value: every record was of the last kind.
    /// The named kinds are now alternatives of their own.
    /// </summary>
    [Fact]
    public void Ifs_naming_kinds_of_a_free_discriminator_give_records_of_every_kind()
    {
        const string schemaText = """
            {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","required":["type"],"properties":{"type":{"type":"string"}},
            "definitions":{
             "object":{"type":"object","properties":{"type":{"const":"ObjectEvent"},"epcList":{"type":"array","items":{"type":"string"}},
              "quantity":{"type":"integer","minimum":1}},"anyOf":[{"required":["epcList"]},{"required":["quantity"]}]},
             "aggregation":{"type":"object","properties":{"type":{"const":"AggregationEvent"},"parentID":{"type":"string","format":"uri"}},
              "required":["parentID"]}},
            "allOf":[
            {"if":{"type":"object","properties":{"type":{"enum":["ObjectEvent"]}}},"then":{"$ref":"#/definitions/object"}},
            {"if":{"properties":{"type":{"const":"AggregationEvent"}}},"then":{"$ref":"#/definitions/aggregation"}},
            {"if":{"not":{"properties":{"type":{"enum":["ObjectEvent","AggregationEvent"]}}}},
             "then":{"properties":{"type":{"type":"string","pattern":"^urn:ext:[a-z]{3,8}$"}},"required":["type"]}}]}
            """;
        var plan = GenerationPlan.Create(SchemaReader.Read(Encoding.UTF8.GetBytes(schemaText), SchemaLanguage.JsonSchema,
            SchemaReadLimits.Default), [], null);
        var records = EngineFixtures.RecordsOfManySeeds(plan, 4, 15, jsonlEvery: 2);
        var kinds = records.Select(r => r!["type"]!.GetValue<string>()).Select(t => t.StartsWith("urn:ext:", StringComparison.Ordinal) ? "ext" : t).ToHashSet();
        Assert.Equal(["AggregationEvent", "ObjectEvent", "ext"], kinds.Order());
        Assert.All(records.Where(r => r!["type"]!.GetValue<string>() == "AggregationEvent"), r => Assert.NotNull(r!["parentID"]));
        RecursionTests.AssertAjvValid("ifs-naming-kinds", schemaText, records);
    }

    [Fact]
    public void A_field_no_string_of_whose_patterns_match_all_is_refused_naming_them()
    {
        const string schemaText = """
            {"type":"object","required":["code"],"properties":{"code":{"type":"string","allOf":[{"pattern":"^[0-9]{3}$"},{"pattern":"^[a-z]+$"}]}}}
            """;
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(schemaText), SchemaLanguage.JsonSchema, SchemaReadLimits.Default);
        var e = Assert.Throws<UnsatisfiableSchemaException>(() => GenerationPlan.Create(repr, [], null));
        Assert.Contains("'^[0-9]{3}$', '^[a-z]+$'", e.Message);
    }

    /// <summary>STIX: custom-property rules (a $ref) apply to an object and again to an extension inside it, which must
    /// hold a property (minProperties). Past the recursion cut the extension is still made with what it must hold.</summary>
    [Fact]
    public void A_node_past_the_recursion_cut_still_holds_what_it_must()
    {
        const string schemaText = """
            {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","required":["ext"],"allOf":[{"$ref":"#/$defs/custom"}],
            "properties":{"ext":{"type":"object","minProperties":1,"allOf":[{"$ref":"#/$defs/custom"}]}},
            "$defs":{"custom":{"patternProperties":{"^[a-z]{4,8}$":{"type":"string"},"^ext$":{"type":"object"}},"additionalProperties":false}}}
            """;
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(schemaText), SchemaLanguage.JsonSchema,
            SchemaReadLimits.Default with { MaxRecursion = 1 });
        var plan = GenerationPlan.Create(repr, [], null);
        var records = EngineFixtures.RecordsOfManySeeds(plan, 3, 10, jsonlEvery: 3);
        Assert.All(records, r => Assert.NotEmpty(r!["ext"]!.AsObject()));
        RecursionTests.AssertAjvValid("content-past-the-recursion-cut", schemaText, records);
    }

    /// <summary>flagd's targeting rules: a fractional split is a tuple whose first item is a rule again (an anyOf of closed
    /// objects). Cut at the reader's recursion limit, that item's kind is only guessed, and a string was made for it; the
    /// tuple needs it (minItems), so that form is not taken there and the other alternative of the oneOf is.</summary>
    [Fact]
    public void A_tuple_whose_required_first_item_is_cut_at_the_recursion_limit_is_not_made()
    {
        const string schemaText = """
            {"$schema":"http://json-schema.org/draft-07/schema#","$ref":"#/definitions/rule","definitions":{
            "rule":{"anyOf":[{"$ref":"#/definitions/var"},{"$ref":"#/definitions/frac"}]},
            "var":{"type":"object","additionalProperties":false,"properties":{"var":{"type":"string"}}},
            "frac":{"type":"object","additionalProperties":false,"required":["fractional"],"properties":{"fractional":{"oneOf":[
            {"type":"array","minItems":1,"items":[{"$ref":"#/definitions/rule","maxLength":100},{"type":"integer"}]},
            {"type":"array","minItems":1,"items":{"type":"array","items":[{"type":"string"}],"minItems":1,"maxItems":1}}]}}}}}
            """;
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(schemaText), SchemaLanguage.JsonSchema,
            SchemaReadLimits.Default with { MaxRecursion = 1 });
        Assert.Contains(repr.AllNodes(), n => n.Truncated && n.Required);
        var records = EngineFixtures.RecordsOfManySeeds(GenerationPlan.Create(repr, [], null), 3, 40, jsonlEvery: 3);
        Assert.Contains(records, r => r!["fractional"] is JsonArray { Count: > 0 } split && split[0] is JsonArray);
        RecursionTests.AssertAjvValid("tuple-item-past-the-cut", schemaText, records);
    }

    /// <summary>FHIR's definitions have no <c>type</c> (609 of 626): null satisfies them, but only because nothing says
    /// otherwise, and a tenth of every resource's elements came out null (<c>"modifierExtension": [null]</c>).</summary>
    [Fact]
    public void A_value_whose_kind_is_guessed_from_its_keywords_is_null_only_where_a_rule_asks()
    {
        const string schemaText = """
            {"type":"object","required":["a","b"],"properties":{"a":{"properties":{"x":{"type":"integer"}}},
            "b":{"type":["object","null"],"properties":{"x":{"type":"integer"}}}}}
            """;
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(schemaText), SchemaLanguage.JsonSchema, SchemaReadLimits.Default);
        var records = EngineFixtures.RecordsOfManySeeds(GenerationPlan.Create(repr, [], null), 3, 100, jsonlEvery: 3);
        Assert.All(records, r => Assert.IsType<JsonObject>(r!["a"]));
        Assert.Contains(records, r => r!["b"] is null);
        var asked = EngineFixtures.RecordsOfManySeeds(
            GenerationPlan.Create(repr, [new Tdmp.Generation.Constraints.ConstraintRule { Field = "a", NullRate = 0.5 }], null), 3, 100,
            jsonlEvery: 3);
        Assert.Contains(asked, r => r!["a"] is null);
    }

    /// <summary>micro's syntax files: rules are a uniqueItems array of objects whose 45 optional properties are each a
    /// string or a region holding rules again. At the recursion bound an item can only be <c>{}</c>; each array redrew it
    /// a hundred times, which spent the record's redraw budget, after which repeated items were kept.</summary>
    [Fact]
    public void Unique_items_cut_to_one_value_at_the_recursion_bound_end_the_array_instead_of_repeating()
    {
        var properties = string.Join(",", Enumerable.Range(0, 45).Select(i => $"\"p{i}\": {{\"$ref\": \"#/definitions/region\"}}"));
        var schemaText = """
            {"$schema":"http://json-schema.org/draft-07/schema#","definitions":{
            "region":{"oneOf":[{"type":"string","minLength":1},{"type":"object","properties":{"start":{"type":"string"},
              "rules":{"$ref":"#/definitions/rules"}},"additionalProperties":false}]},
            "rules":{"type":"array","uniqueItems":true,"items":{"type":"object","properties":{PROPERTIES},"additionalProperties":false}}},
            "type":"object","properties":{"rules":{"$ref":"#/definitions/rules"}},"additionalProperties":false}
            """.Replace("PROPERTIES", properties);
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(schemaText), SchemaLanguage.JsonSchema, SchemaReadLimits.Default);
        var records = EngineFixtures.RecordsOfManySeeds(GenerationPlan.Create(repr, [], null), 6, 8, jsonlEvery: 3);
        var arrays = records.SelectMany(r => Descendants(r!)).OfType<JsonArray>().ToList();
        Assert.Contains(arrays, a => a.Count > 1);
        Assert.All(arrays, a => Assert.Equal(a.Count, a.Select(i => i!.ToJsonString()).Distinct().Count()));
        RecursionTests.AssertAjvValid("unique-items-at-the-bound", schemaText, records);

        static IEnumerable<JsonNode> Descendants(JsonNode node) => node switch
        {
            JsonObject o => o.Select(m => m.Value).OfType<JsonNode>().SelectMany(Descendants).Prepend(node),
            JsonArray a => a.OfType<JsonNode>().SelectMany(Descendants).Prepend(node),
            _ => [node],
        };
    }

    /// <summary>Azure Pipelines' tasks: each of 259 alternatives narrows the <c>task</c> property, which offers all 259 task
    /// names, to its own; each builds every name and keeps one. The names dropped counted toward the 20,000-node limit, and
    /// the schema was refused for it.</summary>
    [Fact]
    public void Alternatives_dropped_while_a_choice_is_built_do_not_count_toward_the_node_limit()
    {
        const int tasks = 160; // 160 × 160 names: over the limit when every one counted
        var names = string.Join(",", Enumerable.Range(0, tasks).Select(i => $"{{\"enum\":[\"Task{i}@1\"]}}"));
        var alternatives = string.Join(",", Enumerable.Range(0, tasks).Select(i => $"{{\"properties\":{{\"task\":{{\"pattern\":\"^Task{i}@1$\"}},"
            + $"\"inputs\":{{\"type\":\"object\",\"properties\":{{\"p{i}\":{{\"type\":\"string\"}}}}}}}}}}"));
        var schemaText = """
            {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","required":["steps"],
            "properties":{"steps":{"type":"array","minItems":1,"items":{"$ref":"#/definitions/task"}}},
            "definitions":{"task":{"type":"object","required":["task"],"additionalProperties":false,
            "properties":{"task":{"anyOf":[NAMES]},"inputs":{"type":"object"},"name":{"type":"string"}},"anyOf":[ALTERNATIVES]}}}
            """.Replace("NAMES", names).Replace("ALTERNATIVES", alternatives);
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(schemaText), SchemaLanguage.JsonSchema, SchemaReadLimits.Default);
        Assert.InRange(repr.AllNodes().Count(), tasks, SchemaReadLimits.Default.MaxNodes / 2);
        var records = EngineFixtures.RecordsOfManySeeds(GenerationPlan.Create(repr, [], null), 3, 20, jsonlEvery: 3);
        Assert.True(records.SelectMany(r => r!["steps"]!.AsArray()).Select(s => (string)s!["task"]!).Distinct().Count() > 10);
        RecursionTests.AssertAjvValid("dropped-alternatives", schemaText, records);
    }

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Every_record_validates(string feature, string schemaText)
    {
        var repr = SchemaReader.Read(Encoding.UTF8.GetBytes(schemaText), SchemaLanguage.JsonSchema, SchemaReadLimits.Default);
        var plan = GenerationPlan.Create(repr, [], null);
        var (sink, result) = EngineFixtures.Generate(plan,
            new GenerationOptions { Seed = feature.Length, RecordCount = 300, Types = [OutputFormat.Json] });
        var schema = JsonSchema.FromText(schemaText, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        var records = JsonNode.Parse(sink.Bytes(result.Files[0].Name))!.AsArray();
        Assert.Equal(300, records.Count);
        foreach (var record in records)
        {
            var errors = JsonSchemaNet.Errors(schema, record);
            Assert.True(errors is null, $"{feature}: {record!.ToJsonString()} => {errors}");
        }
    }
}
