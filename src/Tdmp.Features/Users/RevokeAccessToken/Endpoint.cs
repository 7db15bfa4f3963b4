using FastEndpoints;

namespace Tdmp.Features.Users.RevokeAccessToken;

public sealed class RevokeMyAccessTokenEndpoint(IMediator mediator) : Endpoint<RevokeAccessTokenRequest>
{
    public override void Configure()
    {
        Delete("/users/me/tokens/{token_id}");
        Roles(TenantRoles.Everyone);
        Description(b => b.Produces(204).ProducesProblemDetails(401).ProducesProblemDetails(404));
        Summary(s =>
        {
            s.Summary = "Revoke one of my access tokens";
            s.Description = "The token gets `401` from the next request on, on every node. Revoking an already revoked token answers `204` again; a "
                + "token that is not the caller's is `404`. Audited as `access_token.revoked`.";
            s.ExampleRequest = new RevokeAccessTokenRequest { TokenId = Guid.Parse("3f2b8c1e-9a4d-4e57-b0a1-6c2d8e9f0a11") };
        });
    }

    public override async Task HandleAsync(RevokeAccessTokenRequest req, CancellationToken ct)
    {
        await mediator.Send(new RevokeAccessTokenCommand(req.TokenId, OwnOnly: true), ct);
        await Send.NoContentAsync(ct);
    }
}

public sealed class RevokeTenantAccessTokenEndpoint(IMediator mediator) : Endpoint<RevokeAccessTokenRequest>
{
    public override void Configure()
    {
        Delete("/users/tokens/{token_id}");
        Roles(TenantRoles.AdminAndUp);
        Description(b => b.Produces(204).ProducesProblemDetails(401).ProducesProblemDetails(403).ProducesProblemDetails(404));
        Summary(s =>
        {
            s.Summary = "Revoke any access token of the tenant (admins)";
            s.Description = "Admins revoke the personal access tokens of their tenant's users, superusers any; a token of another tenant is `404`. "
                + "Effective at once on every node. Audited as `access_token.revoked`.";
            s.ExampleRequest = new RevokeAccessTokenRequest { TokenId = Guid.Parse("3f2b8c1e-9a4d-4e57-b0a1-6c2d8e9f0a11") };
        });
    }

    public override async Task HandleAsync(RevokeAccessTokenRequest req, CancellationToken ct)
    {
        await mediator.Send(new RevokeAccessTokenCommand(req.TokenId, OwnOnly: false), ct);
        await Send.NoContentAsync(ct);
    }
}
