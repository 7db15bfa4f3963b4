using System.Globalization;

namespace Tdmp.Features.Integrations.DeleteIntegration;

public sealed class DeleteIntegrationHandler(UnitOfWork work, ICurrentUser caller, AuditTrail audit) : ICommandHandler<DeleteIntegrationRequest>
{
    // Its webhook deliveries go with it (ON DELETE CASCADE); exports keep their history without the integration.
    private const string DeleteSql = "DELETE FROM integrations WHERE integration_id = @integration_id";

    public async ValueTask<Unit> Handle(DeleteIntegrationRequest command, CancellationToken ct)
    {
        var (connection, transaction) = await work.BeginAsync(ct);
        var integration = await IntegrationRecord.RequireAsync(connection, transaction, caller, command.IntegrationId, ct, forUpdate: true);
        await connection.ExecuteAsync(new CommandDefinition(DeleteSql, new { integration_id = command.IntegrationId }, transaction,
            cancellationToken: ct));
        audit.Record(new AuditEntry("integration.deleted", "integration",
            command.IntegrationId.ToString(CultureInfo.InvariantCulture), Details: new { integration.Name, integration.Provider },
                TenantId: integration.TenantId));
        return Unit.Value;
    }
}
