using System.Globalization;
using System.Text.Json;

namespace Tdmp.Features.Integrations.UpdateIntegration;

public sealed record UpdateIntegrationCommand(long IntegrationId, string? Name, string? Provider, Dictionary<string, JsonElement>? Config,
    string[]? Events)
    : ICommand<IntegrationResponse>;

public sealed class UpdateIntegrationHandler(UnitOfWork work, ICurrentUser caller, AuditTrail audit, IntegrationSecrets secrets,
    IntegrationOptions options)
    : ICommandHandler<UpdateIntegrationCommand, IntegrationResponse>
{
    private const string UpdateSql = """
        UPDATE integrations AS i
        SET name = @name, config = CAST(@config AS jsonb), protected_secrets = @protected_secrets, events = @events, updated_at = now()
        WHERE i.integration_id = @integration_id
        RETURNING
        """ + " " + IntegrationRecord.Columns;

    public async ValueTask<IntegrationResponse> Handle(UpdateIntegrationCommand command, CancellationToken ct)
    {
        var (connection, transaction) = await work.BeginAsync(ct);
        var before = await IntegrationRecord.RequireAsync(connection, transaction, caller, command.IntegrationId, ct, forUpdate: true);
        if (command.Provider is not null && command.Provider != before.Provider)
            throw new RuleViolationException("provider",
                $"The provider of an integration cannot change (it is {before.Provider}); create a new integration instead.");

        var errors = new Dictionary<string, List<string>>();
        var storedSecrets = secrets.Unprotect(before.ProtectedSecrets);
        var config = IntegrationProviders.Validate(IntegrationProviders.Find(before.Provider)!,
            command.Config ?? before.Plain(), command.Events ?? (command.Config is null ? before.Events : null), storedSecrets,
            options.AllowPrivateTargets, errors);
        if (errors.Count > 0) throw IntegrationErrors.Invalid(errors);

        IntegrationRecord after;
        try
        {
            after = await connection.QuerySingleAsync<IntegrationRecord>(new CommandDefinition(UpdateSql, new
            {
                integration_id = command.IntegrationId,
                name = command.Name?.Trim() ?? before.Name,
                config = JsonSerializer.Serialize(config.Plain),
                protected_secrets = secrets.Protect(config.Secrets),
                events = config.Events,
            }, transaction, cancellationToken: ct));
        }
        catch (PostgresException e) when (IntegrationRecord.IsDuplicateName(e))
        {
            throw new RuleViolationException("name", IntegrationErrors.DuplicateName);
        }

        var response = after.ToResponse();
        var changedSecrets = config.Secrets.Where(s => storedSecrets.GetValueOrDefault(s.Key) != s.Value).Select(s => s.Key).ToArray();
        audit.Record(new AuditEntry("integration.updated", "integration",
            command.IntegrationId.ToString(CultureInfo.InvariantCulture),
            Details: new { before = before.ToResponse(), after = response, changed_secrets = changedSecrets }, TenantId: before.TenantId));
        return response;
    }
}
