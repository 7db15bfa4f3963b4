using FastEndpoints;

namespace Tdmp.Features.Integrations.ListDeliveries;

public sealed class ListDeliveriesEndpoint(IMediator mediator) : Endpoint<ListDeliveriesRequest, IReadOnlyList<DeliveryResponse>>
{
    public override void Configure()
    {
        Get("/integrations/{integration_id}/deliveries");
        Roles(TenantRoles.AdminAndUp);
        Description(b => b.ProducesProblemDetails(401).ProducesProblemDetails(403).ProducesProblemDetails(404).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "List a webhook's deliveries (the delivery log)";
            s.Description = """
                One row per event delivered to this webhook, newest first, with `status` (`pending` until a 2xx answer,
                `delivered`, or `failed` after the last attempt), `attempts`, `next_attempt_at` while pending, and `attempt_log`:
                each attempt's HTTP `status_code` (null when no answer came), `latency_ms` and `error` (`HTTP 500`,
                `connection refused`, `timed out`, ...; never the response body). Deliveries are retried with exponential
                backoff (30 s, doubling) up to 6 attempts by default. An `s3` integration has none (an empty list).
                Filter: `status`. `sort` orders by `created_at`, `occurred_at`, `completed_at`, `status`, `attempts` or `event_id`
                (`-` in front for descending). Paged with `limit` and `offset` (`X-Total-Count`, `Link`). `404` for another tenant's integration.
                """;
            s.ResponseExamples[200] = new[] { DeliveryResponse.Example };
        });
    }

    public override async Task HandleAsync(ListDeliveriesRequest req, CancellationToken ct)
    {
        var page = await mediator.Send(new ListDeliveriesQuery(req.IntegrationId, req.Status, req.Limit, req.Offset, req.Sort), ct);
        Paging.AddHeaders(HttpContext, req, page.Total);
        await Send.OkAsync(page.Items, ct);
    }
}
