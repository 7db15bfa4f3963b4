using FastEndpoints;
using Tdmp.Features.Users.AccessTokens;

namespace Tdmp.Features.Users.ListAccessTokens;

public sealed class ListMyAccessTokensEndpoint(IMediator mediator) : Endpoint<ListAccessTokensRequest, IReadOnlyList<AccessTokenView>>
{
    public override void Configure()
    {
        Get("/users/me/tokens");
        Roles(TenantRoles.Everyone);
        Description(b => b.ProducesProblemDetails(401));
        Summary(s =>
        {
            s.Summary = "List my access tokens";
            s.Description = "The caller's personal access tokens, newest first: name, created, expires, last used (updated at most once a minute). "
                + "Never the secret. `include_inactive=true` adds revoked and expired ones.";
            s.ResponseExamples[200] = new List<AccessTokenView> { AccessTokenView.Example };
        });
    }

    public override async Task HandleAsync(ListAccessTokensRequest req, CancellationToken ct)
        => await Send.OkAsync(await mediator.Send(new ListAccessTokensQuery(OwnOnly: true, null, req.IncludeInactive), ct), ct);
}

public sealed class ListTenantAccessTokensEndpoint(IMediator mediator) : Endpoint<ListAccessTokensRequest, IReadOnlyList<AccessTokenView>>
{
    public override void Configure()
    {
        Get("/users/tokens");
        Roles(TenantRoles.AdminAndUp);
        Description(b => b.ProducesProblemDetails(401).ProducesProblemDetails(403));
        Summary(s =>
        {
            s.Summary = "List the access tokens of the tenant (admins)";
            s.Description = "Every live personal access token of the caller's tenant (superusers: of every tenant), newest first, with its owner; "
                + "`user_id` narrows to one user, `include_inactive=true` adds revoked and expired ones. Never the secret.";
            s.ResponseExamples[200] = new List<AccessTokenView> { AccessTokenView.Example };
        });
    }

    public override async Task HandleAsync(ListAccessTokensRequest req, CancellationToken ct)
        => await Send.OkAsync(await mediator.Send(new ListAccessTokensQuery(OwnOnly: false, req.UserId, req.IncludeInactive), ct), ct);
}
