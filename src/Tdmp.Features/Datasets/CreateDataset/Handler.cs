using System.Text.Json;
using Tdmp.Generation.Constraints;
using Tdmp.Generation.Engine;
using Tdmp.Features.Datasets.Generation;

namespace Tdmp.Features.Datasets.CreateDataset;

public sealed record CreateDatasetCommand(
    string Name, long ProjectId, long SchemaId, long RecordCount, long? ConstraintSetId, IReadOnlyList<string> Types, DatasetParams Params)
    : ICommand<DatasetResponse>;

public sealed class CreateDatasetHandler(NpgsqlDataSource db, ICurrentUser user, AuditTrail audit, IDatasetQueue queue)
    : ICommandHandler<CreateDatasetCommand, DatasetResponse>
{
    private const string ContextSql = """
        SELECT t.max_record_count AS MaxRecordCount,
               EXISTS (SELECT 1 FROM project_schemas ps WHERE ps.project_id = @project_id AND ps.schema_id = @schema_id) AS SchemaLinked,
               (SELECT c.version FROM constraint_sets c WHERE c.constraint_set_id = @constraint_set_id AND c.schema_id = @schema_id) AS ConstraintSetVersion
        FROM tenants t
        WHERE t.tenant_id = @tenant_id
        """;

    private const string InsertSql = """
        INSERT INTO datasets (tenant_id, project_id, schema_id, constraint_set_id, constraint_set_version, name, record_count,
                              types, params, seed, engine_version, created_by)
        VALUES (@tenant_id, @project_id, @schema_id, @constraint_set_id, @constraint_set_version, @name, @record_count,
                @types, CAST(@params AS jsonb), @seed, @engine_version, @created_by)
        RETURNING dataset_id
        """;

    private sealed record Context(long MaxRecordCount, bool SchemaLinked, int? ConstraintSetVersion);

    public async ValueTask<DatasetResponse> Handle(CreateDatasetCommand command, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var project = await ProjectAccess.RequireEditAsync(connection, null, user, command.ProjectId, ct);
        var context = await connection.QuerySingleAsync<Context>(new CommandDefinition(ContextSql, new
        {
            project_id = command.ProjectId, schema_id = command.SchemaId, constraint_set_id = command.ConstraintSetId, tenant_id = project.TenantId,
        }, cancellationToken: ct));

        // Everything that can be known before generating is refused here, not as a failed dataset later.
        var errors = new Dictionary<string, string[]>();
        if (!context.SchemaLinked)
            errors["schema_id"] = ["The schema is not linked to this project; link it with POST /projects/{project_id}/add-schema."];
        if (command.RecordCount > context.MaxRecordCount)
            errors["record_count"] = [$"At most {context.MaxRecordCount:N0} records per dataset in this tenant."];
        if (command.ConstraintSetId is not null && context.ConstraintSetVersion is null)
            errors["constraint_set_id"] = ["No constraint set with this id belongs to the schema."];
        if (errors.Count > 0)
            throw new RuleViolationException("The dataset cannot be generated: " + string.Join(" ", errors.Values.Select(v => v[0])), errors);

        var repr = await SchemaReprs.LoadAsync(connection, user, command.SchemaId, ct);
        var rules = command.ConstraintSetId is { } setId
            ? await ConstraintRules.LoadAsync(connection, project.TenantId, setId, context.ConstraintSetVersion!.Value, ct)
            : [];
        // Default date windows end at the reference date: stored with the dataset, so regenerating it gives the same files.
        command = command with { Params = command.Params with { ReferenceDate = command.Params.ReferenceDate ?? DateOnly.FromDateTime(DateTime.UtcNow) } };
        RequireGeneratable(repr, rules, command);

        // Below 2^53 so that jq and JavaScript clients read the stored seed back exactly.
        var seed = command.Params.Seed ?? Random.Shared.NextInt64(1, 1L << 53);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        long id;
        try
        {
            id = await connection.QuerySingleAsync<long>(new CommandDefinition(InsertSql, new
            {
                tenant_id = project.TenantId,
                project_id = command.ProjectId,
                schema_id = command.SchemaId,
                constraint_set_id = command.ConstraintSetId,
                constraint_set_version = context.ConstraintSetVersion,
                name = command.Name,
                record_count = command.RecordCount,
                types = command.Types.ToArray(),
                @params = JsonSerializer.Serialize(command.Params with { Seed = null }, StoredJson.Documents),
                seed,
                engine_version = GenerationPlan.EngineVersion,
                created_by = user.UserId,
            }, transaction, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new NotFoundException("The project, schema or constraint set was deleted while the dataset was being created.");
        }
        await audit.WriteAsync(connection, transaction, user, new AuditEntry("dataset.created", "dataset",
            id.ToString(System.Globalization.CultureInfo.InvariantCulture), command.ProjectId,
            new { command.Name, schema_id = command.SchemaId, command.RecordCount, types = command.Types, seed }, project.TenantId), ct);
        // Read before committing, so the answer shows the dataset as created (queued) even if a generator takes it at once.
        var created = await DatasetResponse.QueryAsync(connection, DatasetResponse.SelectSql + " WHERE d.dataset_id = @id", new { id }, ct);
        await transaction.CommitAsync(ct);
        await queue.WakeAsync(ct);
        return created[0];
    }

    /// <summary>The plan compiles (the schema and rules can be satisfied) and unique fields have room for every record.</summary>
    private static void RequireGeneratable(Tdmp.Generation.Schema.SchemaRepr repr, IReadOnlyList<ConstraintRule> rules, CreateDatasetCommand command)
    {
        var errors = new Dictionary<string, string[]>();
        if (command.Params.RootPath is { } root && repr.Find(root) is null)
            errors["params.root_path"] = [$"The schema has no node '{root}'; roots: {string.Join(", ", repr.Roots.Select(r => r.Path))}."];
        else
        {
            try
            {
                DatasetRecipe.Plan(repr, rules, command.Params);
            }
            catch (UnsatisfiableSchemaException e)
            {
                errors[rules.Count > 0 ? "constraint_set_id" : "schema_id"] = [e.Message];
            }
        }
        foreach (var (field, messages) in ConstraintChecker.CheckForRecordCount(repr, rules, command.RecordCount))
            errors["record_count"] = [.. errors.GetValueOrDefault("record_count", []), .. messages.Select(m => $"{field}: {m}")];
        if (errors.Count > 0)
            throw new RuleViolationException("The dataset cannot be generated: " + string.Join(" ", errors.Values.Select(v => v[0])), errors);
    }
}
