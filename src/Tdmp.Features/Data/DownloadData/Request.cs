using FastEndpoints;
using Tdmp.Generation.Writers;

namespace Tdmp.Features.Data.DownloadData;

public sealed class DownloadDataRequest
{
    public long DatasetId { get; init; }
    /// <summary>A name of <see cref="OutputFormats"/> (<c>json</c>, <c>jsonl</c>, <c>csv</c>, <c>xml</c>, <c>sql</c>); the dataset's first type when
    /// absent.</summary>
    [QueryParam] public string? Format { get; init; }
    /// <summary>Which file of a split dataset; all files of the format as one zip when absent and there are several.</summary>
    [QueryParam] public int? FileIndex { get; init; }
    /// <summary>One table of csv or sql output: a <c>part</c> named in the dataset's <c>files</c> (the main table or a
    /// child table of a nested array). Every table (a zip when several) when absent.</summary>
    [QueryParam] public string? Part { get; init; }

    public sealed class Validator : Validator<DownloadDataRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Format).Must(f => f is null || OutputFormats.Named(f) is not null)
                .WithMessage($"Use one of {string.Join(", ", OutputFormats.Names)}.");
            RuleFor(r => r.FileIndex).GreaterThanOrEqualTo(0);
            RuleFor(r => r.Part).NotEmpty().MaximumLength(200).When(r => r.Part is not null);
        }
    }
}
