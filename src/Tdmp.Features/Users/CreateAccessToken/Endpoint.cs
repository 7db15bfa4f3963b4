using FastEndpoints;

namespace Tdmp.Features.Users.CreateAccessToken;

public sealed class CreateAccessTokenEndpoint(IMediator mediator) : Endpoint<CreateAccessTokenRequest, CreateAccessTokenResponse>
{
    public override void Configure()
    {
        Post("/users/me/tokens");
        Roles(TenantRoles.Everyone);
        Description(b => b.Produces<CreateAccessTokenResponse>(201).ProducesProblemDetails(400).ProducesProblemDetails(401)
            .ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Create a personal access token (for CI)";
            s.Description = """
                A token for unattended use, sent as `Authorization: Bearer tdmp_pat_...` on every endpoint. It acts with the
                owner's current role, needs no two-factor code, and lives `expires_in_days` (1 to 365). The secret is in this
                answer only: the service keeps its SHA-256. It stays valid when the owner changes the password, and is revoked
                by `DELETE /users/me/tokens/{token_id}` (or an admin's `DELETE /users/tokens/{token_id}`), by the owner's
                deactivation, deletion or a role change. Audited as `access_token.created`.
                """;
            s.ExampleRequest = new CreateAccessTokenRequest { Name = "nightly CI", ExpiresInDays = 90 };
            s.ResponseExamples[201] = new CreateAccessTokenResponse(Guid.Parse("3f2b8c1e-9a4d-4e57-b0a1-6c2d8e9f0a11"), "nightly CI",
                "tdmp_pat_Xq3vM1w8pZC0r7yK2sT9dLfE4hN6bJ5uA1cG8oRiWkY",
                new DateTime(2026, 11, 2, 8, 0, 0, DateTimeKind.Utc), new DateTime(2027, 1, 31, 8, 0, 0, DateTimeKind.Utc));
        });
    }

    public override async Task HandleAsync(CreateAccessTokenRequest req, CancellationToken ct)
        => await Send.ResponseAsync(await mediator.Send(req, ct), 201, ct);
}
