using FastEndpoints;

namespace Tdmp.Features.Users.Login;

public sealed class LoginEndpoint(IMediator mediator) : Endpoint<LoginRequest, TokenResponse>
{
    public override void Configure()
    {
        Post("/users/token");
        AllowAnonymous();
        AllowFormData(urlEncoded: true);
        Description(b => b.ProducesProblemDetails(401).ProducesProblemDetails(422).ProducesProblemDetails(429));
        Summary(s =>
        {
            s.Summary = "Log in and get an access token";
            s.Description = """
                Form-encoded `username`, `password` and, when the user has two-factor login on, `otp`.
                Wrong credentials are `401` with the same text whether or not the user exists.
                With two-factor login on, a right password without `otp` is `401` "Two-factor code required", and a wrong,
                stale or reused code is `401` "Invalid two-factor code". `otp` is the 6-digit TOTP code (the current 30-second
                step, or one step before or after) or one of the recovery codes; each is accepted once only. Both count as
                failed logins for the rate limit and are audited.
                Failed logins are rate limited per username and client address, per address, and (loosely) per
                username, in a sliding 5-minute window: `429` with `Retry-After` in seconds.
                """;
            s.ExampleRequest = new LoginRequest { Username = "ci-bot", Password = "correct horse battery staple" };
            s.ResponseExamples[200] = new TokenResponse("eyJhbGciOiJIUzI1NiIs...", "bearer", 86400);
        });
    }

    public override async Task HandleAsync(LoginRequest req, CancellationToken ct)
    {
        var response = await mediator.Send(new LoginCommand(
            req.Username, req.Password, req.Otp, HttpContext.Request.Headers.UserAgent.ToString()), ct);
        HttpContext.Response.Headers.CacheControl = "no-store";
        await Send.OkAsync(response, ct);
    }
}
