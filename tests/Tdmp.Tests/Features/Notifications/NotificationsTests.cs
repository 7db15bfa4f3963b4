using Dapper;
using NSubstitute;
using Tdmp.Tests.Features.Projects;

namespace Tdmp.Tests.Features.Notifications;

[Collection(IntegrationsApiCollection.Name)]
public sealed class NotificationsTests(TdmpApi api) : IAsyncLifetime
{
    private TestTenant tenant = null!;
    private TestUser admin = null!;
    private HttpClient adminClient = null!;

    public async Task InitializeAsync()
    {
        tenant = await api.CreateTenantAsync();
        admin = await tenant.CreateUserAsync(TenantRole.Admin);
        adminClient = await admin.LoginAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<long> AddToNewProjectAsync(TestUser user, string role = "view", string? name = null)
    {
        var projectId = await ProjectData.CreateProjectAsync(api, tenant.Id, admin.Id, name);
        await (await adminClient.PostAsJsonAsync($"/projects/{projectId}/add-user", new { user_id = user.Id, role })).ExpectAsync(HttpStatusCode.OK);
        return projectId;
    }

    private static async Task<List<JsonElement>> NotificationsAsync(HttpClient client, string query = "")
        => (await (await client.GetAsync("/notifications" + query)).ExpectAsync(HttpStatusCode.OK)).EnumerateArray().ToList();

    private static async Task<long> UnreadCountAsync(HttpClient client)
        => (await (await client.GetAsync("/notifications/unread-count")).ExpectAsync(HttpStatusCode.OK)).GetProperty("count").GetInt64();

    [Fact]
    public async Task Adding_a_user_to_a_project_notifies_it_in_the_app()
    {
        var tester = await tenant.CreateUserAsync(TenantRole.Tester);
        var name = "notify-" + Guid.NewGuid().ToString("N")[..8];
        var projectId = await AddToNewProjectAsync(tester, "edit", name);

        var client = await tester.LoginAsync();
        var notification = Assert.Single(await NotificationsAsync(client));
        Assert.Equal("project.member_added", notification.GetProperty("event").GetString());
        Assert.Contains(name, notification.GetProperty("title").GetString());
        Assert.Equal(projectId, notification.GetProperty("project_id").GetInt64());
        Assert.False(notification.GetProperty("is_read").GetBoolean());
        Assert.Equal(JsonValueKind.Null, notification.GetProperty("read_at").ValueKind);
        Assert.Equal(1, await UnreadCountAsync(client));
    }

    [Fact]
    public async Task Changing_a_members_role_does_not_notify_again()
    {
        var tester = await tenant.CreateUserAsync(TenantRole.Tester);
        var projectId = await AddToNewProjectAsync(tester);
        await (await adminClient.PostAsJsonAsync($"/projects/{projectId}/add-user", new { user_id = tester.Id, role = "edit" }))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Single(await NotificationsAsync(await tester.LoginAsync()));
    }

    [Fact]
    public async Task With_in_app_turned_off_adding_a_user_creates_no_notification()
    {
        var tester = await tenant.CreateUserAsync(TenantRole.Tester);
        var client = await tester.LoginAsync();
        var settings = await (await client.PostAsJsonAsync("/settings/notifications",
            new Dictionary<string, object> { ["project.member_added"] = new { in_app = false } })).ExpectAsync(HttpStatusCode.OK);
        Assert.False(settings.GetProperty("project.member_added").GetProperty("in_app").GetBoolean());

        await AddToNewProjectAsync(tester);
        Assert.Empty(await NotificationsAsync(client));
        Assert.Equal(0, await UnreadCountAsync(client));
    }

    [Fact]
    public async Task Settings_default_to_in_app_on_and_email_off_for_every_event()
    {
        var client = await (await tenant.CreateUserAsync(TenantRole.Tester)).LoginAsync();
        var settings = await (await client.GetAsync("/settings/notifications")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(EventNames.Notifications.Order(), settings.EnumerateObject().Select(p => p.Name).Order());
        foreach (var e in settings.EnumerateObject())
        {
            Assert.True(e.Value.GetProperty("in_app").GetBoolean());
            Assert.False(e.Value.GetProperty("email").GetBoolean());
        }
    }

    [Fact]
    public async Task Updating_settings_changes_only_the_fields_sent_and_returns_all_events()
    {
        var client = await (await tenant.CreateUserAsync(TenantRole.Tester)).LoginAsync();
        await (await client.PostAsJsonAsync("/settings/notifications",
            new Dictionary<string, object> { ["dataset.failed"] = new { in_app = false, email = true } })).ExpectAsync(HttpStatusCode.OK);
        var settings = await (await client.PostAsJsonAsync("/settings/notifications",
            new Dictionary<string, object> { ["dataset.failed"] = new { in_app = true } })).ExpectAsync(HttpStatusCode.OK);
        Assert.True(settings.GetProperty("dataset.failed").GetProperty("in_app").GetBoolean());
        Assert.True(settings.GetProperty("dataset.failed").GetProperty("email").GetBoolean());
        Assert.False(settings.GetProperty("dataset.completed").GetProperty("email").GetBoolean());
        Assert.Equal(6, settings.EnumerateObject().Count());
        var read = await (await client.GetAsync("/settings/notifications")).ExpectAsync(HttpStatusCode.OK);
        Assert.True(read.GetProperty("dataset.failed").GetProperty("email").GetBoolean());
    }

    [Fact]
    public async Task An_unknown_event_in_settings_is_refused()
    {
        var client = await (await tenant.CreateUserAsync(TenantRole.Tester)).LoginAsync();
        var response = await client.PostAsJsonAsync("/settings/notifications",
            new Dictionary<string, object> { ["dataset.exploded"] = new { in_app = false } });
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, response.StatusCode.ToString());
    }

    [Fact]
    public async Task Reading_marks_read_lowers_the_unread_count_and_keeps_the_first_read_time()
    {
        var tester = await tenant.CreateUserAsync(TenantRole.Tester);
        var first = await ProjectData.CreateNotificationAsync(tester, "first");
        await ProjectData.CreateNotificationAsync(tester, "second");
        var client = await tester.LoginAsync();
        Assert.Equal(2, await UnreadCountAsync(client));

        var read = await (await client.PostAsync($"/notifications/{first}/read", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.True(read.GetProperty("is_read").GetBoolean());
        var readAt = read.GetProperty("read_at").GetString();
        Assert.Equal(1, await UnreadCountAsync(client));

        var again = await (await client.PostAsync($"/notifications/{first}/read", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(readAt, again.GetProperty("read_at").GetString());

        var unread = await NotificationsAsync(client, "?unread_only=true");
        Assert.Equal(["second"], unread.Select(n => n.GetProperty("title").GetString()!).ToArray());
        Assert.Equal(2, (await NotificationsAsync(client)).Count);
    }

    [Fact]
    public async Task Notifications_list_newest_first_and_paged()
    {
        var tester = await tenant.CreateUserAsync(TenantRole.Tester);
        for (var i = 0; i < 3; i++) await ProjectData.CreateNotificationAsync(tester, $"n{i}");
        var client = await tester.LoginAsync();
        var response = await client.GetAsync("/notifications?limit=2");
        var page = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["n2", "n1"], page.EnumerateArray().Select(n => n.GetProperty("title").GetString()!).ToArray());
        Assert.Equal("3", response.Headers.GetValues("X-Total-Count").Single());
        Assert.Contains("rel=\"next\"", response.Headers.GetValues("Link").Single());
    }

    [Fact]
    public async Task Delete_removes_ones_own_notification()
    {
        var tester = await tenant.CreateUserAsync(TenantRole.Tester);
        var id = await ProjectData.CreateNotificationAsync(tester);
        var client = await tester.LoginAsync();
        await (await client.DeleteAsync($"/notifications/{id}")).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Empty(await NotificationsAsync(client));
        await (await client.DeleteAsync($"/notifications/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Another_users_notification_is_404_to_read_and_delete_even_for_an_admin()
    {
        var owner = await tenant.CreateUserAsync(TenantRole.Tester);
        var id = await ProjectData.CreateNotificationAsync(owner);
        await (await adminClient.PostAsync($"/notifications/{id}/read", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await adminClient.DeleteAsync($"/notifications/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(await NotificationsAsync(adminClient), n => n.GetProperty("notification_id").GetInt64() == id);
        Assert.Equal(1, await UnreadCountAsync(await owner.LoginAsync()));
    }

    [Fact]
    public async Task Notifier_hands_emails_to_the_mailer_only_when_the_user_chose_email()
    {
        var user = await tenant.CreateUserAsync(TenantRole.Tester);
        var mailer = Substitute.For<INotificationMailer>();
        var notifier = new Notifier(mailer);
        await using var db = api.OpenDb();

        Assert.True(await notifier.NotifyAsync(db, null, new Notification(user.Id, EventNames.UserRoleChanged, "Your role is now manager"), default));
        await mailer.DidNotReceiveWithAnyArgs().EnqueueAsync(default!, default, default!, default);

        await db.ExecuteAsync("INSERT INTO notification_preferences (user_id, event, in_app, email) VALUES (@id, 'user.role_changed', false, true)",
            new { id = user.Id });
        Assert.False(await notifier.NotifyAsync(db, null, new Notification(user.Id, EventNames.UserRoleChanged, "Your role is now admin"), default));
        await mailer.Received(1).EnqueueAsync(db, null,
            Arg.Is<NotificationEmail>(m => m.To == user.Username + "@example.test" && m.Subject == "Your role is now admin"),
            Arg.Any<CancellationToken>());
        Assert.Equal(1, await db.QuerySingleAsync<long>("SELECT count(*) FROM notifications WHERE user_id = @id", new { id = user.Id }));
    }
}
