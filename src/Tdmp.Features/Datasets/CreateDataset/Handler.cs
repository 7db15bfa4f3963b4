using System.Text.Json;
using Tdmp.Generation.Constraints;
using Tdmp.Generation.Engine;
using Tdmp.Generation.Schema;
using Tdmp.Features.Datasets.Generation;

namespace Tdmp.Features.Datasets.CreateDataset;

public sealed record CreateDatasetCommand(
    string Name, long ProjectId, long SchemaId, long RecordCount, long? ConstraintSetId, IReadOnlyList<string> Types, DatasetParams Params)
    : ICommand<DatasetResponse>;

public sealed class CreateDatasetHandler(UnitOfWork work, ICurrentUser caller, AuditTrail audit, IDatasetQueue queue,
    SchemaReadLimits readLimits)
    : ICommandHandler<CreateDatasetCommand, DatasetResponse>
{
    private const string ContextSql = """
        SELECT t.max_record_count AS MaxRecordCount,
               EXISTS (SELECT 1 FROM project_schemas ps WHERE ps.project_id = @project_id AND ps.schema_id = @schema_id) AS SchemaLinked,
               (SELECT c.version FROM constraint_sets c
                WHERE c.constraint_set_id = @constraint_set_id AND c.schema_id = @schema_id) AS ConstraintSetVersion
        FROM tenants t
        WHERE t.tenant_id = @tenant_id
        """;

    private const string InsertSql = """
        INSERT INTO datasets (tenant_id, project_id, schema_id, constraint_set_id, constraint_set_version, name, record_count,
                              types, params, seed, engine_version, created_by, estimated_bytes)
        VALUES (@tenant_id, @project_id, @schema_id, @constraint_set_id, @constraint_set_version, @name, @record_count,
                @types, CAST(@params AS jsonb), @seed, @engine_version, @created_by, @estimated_bytes)
        RETURNING dataset_id
        """;

    private sealed record Context(long MaxRecordCount, bool SchemaLinked, int? ConstraintSetVersion);

    // The tenant row is locked for the rest of the transaction, so two creates cannot both take the last place.
    private const string ActiveSql = """
        SELECT (SELECT count(*) FROM datasets WHERE tenant_id = t.tenant_id AND status IN ('queued', 'running')) AS Tenant,
               (SELECT count(*) FROM datasets WHERE tenant_id = t.tenant_id AND created_by = @user_id AND status IN ('queued', 'running')) AS User
        FROM tenants t WHERE t.tenant_id = @tenant_id
        FOR UPDATE
        """;

    private sealed record Active(long Tenant, long User);

    /// <summary>A full queue empties as datasets finish: a client that waits this long has a fair chance of a place.</summary>
    private static readonly TimeSpan QueueRetryAfter = TimeSpan.FromSeconds(30);

    public async ValueTask<DatasetResponse> Handle(CreateDatasetCommand command, CancellationToken ct)
    {
        var connection = await work.ConnectionAsync(ct);
        var project = await ProjectAccess.RequireEditAsync(connection, null, caller, command.ProjectId, ct);
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

        var repr = await SchemaReprs.LoadForRootAsync(connection, caller, command.SchemaId, command.Params.RootPath, readLimits, ct);
        var rules = command.ConstraintSetId is { } setId
            ? await ConstraintRules.LoadAsync(connection, project.TenantId, setId, context.ConstraintSetVersion!.Value, ct)
            : [];
        // Default date windows end at the reference date: stored with the dataset, so regenerating it gives the same files.
        command = command with { Params = command.Params with { ReferenceDate = command.Params.ReferenceDate
            ?? DateOnly.FromDateTime(DateTime.UtcNow) } };
        // Below 2^53 so that jq and JavaScript clients read the stored seed back exactly.
        var seed = command.Params.Seed ?? Random.Shared.NextInt64(1, 1L << 53);
        var limits = await TenantLimits.LoadAsync(connection, null, project.TenantId, ct);
        var estimate = RequireGeneratable(repr, rules, command, limits, seed, ct);

        var (_, transaction) = await work.BeginAsync(ct);
        await RequireRoomAsync(connection, transaction, project.TenantId, limits, estimate, ct);
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
                created_by = caller.UserId,
                estimated_bytes = estimate.Bytes,
            }, transaction, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new NotFoundException("The project, schema or constraint set was deleted while the dataset was being created.");
        }
        audit.Record(new AuditEntry("dataset.created", "dataset",
            id.ToString(System.Globalization.CultureInfo.InvariantCulture), command.ProjectId,
            new { command.Name, schema_id = command.SchemaId, command.RecordCount, types = command.Types, seed }, project.TenantId));
        // Read before committing, so the answer shows the dataset as created (queued) even if a generator takes it at once.
        var created = await DatasetResponse.QueryAsync(connection, DatasetResponse.SelectSql + " WHERE d.dataset_id = @id", new { id }, ct);
        work.AfterCommit(queue.WakeAsync);
        return created[0];
    }

    /// <summary>The plan compiles (the schema and rules can be satisfied) within the tenant's value bounds, unique fields
    /// have room for every record, and a sample of the dataset's own records says it fits the tenant's size limits.</summary>
    private static DatasetEstimate RequireGeneratable(Tdmp.Generation.Schema.SchemaRepr repr, IReadOnlyList<ConstraintRule> rules,
        CreateDatasetCommand command, TenantLimits limits, long seed, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var planField = rules.Count > 0 ? "constraint_set_id" : "schema_id";
        GenerationPlan? plan = null;
        if (command.Params.RootPath is { } root && repr.Find(root) is null)
            errors["params.root_path"] = [$"The schema has no node '{root}'; roots: {string.Join(", ", repr.Roots.Select(r => r.Path))}."];
        else
        {
            try
            {
                plan = DatasetRecipe.Plan(repr, rules, command.Params, limits.Values);
            }
            catch (UnsatisfiableSchemaException e)
            {
                errors[planField] = [e.Message];
                plan = null;
            }
            catch (ValueLimitException e)
            {
                errors[planField] = [e.Message];
                plan = null;
            }
        }
        foreach (var (field, messages) in ConstraintChecker.CheckForRecordCount(repr, rules, command.RecordCount))
            errors["record_count"] = [.. errors.GetValueOrDefault("record_count", []), .. messages.Select(m => $"{field}: {m}")];
        if (errors.Count > 0 || plan is null)
            throw new RuleViolationException("The dataset cannot be generated: " + string.Join(" ", errors.Values.Select(v => v[0])), errors);

        DatasetEstimate estimate;
        var residentBefore = ProcessMemory.Resident;
        try
        {
            estimate = DatasetEstimator.Estimate(plan, DatasetRecipe.Options(seed, command.RecordCount, command.Types, command.Params,
                maxDegreeOfParallelism: 1, limits.MaxRecordBytes), ct);
        }
        catch (RecordTooLargeException e)
        {
            throw new RuleViolationException(planField, e.Message);
        }
        catch (UnsatisfiableSchemaException e)
        {
            throw new RuleViolationException(planField, e.Message);
        }
        finally
        {
            ProcessMemory.GiveBackAfter(residentBefore);
        }
        if (estimate.Bytes > limits.MaxDatasetBytes)
            errors["record_count"] = [$"The dataset would take about {TenantLimits.Bytes(estimate.Bytes)} "
                + $"(measured on {estimate.SampleRecords} of its records); "
                + $"this tenant allows {TenantLimits.Bytes(limits.MaxDatasetBytes)} per dataset (max_dataset_bytes). "
                + "Ask for fewer records or types."];
        if (estimate.Files > limits.MaxFilesPerDataset)
            errors["params.records_per_file"] = [$"The dataset would have {estimate.Files:N0} files; "
                + $"this tenant allows {limits.MaxFilesPerDataset:N0} per dataset (max_files_per_dataset). "
                + "Put more records in each file."];
        if (errors.Count > 0)
            throw new RuleViolationException("The dataset is over a limit of its tenant: " + string.Join(" ", errors.Values.Select(v => v[0])),
                errors);
        return estimate;
    }

    /// <summary>The queue quotas (429: a place frees up as datasets finish) and the tenant's storage (422).</summary>
    private async Task RequireRoomAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long tenantId, TenantLimits limits,
        DatasetEstimate estimate, CancellationToken ct)
    {
        var active = await connection.QuerySingleAsync<Active>(new CommandDefinition(ActiveSql,
            new { tenant_id = tenantId, user_id = caller.UserId }, transaction, cancellationToken: ct));
        if (active.User >= limits.MaxActiveDatasetsPerUser)
            throw new TooManyRequestsException(
                $"You have {active.User} queued or running datasets; this tenant allows {limits.MaxActiveDatasetsPerUser} per user "
                + "(max_active_datasets_per_user). Wait for one to finish or cancel one.", QueueRetryAfter);
        if (active.Tenant >= limits.MaxActiveDatasetsPerTenant)
            throw new TooManyRequestsException(
                $"The tenant has {active.Tenant} queued or running datasets; it may have {limits.MaxActiveDatasetsPerTenant} "
                + "(max_active_datasets_per_tenant). Wait for one to finish or cancel one.", QueueRetryAfter);
        var used = await TenantLimits.StoredAndReservedBytesAsync(connection, transaction, tenantId, except: 0, ct);
        if (used + estimate.Bytes > limits.MaxStoredBytes)
            throw new RuleViolationException("record_count",
                $"The dataset would take about {TenantLimits.Bytes(estimate.Bytes)}, and the tenant already uses "
                + $"{TenantLimits.Bytes(used)} (files plus queued and running datasets) "
                + $"of its {TenantLimits.Bytes(limits.MaxStoredBytes)} (max_stored_bytes). "
                + "Delete datasets that are no longer needed, or ask for fewer records.");
    }
}
