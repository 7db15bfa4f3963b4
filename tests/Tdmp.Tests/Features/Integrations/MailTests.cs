using Dapper;

namespace Tdmp.Tests.Features.Integrations;

/// <summary>E-mail through a real SMTP server (the sink the tests start): invitations and notification mails.</summary>
[Collection(IntegrationsApiCollection.Name)]
public sealed class MailTests(TdmpApi api)
{
    [Fact]
    public async Task Invitation_mail_arrives_with_the_setup_link_and_the_token_is_still_returned()
    {
        var (_, _, client) = await IntegrationKit.AdminAsync(api);
        var email = $"invitee-{Guid.NewGuid():N}@example.test";
        var created = await (await client.PostAsJsonAsync("/users/create",
            new { username = Workspace.Unique("invitee"), email, role = "tester", full_name = "Ivy Invitee" }))
            .ExpectAsync(HttpStatusCode.Created);
        var token = created.GetProperty("invitation_token").GetString()!;

        var mail = Assert.Single(await LocalServers.WaitForMailsAsync(email, TimeSpan.FromSeconds(15)));
        Assert.Equal("You are invited to TDMP", mail.Subject);
        Assert.Contains($"{TdmpApi.PublicUrl}/users/setup-password?token={Uri.EscapeDataString(token)}", mail.TextBody);
        Assert.Contains("Ivy Invitee", mail.TextBody);

        // Once sent, the outbox keeps no usable link.
        await using (var db = api.OpenDb())
        {
            string? body = null;
            for (var i = 0; i < 50 && (body is null || body.Contains(token)); i++, await Task.Delay(100))
                body = await db.ExecuteScalarAsync<string>("SELECT body FROM mail_outbox WHERE recipient = @email AND status = 'sent'",
                    new { email });
            Assert.DoesNotContain(token, body ?? token);
        }

        // The link's token works.
        var anonymous = api.Anonymous();
        await (await anonymous.PostAsJsonAsync("/users/setup-password", new { token, password = "plum lantern across 42 rivers" }))
            .ExpectAsync(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Dataset_completed_mail_is_sent_when_the_user_asked_for_it_and_not_otherwise()
    {
        var tenant = await api.CreateTenantAsync();
        var wants = await tenant.CreateUserAsync(TenantRole.Admin);
        var quiet = await tenant.CreateUserAsync(TenantRole.Admin);
        var wantsClient = await wants.LoginAsync();
        var quietClient = await quiet.LoginAsync();
        await (await wantsClient.PostAsJsonAsync("/settings/notifications",
            new Dictionary<string, object> { ["dataset.completed"] = new { email = true } }))
            .ExpectAsync(HttpStatusCode.OK);

        var (projectId, schemaId) = await Workspace.ProjectWithSchemaAsync(wantsClient, "order.schema.json");
        await Workspace.GenerateAsync(wantsClient, new { name = "mailed dataset", project_id = projectId, schema_id = schemaId, record_count = 3 });
        await Workspace.GenerateAsync(quietClient, new { name = "quiet dataset", project_id = projectId, schema_id = schemaId, record_count = 3 });

        var mail = Assert.Single(await LocalServers.WaitForMailsAsync(wants.Username + "@example.test", TimeSpan.FromSeconds(15)));
        Assert.Contains("mailed dataset", mail.Subject);
        Assert.Contains($"{TdmpApi.PublicUrl}/notifications", mail.TextBody);
        // A mail is queued in the transaction that completes the dataset, so with no outbox row for the quiet user (below)
        // none can come later: no need to wait for more runs of the mail job.
        Assert.Empty(await LocalServers.WaitForMailsAsync(quiet.Username + "@example.test", TimeSpan.Zero));
        await using var db = api.OpenDb();
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM mail_outbox WHERE user_id = @id", new { id = quiet.Id }));
        Assert.Equal("sent", await db.ExecuteScalarAsync<string>("SELECT status FROM mail_outbox WHERE user_id = @id", new { id = wants.Id }));
    }
}
