using System.Globalization;

namespace Tdmp.Features.Integrations.DeleteIntegration;

public sealed record DeleteIntegrationCommand(long IntegrationId) : ICommand;

public sealed class DeleteIntegrationHandler(NpgsqlDataSource db, ICurrentUser user, AuditTrail audit) : ICommandHandler<DeleteIntegrationCommand>
{
    // Its webhook deliveries go with it (ON DELETE CASCADE); exports keep their history without the integration.
    private const string DeleteSql = "DELETE FROM integrations WHERE integration_id = @integration_id";

    public async ValueTask<Unit> Handle(DeleteIntegrationCommand command, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var integration = await IntegrationRecord.RequireAsync(connection, transaction, user, command.IntegrationId, ct, forUpdate: true);
        await connection.ExecuteAsync(new CommandDefinition(DeleteSql, new { integration_id = command.IntegrationId }, transaction, cancellationToken: ct));
        await audit.WriteAsync(connection, transaction, integration.TenantId, user.UserId, user.Role.Name(), new AuditEntry("integration.deleted", "integration",
            command.IntegrationId.ToString(CultureInfo.InvariantCulture), Details: new { integration.Name, integration.Provider }), ct);
        await transaction.CommitAsync(ct);
        return Unit.Value;
    }
}
