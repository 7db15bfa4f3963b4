using System.Globalization;
using System.Text.Json;

namespace Tdmp.Features.Integrations.CreateIntegration;

public sealed record CreateIntegrationCommand(string Name, string Provider, Dictionary<string, JsonElement>? Config, string[]? Events)
    : ICommand<IntegrationResponse>;

public sealed class CreateIntegrationHandler(UnitOfWork work, ICurrentUser caller, AuditTrail audit, IntegrationSecrets secrets,
    IntegrationOptions options)
    : ICommandHandler<CreateIntegrationCommand, IntegrationResponse>
{
    private const string InsertSql = """
        INSERT INTO integrations AS i (tenant_id, name, provider, config, protected_secrets, events, created_by)
        VALUES (@tenant_id, @name, @provider, CAST(@config AS jsonb), @protected_secrets, @events, @created_by)
        RETURNING
        """ + " " + IntegrationRecord.Columns;

    public async ValueTask<IntegrationResponse> Handle(CreateIntegrationCommand command, CancellationToken ct)
    {
        var errors = new Dictionary<string, List<string>>();
        var config = IntegrationProviders.Validate(IntegrationProviders.Find(command.Provider)!, command.Config, command.Events, null,
            options.AllowPrivateTargets, errors);
        if (errors.Count > 0) throw IntegrationErrors.Invalid(errors);

        var (connection, transaction) = await work.BeginAsync(ct);
        IntegrationRecord created;
        try
        {
            created = await connection.QuerySingleAsync<IntegrationRecord>(new CommandDefinition(InsertSql, new
            {
                tenant_id = caller.TenantId,
                name = command.Name.Trim(),
                provider = command.Provider,
                config = JsonSerializer.Serialize(config.Plain),
                protected_secrets = secrets.Protect(config.Secrets),
                events = config.Events,
                created_by = caller.UserId,
            }, transaction, cancellationToken: ct));
        }
        catch (PostgresException e) when (IntegrationRecord.IsDuplicateName(e))
        {
            throw new RuleViolationException("name", IntegrationErrors.DuplicateName);
        }
        var response = created.ToResponse();
        audit.Record(new AuditEntry("integration.created", "integration",
            created.IntegrationId.ToString(CultureInfo.InvariantCulture),
                Details: new { response.Name, response.Provider, response.Config, response.Events }));
        return response;
    }
}
