using FastEndpoints;

namespace Tdmp.Features.Settings.EnableTwoFactor;

public sealed class EnableTwoFactorEndpoint(IMediator mediator) : Endpoint<EnableTwoFactorRequest, EnableTwoFactorResponse>
{
    public override void Configure()
    {
        Post("/settings/enable_2fa");
        Roles(TenantRoles.Everyone);
        // The first step has nothing to send: a POST without a body (or Content-Type) is taken as {}.
        Description(b => b.Accepts<EnableTwoFactorRequest>()
            .ProducesProblemDetails(400).ProducesProblemDetails(401).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Turn on two-factor login (TOTP)";
            s.Description = """
                Two steps. Without `code` (no body, or `{}`): returns a new `secret` (base32) and an `otpauth_uri`
                (`otpauth://totp/TDMP:<username>?secret=...&issuer=TDMP`) for an authenticator app; the secret is kept encrypted
                and pending, and a later call without code replaces it. With `code` and the account's `password` (so that a stolen token
                alone cannot turn it on and lock the owner out; a wrong one is `422` and counts like a failed login); `code` is the 6 digits the app
                shows (RFC 6238:
                SHA-1, 30-second steps, one step of drift either way). That step turns two-factor login on and returns 10 single-use
                `recovery_codes`. The secret and the recovery codes are shown this once and never again (recovery codes are
                stored hashed). From then on `POST /users/token` needs `otp`. A wrong code, a code without a pending secret,
                or two-factor login already on is `422`. Audited as `user.2fa_setup_started` and `user.2fa_enabled`.
                """;
            s.ExampleRequest = new EnableTwoFactorRequest { Code = "492039", Password = "plum lantern across 42 rivers" };
            s.ResponseExamples[200] = new EnableTwoFactorResponse
            {
                Secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
                OtpauthUri = "otpauth://totp/TDMP:jdoe?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=TDMP",
            };
        });
    }

    public override async Task HandleAsync(EnableTwoFactorRequest req, CancellationToken ct)
    {
        var response = await mediator.Send(req, ct);
        HttpContext.Response.Headers.CacheControl = "no-store";
        await Send.OkAsync(response, ct);
    }
}
