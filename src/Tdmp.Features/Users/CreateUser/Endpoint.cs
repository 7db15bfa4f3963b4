using FastEndpoints;

namespace Tdmp.Features.Users.CreateUser;

public sealed class CreateUserEndpoint(IMediator mediator) : Endpoint<CreateUserRequest, CreatedUser>
{
    public override void Configure()
    {
        Post("/users/create");
        Roles(TenantRoles.ManagerAndUp);
        Description(b => b.Produces<CreatedUser>(201).ProducesProblemDetails(400).ProducesProblemDetails(401)
            .ProducesProblemDetails(403).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Create or invite a user";
            s.Description = """
                With `password` the user can log in at once. Without it the user is invited: the `201` carries a single-use
                `invitation_token` (256 random bits, shown this once and stored only as a hash) and `invitation_expires_at`
                (72 hours); the user sets a password with `POST /users/setup-password`. Where mail is configured (`Mail__Host`), the invitation is
                also e-mailed with the link `{Mail__PublicUrl}/users/setup-password?token=...`; the token is returned either way.

                Who may grant what (a role can never grant more than it has): managers invite testers only, without a password;
                admins create any role up to admin in their own tenant; superusers create any role in any tenant. `tenant_id` is
                for superusers only: anyone else who sends it gets `403`, it is never silently ignored. A role the caller may not
                grant is `403`; a field the endpoint does not take (such as `password_hash`) is `400`; nothing is created then.

                The password follows the policy: 12 to 128 characters, not the username, not a common password. Usernames are
                unique across all tenants regardless of case (`422` when taken). Audited as `user.created` or `user.invited`.
                """;
            s.ExampleRequest = new CreateUserRequest { Username = "jdoe", Email = "jdoe@example.com", Role = "tester", FullName = "Jane Doe" };
            s.ResponseExamples[201] = new CreatedUser
            {
                UserId = 12, TenantId = 1, Username = "jdoe", Email = "jdoe@example.com", FullName = "Jane Doe", Role = "tester",
                IsActive = true, InvitationPending = true, CreatedAt = UserView.Example.CreatedAt, UpdatedAt = UserView.Example.UpdatedAt,
                InvitationToken = "q8Zx3m5Yp0bV7kR2wT9sL4nH6dF1gJ8cA3eU5iO7yQ0",
                InvitationExpiresAt = UserView.Example.CreatedAt.AddHours(72),
            };
        });
    }

    public override async Task HandleAsync(CreateUserRequest req, CancellationToken ct)
    {
        var user = await mediator.Send(new CreateUserCommand(
            req.Username, req.Email, TenantRoles.Parse(req.Role), req.FullName, req.Password, req.TenantId), ct);
        HttpContext.Response.Headers.CacheControl = "no-store";
        await Send.CreatedAtAsync<GetUser.GetUserEndpoint>(new { user_id = user.UserId }, user, cancellation: ct);
    }
}
