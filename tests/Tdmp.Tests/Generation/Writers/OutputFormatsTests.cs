using Tdmp.Features.Data.DownloadData;
using Tdmp.Features.Datasets.CreateDataset;
using Tdmp.Features.Schemas.PreviewSchema;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Writers;
using Tdmp.Tests.Generation.Engine;

namespace Tdmp.Tests.Generation.Writers;

/// <summary>The registry is the one list of formats: each entry is accepted everywhere a format is named and writes
/// files with its own extension. A place that kept its own list fails for the entry it lacks.</summary>
public class OutputFormatsTests
{
    [Fact]
    public void Registry_names_every_output_format_once_with_the_documented_extensions_and_content_types()
    {
        Assert.Equal(Enum.GetValues<OutputFormat>(), OutputFormats.All.Select(f => f.Format));
        Assert.Equal(["json", "jsonl", "csv", "xml", "sql"], OutputFormats.Names);
        Assert.Equal(["application/json", "application/x-ndjson", "text/csv; charset=utf-8", "application/xml", "application/sql"],
            OutputFormats.All.Select(f => f.ContentType));
        Assert.Equal(["csv"], OutputFormats.All.Where(f => f.PartPerTable).Select(f => f.Name));
        Assert.Equal(["json", "xml"], OutputFormats.PreviewNames);
        Assert.Equal("ARRAY['json', 'jsonl', 'csv', 'xml', 'sql']", OutputFormats.SqlNameArray);
    }

    [Fact]
    public void Every_registered_format_is_accepted_by_the_create_and_download_validators_and_parsed_by_the_engine()
    {
        foreach (var format in OutputFormats.All)
        {
            var create = new CreateDatasetRequest { Name = "n", ProjectId = 1, SchemaId = 1, RecordCount = 1, Types = [format.Name] };
            Assert.True(new CreateDatasetRequest.Validator().Validate(create).IsValid, format.Name);
            Assert.True(new DownloadDataRequest.Validator().Validate(new DownloadDataRequest { DatasetId = 1, Format = format.Name }).IsValid,
                format.Name);
            var preview = new PreviewSchemaRequest { SchemaId = 1, Count = 1, Format = format.Name };
            Assert.Equal(format.Previewable, new PreviewSchemaRequest.Validator().Validate(preview).IsValid);
            Assert.Equal(format.Format, GenerationOptions.ParseFormat(format.Name.ToUpperInvariant()));
        }
        var unknown = new CreateDatasetRequest { Name = "n", ProjectId = 1, SchemaId = 1, RecordCount = 1, Types = ["yaml"] };
        Assert.Contains("json, jsonl, csv, xml, sql", new CreateDatasetRequest.Validator().Validate(unknown).ToString());
        Assert.False(new DownloadDataRequest.Validator().Validate(new DownloadDataRequest { DatasetId = 1, Format = "yaml" }).IsValid);
        Assert.Throws<ArgumentException>(() => GenerationOptions.ParseFormat("yaml"));
    }

    [Fact]
    public void Every_registered_format_writes_files_named_with_its_extension_and_served_with_its_content_type()
    {
        var plan = EngineFixtures.Plan("order.schema.json");
        foreach (var format in OutputFormats.All)
        {
            var (_, result) = EngineFixtures.Generate(plan, new GenerationOptions { Seed = 3, RecordCount = 4, Types = [format.Format] });
            Assert.NotEmpty(result.Files);
            Assert.All(result.Files, file => Assert.EndsWith("." + format.Extension, file.Name));
            Assert.All(result.Files, file => Assert.Equal(format.ContentType, OutputFormats.ContentTypeOfFile(file.Name)));
            Assert.Equal(format.PartPerTable, result.Files.Any(f => f.Part != ""));
        }
        Assert.Equal("application/gzip", OutputFormats.ContentTypeOfFile("orders.csv.gz"));
        Assert.Equal("application/zip", OutputFormats.ContentTypeOfFile("dataset-1-csv.zip"));
    }
}
