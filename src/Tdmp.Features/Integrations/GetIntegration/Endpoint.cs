using FastEndpoints;

namespace Tdmp.Features.Integrations.GetIntegration;

public sealed class GetIntegrationRequest
{
    public long IntegrationId { get; init; }
}

public sealed record GetIntegrationQuery(long IntegrationId) : IQuery<IntegrationResponse>;

public sealed class GetIntegrationHandler(NpgsqlDataSource db, ICurrentUser user) : IQueryHandler<GetIntegrationQuery, IntegrationResponse>
{
    public async ValueTask<IntegrationResponse> Handle(GetIntegrationQuery query, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await IntegrationRecord.RequireAsync(connection, null, user, query.IntegrationId, ct)).ToResponse();
    }
}

public sealed class GetIntegrationEndpoint(IMediator mediator) : Endpoint<GetIntegrationRequest, IntegrationResponse>
{
    public override void Configure()
    {
        Get("/integrations/{integration_id}");
        Roles("admin", "superuser");
        Description(b => b.ProducesProblemDetails(401).ProducesProblemDetails(403).ProducesProblemDetails(404));
        Summary(s =>
        {
            s.Summary = "Get an integration";
            s.Description = "The integration with secret config fields shown as `***`. `404` for another tenant's integration (superusers see all).";
            s.ResponseExamples[200] = IntegrationResponse.Example;
        });
    }

    public override async Task HandleAsync(GetIntegrationRequest req, CancellationToken ct)
        => await Send.OkAsync(await mediator.Send(new GetIntegrationQuery(req.IntegrationId), ct), ct);
}
