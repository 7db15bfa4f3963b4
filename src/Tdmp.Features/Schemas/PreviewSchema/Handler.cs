using Tdmp.Generation.Engine;
using Tdmp.Generation.Schema;
using Tdmp.Generation.Writers;

namespace Tdmp.Features.Schemas.PreviewSchema;

public sealed record PreviewSchemaQuery(long SchemaId, long? ConstraintSetId, int Count, long? Seed, string? RootPath, int? MaxDepth,
    DateOnly? ReferenceDate, string Format)
    : IQuery<SchemaPreview>;

/// <summary>The records as the dataset file of <see cref="Seed"/> would start, and the seed that made them.</summary>
public sealed record SchemaPreview(byte[] Content, string ContentType, long Seed);

public sealed class PreviewSchemaHandler(NpgsqlDataSource db, ICurrentUser caller, SchemaReadLimits readLimits)
    : IQueryHandler<PreviewSchemaQuery, SchemaPreview>
{
    private const string ConstraintSetSql = """
        SELECT c.tenant_id, c.version
        FROM constraint_sets c
        WHERE c.constraint_set_id = @constraint_set_id AND c.schema_id = @schema_id
          AND (@caller_role = 'superuser' OR c.tenant_id = @caller_tenant_id)
        """;

    public async ValueTask<SchemaPreview> Handle(PreviewSchemaQuery query, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var repr = await SchemaReprs.LoadForRootAsync(connection, caller, query.SchemaId, query.RootPath, readLimits, ct);
        var rules = query.ConstraintSetId is { } setId
            ? await connection.QuerySingleOrDefaultAsync<(long tenant_id, int version)?>(new CommandDefinition(ConstraintSetSql,
                    CallerScope.Parameters(caller, new { constraint_set_id = setId, schema_id = query.SchemaId }), cancellationToken: ct)) is { } set
                ? await ConstraintRules.LoadAsync(connection, set.tenant_id, setId, set.version, ct)
                : throw new RuleViolationException("constraint_set_id", "No constraint set with this id belongs to the schema.")
            : [];
        if (query.RootPath is { } root && repr.Find(root) is null)
            throw new RuleViolationException("root_path",
                $"The schema has no node '{root}'; roots: {string.Join(", ", repr.Roots.Select(r => r.Path))}.");

        // The same recipe and engine as the dataset worker, so these are the dataset's first records byte for byte.
        var seed = query.Seed ?? Random.Shared.NextInt64(1, 1L << 53);
        var parameters = new DatasetParams
        {
            RootPath = query.RootPath, MaxDepth = query.MaxDepth, ReferenceDate = query.ReferenceDate ?? DateOnly.FromDateTime(DateTime.UtcNow),
        };
        var sink = new MemorySink();
        try
        {
            DatasetGenerator.Generate(DatasetRecipe.Plan(repr, rules, parameters),
                DatasetRecipe.Options(seed, query.Count, [query.Format], parameters, maxDegreeOfParallelism: 1), sink, null, ct);
        }
        catch (UnsatisfiableSchemaException e)
        {
            throw new RuleViolationException(query.ConstraintSetId is null ? "schema_id" : "constraint_set_id", e.Message);
        }
        return new SchemaPreview(sink.Content.ToArray(), OutputFormats.Named(query.Format)!.ContentType, seed);
    }

    /// <summary>
    /// Keeps the records' file of a preview in memory: a format's first part (not the second JSON part an XSD root's own
    /// content goes to).
    /// </summary>
    private sealed class MemorySink : IOutputSink
    {
        private string? _recordsPart;

        public MemoryStream Content { get; } = new();

        public Stream Open(OutputFileInfo file)
        {
            _recordsPart ??= file.Part;
            return file.Part == _recordsPart ? new NonClosing(Content) : Stream.Null;
        }

        /// <summary>The engine disposes each file when it is complete; the bytes must outlive that.</summary>
        private sealed class NonClosing(Stream inner) : Stream
        {
            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => inner.Length;
            public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
            public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
        }
    }
}
