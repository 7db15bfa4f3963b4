using FastEndpoints;

namespace Tdmp.Features.Integrations.TestIntegration;

public sealed class TestIntegrationEndpoint(IMediator mediator) : Endpoint<TestIntegrationRequest, IntegrationTestResult>
{
    public override void Configure()
    {
        Post("/integrations/{integration_id}/test");
        Roles(TenantRoles.AdminAndUp);
        Description(b => b.ClearDefaultAccepts().ProducesProblemDetails(401).ProducesProblemDetails(403).ProducesProblemDetails(404));
        Summary(s =>
        {
            s.Summary = "Test an integration's connection";
            s.Description = """
                Really connects and answers `200 {ok, detail, latency_ms}` whether or not the target works; `ok: false` is a
                result, not an error. S3: writes a small probe object (`<prefix>/.tdmp-probe-<random>`) and deletes it again.
                Webhook: POSTs a signed `ping` event (`{"event": "ping", "delivery_id", "occurred_at", "tenant_id", "data"}`,
                `X-Tdmp-Signature` as for every event); any 2xx is `ok`, and the ping is not written to the delivery log.
                `detail` says what failed in a few words: `bucket not found`, `access denied`, `connection refused`,
                `host not found`, `timed out` (5 s), `HTTP 500`, `HTTP 302 (redirects are not followed)`, or that the target
                address is refused (private networks, unless the operator allows them). The response body of the target is
                never shown. Not audited: it changes nothing in TDMP.
                """;
            s.ResponseExamples[200] = new IntegrationTestResult(false, "connection refused", 3);
            s.Responses[200] = "The test ran; see ok and detail.";
            s.Responses[403] = "Only admins and superusers manage integrations.";
            s.Responses[404] = "No such integration in the caller's tenant.";
        });
    }

    public override async Task HandleAsync(TestIntegrationRequest req, CancellationToken ct)
        => await Send.OkAsync(await mediator.Send(req, ct), ct);
}
