using FastEndpoints;

namespace Tdmp.Features.Users.UpdateUser;

public sealed class UpdateUserEndpoint(IMediator mediator) : Endpoint<UpdateUserRequest, UserView>
{
    public override void Configure()
    {
        Patch("/users/{user_id}");
        Roles(TenantRoles.AdminAndUp);
        Description(b => b.ProducesProblemDetails(400).ProducesProblemDetails(401).ProducesProblemDetails(403)
            .ProducesProblemDetails(404).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Change a user's role, active state or name";
            s.Description = """
                Admins change users of their own tenant up to admin (not superusers, and never grant superuser); superusers
                change anyone. A user of another tenant is `404`; a grant above the caller's own role is `403`.

                The last active admin of a tenant (and the last active superuser of the service) cannot be demoted or
                deactivated, not even by themselves: `422`. A deleted account cannot be reactivated (`422`).

                A role change or a deactivation revokes every session of the user: their older tokens get `401` at once.
                Fields left out stay as they are; other fields (`tenant_id`, `password_hash`, ...) are `400`. Audited with
                one row per kind of change: `user.role_changed` (old and new role), `user.deactivated`, `user.updated`
                (reactivation, name); a request that changes nothing writes nothing.
                """;
            s.ExampleRequest = new UpdateUserRequest { UserId = 12, Role = "manager" };
            s.ResponseExamples[200] = UserView.Example with { Role = "manager" };
        });
    }

    public override async Task HandleAsync(UpdateUserRequest req, CancellationToken ct)
    {
        TenantRole? role = req.Role is null ? null : TenantRoles.Parse(req.Role);
        await Send.OkAsync(await mediator.Send(new UpdateUserCommand(req.UserId, role, req.IsActive, req.FullName), ct), ct);
    }
}
