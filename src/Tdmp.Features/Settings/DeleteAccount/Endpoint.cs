using FastEndpoints;

namespace Tdmp.Features.Settings.DeleteAccount;

public sealed class DeleteAccountEndpoint(IMediator mediator) : Endpoint<DeleteAccountRequest>
{
    public override void Configure()
    {
        Post("/settings/delete");
        Roles(TenantRoles.Everyone);
        Description(b => b.Produces(204).ProducesProblemDetails(400).ProducesProblemDetails(401).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Delete my account";
            s.Description = """
                Needs the password (`422` on `password`). Deactivates the account and anonymises it: the username becomes
                `deleted:<user_id>`, the e-mail address a placeholder, the name empty; the password, the avatar, the two-factor
                secret, the recovery codes and open invitations are removed, and every session is revoked (this token too).
                The row itself and the audit rows stay, so the history still adds up; the account cannot be reactivated.
                The last active admin of a tenant (or the last superuser) cannot delete the account (`422`).
                Audited as `user.deleted`.
                """;
            s.ExampleRequest = new DeleteAccountRequest { Password = "plum lantern across 42 rivers" };
        });
    }

    public override async Task HandleAsync(DeleteAccountRequest req, CancellationToken ct)
    {
        await mediator.Send(req, ct);
        await Send.NoContentAsync(ct);
    }
}
