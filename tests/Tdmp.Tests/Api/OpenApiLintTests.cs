using Tdmp.Tests.Generation.Engine;

namespace Tdmp.Tests.Api;

/// <summary>
/// The served document passes the two linters CI teams run before generating a client: spectral with its
/// <c>spectral:oas</c> ruleset and redocly with its recommended rules. Spectral's oas3-valid-*-example rules are errors,
/// so every example is also checked against its schema here; redocly's example rules are raised to errors as well.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiLintTests(TdmpApi api)
{
    private async Task<string> DocumentFileAsync(string dir)
    {
        var text = await api.Anonymous().GetStringAsync("/openapi/v1.json");
        var path = Path.Combine(dir, "openapi.json");
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    private static string Tool(string name)
        => File.Exists(Path.Combine(ExternalValidators.RepoRoot, ".tools", "node_modules", ".bin", name))
            ? Path.Combine(ExternalValidators.RepoRoot, ".tools", "node_modules", ".bin", name)
            : ExternalValidators.FindOnPath(name) ?? throw new InvalidOperationException($"{name} not found: run scripts/test-tools.sh");

    [Fact]
    public async Task Spectral_oas_reports_no_error()
    {
        var dir = Directory.CreateTempSubdirectory("tdmp-spectral").FullName;
        var document = await DocumentFileAsync(dir);
        var ruleset = Path.Combine(dir, ".spectral.yaml");
        await File.WriteAllTextAsync(ruleset, "extends: [\"spectral:oas\"]\n");
        var (exit, output) = ExternalValidators.Run(Tool("spectral"), ["lint", "--ruleset", ruleset, "--fail-severity", "error", document]);
        Assert.True(exit == 0, output);
        Assert.DoesNotContain(" error ", output);
    }

    [Fact]
    public async Task Redocly_recommended_reports_no_error_and_every_example_fits_its_schema()
    {
        var dir = Directory.CreateTempSubdirectory("tdmp-redocly").FullName;
        var document = await DocumentFileAsync(dir);
        var config = Path.Combine(dir, "redocly.yaml");
        await File.WriteAllTextAsync(config, """
            extends:
              - recommended
            rules:
              no-invalid-media-type-examples: error
              no-invalid-schema-examples: error
              no-invalid-parameter-examples: error
            """);
        var (exit, output) = ExternalValidators.Run(Tool("redocly"), ["lint", "--config", config, "--format", "stylish", document],
            timeoutSeconds: 300);
        Assert.True(exit == 0, output);
    }
}
