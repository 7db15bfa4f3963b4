using System.Text.Json;
using FastEndpoints;

namespace Tdmp.Features.Audit.ListAuditLogs;

public sealed class ListAuditLogsEndpoint(IMediator mediator) : Endpoint<ListAuditLogsRequest, IReadOnlyList<AuditLogResponse>>
{
    public override void Configure()
    {
        Get("/audit/logs");
        Roles(TenantRoles.AdminAndUp);
        Description(b => b.ProducesProblemDetails(401).ProducesProblemDetails(403).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Read the audit log";
            s.Description = """
                Every state-changing request and every login attempt, newest first: who (`actor_id`, `actor_username`,
                `actor_role` at that moment), `tenant_id`, `project_id`, `action` (`area.verb`, e.g. `project.member_added`),
                `target_type`/`target_id`, `client_ip`, `occurred_at`, and `details`. Rows are never changed or deleted.
                Admins see their own tenant; superusers all tenants (narrow with `tenant_id`). An action of a superuser on
                another tenant's project is recorded in that project's tenant, so its admins see it. Failed logins of
                unknown usernames belong to no tenant: only superusers see them.
                Filters: `action`, `actor_id`, `role` (the actor's tenant role), `project_id`, `tenant_id`,
                `start_date` (inclusive) and `end_date` as ISO 8601 dates or times in UTC; a date alone as `end_date`
                includes that whole day, a time is exclusive. `sort` orders by `occurred_at`, `action`, `actor_username` or `audit_id`
                (`-` in front for descending). Paged with `limit`/`offset`, `X-Total-Count` and `Link`.
                """;
            s.ResponseExamples[200] = new[]
            {
                new AuditLogResponse
                {
                    AuditId = 1042, OccurredAt = new DateTime(2026, 1, 6, 10, 35, 0, DateTimeKind.Utc), TenantId = 1, ActorId = 7,
                    ActorUsername = "maria", ActorRole = "manager", ProjectId = 3, Action = "project.member_added",
                    TargetType = "user", TargetId = "12", ClientIp = "10.0.4.17",
                    Details = JsonDocument.Parse("""{"role": "edit"}""").RootElement.Clone(),
                },
            };
            s.Responses[403] = "Only admins and superusers read the audit log.";
        });
    }

    public override async Task HandleAsync(ListAuditLogsRequest req, CancellationToken ct)
    {
        var page = await mediator.Send(new ListAuditLogsQuery(req.Action, req.ActorId, req.Role, req.ProjectId, req.TenantId,
            ListAuditLogsRequest.ParseBound(req.StartDate, false), ListAuditLogsRequest.ParseBound(req.EndDate, true),
            req.Limit, req.Offset, req.Sort), ct);
        Paging.AddHeaders(HttpContext, req, page.Total);
        await Send.OkAsync(page.Items, ct);
    }
}
