using static Tdmp.Tests.Features.Users.IdentityKit;

namespace Tdmp.Tests.Features.Users;

[Collection(IdentityApiCollection.Name)]
public sealed class UserManagementTests(TdmpApi api) : IAsyncLifetime
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

    private static object NewUser(string role, string? password = null, long? tenantId = null)
    {
        var username = UniqueName("u");
        return password is null && tenantId is null
            ? new { username, email = username + "@example.test", role }
            : new { username, email = username + "@example.test", role, password, tenant_id = tenantId };
    }

    private async Task<long> UsersNamedAsync(object body)
        => await api.ScalarAsync<long>("SELECT count(*) FROM users WHERE username = @name",
            new { name = (string)body.GetType().GetProperty("username")!.GetValue(body)! });

    [Fact]
    public async Task Admin_creates_a_user_with_a_password_who_can_log_in_at_once()
    {
        var username = UniqueName("dev");
        var password = StrongPassword();
        var response = await adminClient.PostJsonAsync("/users/create",
            new { username, email = username + "@example.test", role = "manager", full_name = "Dev One", password });
        var user = await response.ExpectAsync(HttpStatusCode.Created);
        var id = user.GetProperty("user_id").GetInt64();
        Assert.Equal($"/users/{id}", response.Headers.Location?.ToString());
        Assert.Equal("manager", user.GetProperty("role").GetString());
        Assert.Equal(tenant.Id, user.GetProperty("tenant_id").GetInt64());
        Assert.False(user.TryGetProperty("invitation_token", out _));
        Assert.False(user.GetProperty("invitation_pending").GetBoolean());

        await (await api.TryLoginAsync(username, password)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, await api.AuditCountAsync("user.created", id.ToString()));
    }

    [Fact]
    public async Task Manager_invites_a_tester_and_gets_a_single_use_token_valid_72_hours()
    {
        var manager = await (await tenant.CreateUserAsync(TenantRole.Manager)).LoginAsync();
        var user = await (await manager.PostJsonAsync("/users/create", NewUser("tester"))).ExpectAsync(HttpStatusCode.Created);
        var token = user.GetProperty("invitation_token").GetString()!;
        Assert.True(Base64UrlLength(token) >= 16, "the token carries at least 128 random bits");
        var expires = user.GetProperty("invitation_expires_at").GetDateTime().ToUniversalTime();
        Assert.InRange(expires, DateTime.UtcNow.AddHours(71.9), DateTime.UtcNow.AddHours(72.1));
        Assert.True(user.GetProperty("invitation_pending").GetBoolean());

        // Stored as a hash only.
        var id = user.GetProperty("user_id").GetInt64();
        var stored = await api.ScalarAsync<string>("SELECT token_hash FROM user_invitations WHERE user_id = @id", new { id });
        Assert.NotEqual(token, stored);
        Assert.DoesNotContain(token, stored);
        Assert.Equal(1, await api.AuditCountAsync("user.invited", id.ToString()));
    }

    [Theory]
    [InlineData("manager")]
    [InlineData("admin")]
    [InlineData("superuser")]
    public async Task Manager_cannot_invite_anyone_but_testers(string role)
    {
        var manager = await (await tenant.CreateUserAsync(TenantRole.Manager)).LoginAsync();
        var body = NewUser(role);
        await (await manager.PostJsonAsync("/users/create", body)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(0, await UsersNamedAsync(body));
    }

    [Fact]
    public async Task Manager_cannot_set_a_password_for_the_tester()
    {
        var manager = await (await tenant.CreateUserAsync(TenantRole.Manager)).LoginAsync();
        var body = NewUser("tester", password: StrongPassword());
        await (await manager.PostJsonAsync("/users/create", body)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(0, await UsersNamedAsync(body));
    }

    [Fact]
    public async Task Tester_cannot_create_users()
    {
        var tester = await (await tenant.CreateUserAsync(TenantRole.Tester)).LoginAsync();
        var body = NewUser("tester");
        await (await tester.PostJsonAsync("/users/create", body)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(0, await UsersNamedAsync(body));
    }

    [Fact]
    public async Task Admin_cannot_create_a_superuser()
    {
        var body = NewUser("superuser", password: StrongPassword());
        await (await adminClient.PostJsonAsync("/users/create", body)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(0, await UsersNamedAsync(body));
    }

    [Fact]
    public async Task Admin_may_create_an_admin()
        => await (await adminClient.PostJsonAsync("/users/create", NewUser("admin"))).ExpectAsync(HttpStatusCode.Created);

    [Fact]
    public async Task Tenant_id_in_the_body_of_a_non_superuser_is_refused_and_nothing_is_created()
    {
        var other = await api.CreateTenantAsync();
        foreach (var tenantId in new[] { other.Id, tenant.Id })
        {
            var body = NewUser("tester", StrongPassword(), tenantId);
            await (await adminClient.PostJsonAsync("/users/create", body)).ExpectProblemAsync(HttpStatusCode.Forbidden);
            Assert.Equal(0, await UsersNamedAsync(body));
        }
    }

    [Fact]
    public async Task Superuser_creates_an_admin_in_another_tenant()
    {
        var superuser = await (await tenant.CreateUserAsync(TenantRole.Superuser)).LoginAsync();
        var other = await api.CreateTenantAsync();
        var user = await (await superuser.PostJsonAsync("/users/create", NewUser("admin", StrongPassword(), other.Id)))
            .ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(other.Id, user.GetProperty("tenant_id").GetInt64());
        Assert.Equal("admin", user.GetProperty("role").GetString());
    }

    [Fact]
    public async Task Superuser_naming_a_missing_tenant_gets_422()
    {
        var superuser = await (await tenant.CreateUserAsync(TenantRole.Superuser)).LoginAsync();
        var problem = await (await superuser.PostJsonAsync("/users/create", NewUser("tester", StrongPassword(), long.MaxValue)))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("tenant_id", out _));
    }

    [Fact]
    public async Task A_password_hash_in_the_body_is_refused_and_nothing_is_created()
    {
        var username = UniqueName("h");
        var response = await adminClient.PostJsonAsync("/users/create",
            new { username, email = username + "@example.test", role = "tester", password_hash = "pbkdf2-sha256$1$AAAA$AAAA" });
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0, await api.ScalarAsync<long>("SELECT count(*) FROM users WHERE username = @username", new { username }));
    }

    [Fact]
    public async Task Username_taken_in_any_case_is_422()
    {
        var existing = await tenant.CreateUserAsync(TenantRole.Tester);
        var problem = await (await adminClient.PostJsonAsync("/users/create",
                new { username = existing.Username.ToUpperInvariant(), email = "x@example.test", role = "tester" }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("username", out _));
    }

    [Fact]
    public async Task Unknown_role_is_422()
        => await (await adminClient.PostJsonAsync("/users/create", NewUser("owner"))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

    [Fact]
    public async Task List_is_paged_and_filtered_by_role_activity_and_text()
    {
        var marker = UniqueName("zebra");
        for (var i = 0; i < 3; i++)
            await (await adminClient.PostJsonAsync("/users/create",
                new { username = $"{marker}-{i}", email = $"{marker}-{i}@example.test", role = "manager" })).ExpectAsync(HttpStatusCode.Created);
        await (await adminClient.PostJsonAsync("/users/create",
            new { username = $"{marker}-t", email = $"{marker}-t@example.test", role = "tester" })).ExpectAsync(HttpStatusCode.Created);

        var response = await adminClient.GetAsync($"/users?q={marker.ToUpperInvariant()}&role=manager&is_active=true&limit=2");
        var page = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, page.GetArrayLength());
        Assert.All(page.EnumerateArray(), u => Assert.Equal("manager", u.GetProperty("role").GetString()));
        Assert.Equal("3", response.Headers.GetValues("X-Total-Count").Single());
        Assert.Contains("rel=\"next\"", response.Headers.GetValues("Link").Single());

        var inactive = await (await adminClient.GetAsync($"/users?q={marker}&is_active=false")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, inactive.GetArrayLength());
    }

    [Fact]
    public async Task List_shows_only_the_callers_tenant_and_superusers_see_all()
    {
        var other = await api.CreateTenantAsync();
        var stranger = await other.CreateUserAsync(TenantRole.Tester);

        var mine = await (await adminClient.GetAsync("/users?limit=500")).ExpectAsync(HttpStatusCode.OK);
        Assert.All(mine.EnumerateArray(), u => Assert.Equal(tenant.Id, u.GetProperty("tenant_id").GetInt64()));
        var filtered = await (await adminClient.GetAsync($"/users?tenant_id={other.Id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, filtered.GetArrayLength());

        var superuser = await (await tenant.CreateUserAsync(TenantRole.Superuser)).LoginAsync();
        var theirs = await (await superuser.GetAsync($"/users?tenant_id={other.Id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(theirs.EnumerateArray(), u => u.GetProperty("user_id").GetInt64() == stranger.Id);
    }

    [Fact]
    public async Task Testers_and_managers_see_no_other_users_email_but_admins_do()
    {
        var colleague = await tenant.CreateUserAsync(TenantRole.Tester);
        foreach (var role in new[] { TenantRole.Tester, TenantRole.Manager })
        {
            var viewer = await tenant.CreateUserAsync(role);
            var client = await viewer.LoginAsync();
            var list = await (await client.GetAsync("/users?limit=500")).ExpectAsync(HttpStatusCode.OK);
            foreach (var user in list.EnumerateArray())
                Assert.Equal(user.GetProperty("user_id").GetInt64() == viewer.Id, user.TryGetProperty("email", out _));
            var single = await (await client.GetAsync($"/users/{colleague.Id}")).ExpectAsync(HttpStatusCode.OK);
            Assert.False(single.TryGetProperty("email", out _));
            // A search must not reveal what the rows hide.
            var byEmail = await (await client.GetAsync($"/users?q={colleague.Username}@example.test")).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(0, byEmail.GetArrayLength());
        }

        var asAdmin = await (await adminClient.GetAsync($"/users/{colleague.Id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(colleague.Username + "@example.test", asAdmin.GetProperty("email").GetString());
    }

    [Fact]
    public async Task User_of_another_tenant_is_404_for_every_user_id_endpoint()
    {
        var other = await api.CreateTenantAsync();
        var stranger = await other.CreateUserAsync(TenantRole.Tester);
        var strangerClient = await stranger.LoginAsync();
        var png = Settings.TestImages.Png(2, 2);
        await (await strangerClient.PostAsync("/settings/avatar", Settings.TestImages.Form(png))).ExpectAsync(HttpStatusCode.OK);

        await (await adminClient.GetAsync($"/users/{stranger.Id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await adminClient.PatchJsonAsync($"/users/{stranger.Id}", new { role = "manager" })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await adminClient.PatchJsonAsync($"/users/{stranger.Id}", new { is_active = false })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await adminClient.GetAsync($"/users/{stranger.Id}/avatar")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var tester = await (await tenant.CreateUserAsync(TenantRole.Tester)).LoginAsync();
        await (await tester.GetAsync($"/users/{stranger.Id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await tester.GetAsync($"/users/{stranger.Id}/avatar")).ExpectProblemAsync(HttpStatusCode.NotFound);

        // Nothing changed, and the stranger is still logged in.
        Assert.Equal("tester", await api.ScalarAsync<string>("SELECT role FROM users WHERE user_id = @id", new { id = stranger.Id }));
        await (await strangerClient.GetAsync("/users/me")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Superuser_reads_and_changes_users_of_any_tenant()
    {
        var superuser = await (await tenant.CreateUserAsync(TenantRole.Superuser)).LoginAsync();
        var other = await api.CreateTenantAsync();
        var stranger = await other.CreateUserAsync(TenantRole.Tester);
        await (await superuser.GetAsync($"/users/{stranger.Id}")).ExpectAsync(HttpStatusCode.OK);
        var changed = await (await superuser.PatchJsonAsync($"/users/{stranger.Id}", new { role = "manager" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("manager", changed.GetProperty("role").GetString());
    }

    [Fact]
    public async Task Role_change_is_audited_with_old_and_new_role_and_ends_the_users_sessions()
    {
        var user = await tenant.CreateUserAsync(TenantRole.Tester);
        var client = await user.LoginAsync();
        var changed = await (await adminClient.PatchJsonAsync($"/users/{user.Id}", new { role = "manager" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("manager", changed.GetProperty("role").GetString());

        await (await client.GetAsync("/users/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var relogged = await api.TryLoginAsync(user.Username, user.Password);
        await relogged.ExpectAsync(HttpStatusCode.OK);

        var details = await api.ScalarAsync<string>(
            "SELECT details::text FROM audit_log WHERE action = 'user.role_changed' AND target_id = @id", new { id = user.Id.ToString() });
        var json = JsonDocument.Parse(details).RootElement;
        Assert.Equal("tester", json.GetProperty("old_role").GetString());
        Assert.Equal("manager", json.GetProperty("new_role").GetString());

        var relogin = await user.LoginAsync();
        var notifications = await (await relogin.GetAsync("/notifications")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(notifications.EnumerateArray(), n => n.GetProperty("event").GetString() == "user.role_changed"
            && n.GetProperty("title").GetString()!.Contains("manager"));
    }

    [Fact]
    public async Task Deactivation_ends_the_sessions_and_blocks_login()
    {
        var user = await tenant.CreateUserAsync(TenantRole.Manager);
        var client = await user.LoginAsync();
        var changed = await (await adminClient.PatchJsonAsync($"/users/{user.Id}", new { is_active = false })).ExpectAsync(HttpStatusCode.OK);
        Assert.False(changed.GetProperty("is_active").GetBoolean());

        await (await client.GetAsync("/users/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await api.TryLoginAsync(user.Username, user.Password)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(1, await api.AuditCountAsync("user.deactivated", user.Id.ToString()));

        // Reactivated, the user logs in again (old tokens stay dead).
        await (await adminClient.PatchJsonAsync($"/users/{user.Id}", new { is_active = true })).ExpectAsync(HttpStatusCode.OK);
        await (await api.TryLoginAsync(user.Username, user.Password)).ExpectAsync(HttpStatusCode.OK);
        await (await client.GetAsync("/users/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Name_change_keeps_the_sessions_and_is_audited_as_updated()
    {
        var user = await tenant.CreateUserAsync(TenantRole.Tester);
        var client = await user.LoginAsync();
        var changed = await (await adminClient.PatchJsonAsync($"/users/{user.Id}", new { full_name = "  New Name " })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("New Name", changed.GetProperty("full_name").GetString());
        await (await client.GetAsync("/users/me")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, await api.AuditCountAsync("user.updated", user.Id.ToString()));
    }

    [Fact]
    public async Task Admin_cannot_grant_superuser()
    {
        var user = await tenant.CreateUserAsync(TenantRole.Tester);
        await (await adminClient.PatchJsonAsync($"/users/{user.Id}", new { role = "superuser" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("tester", await api.ScalarAsync<string>("SELECT role FROM users WHERE user_id = @id", new { id = user.Id }));
    }

    [Fact]
    public async Task Admin_cannot_change_a_superuser()
    {
        var superuser = await tenant.CreateUserAsync(TenantRole.Superuser);
        await (await adminClient.PatchJsonAsync($"/users/{superuser.Id}", new { is_active = false })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.True(await api.ScalarAsync<bool>("SELECT is_active FROM users WHERE user_id = @id", new { id = superuser.Id }));
    }

    [Fact]
    public async Task Testers_and_managers_cannot_change_users()
    {
        var target = await tenant.CreateUserAsync(TenantRole.Tester);
        foreach (var role in new[] { TenantRole.Tester, TenantRole.Manager })
        {
            var client = await (await tenant.CreateUserAsync(role)).LoginAsync();
            await (await client.PatchJsonAsync($"/users/{target.Id}", new { role = "manager" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        }
        Assert.Equal("tester", await api.ScalarAsync<string>("SELECT role FROM users WHERE user_id = @id", new { id = target.Id }));
    }

    [Fact]
    public async Task Tenant_id_or_a_hash_in_a_patch_is_400_and_nothing_changes()
    {
        var other = await api.CreateTenantAsync();
        var user = await tenant.CreateUserAsync(TenantRole.Tester);
        await (await adminClient.PatchJsonAsync($"/users/{user.Id}", new { full_name = "x", tenant_id = other.Id }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await adminClient.PatchJsonAsync($"/users/{user.Id}", new { password_hash = "x" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(tenant.Id, await api.ScalarAsync<long>("SELECT tenant_id FROM users WHERE user_id = @id", new { id = user.Id }));
        Assert.Equal("Test " + user.Username, await api.ScalarAsync<string>("SELECT full_name FROM users WHERE user_id = @id", new { id = user.Id }));
    }

    [Fact]
    public async Task Last_active_admin_cannot_be_demoted_or_deactivated()
    {
        var lonely = await api.CreateTenantAsync();
        var onlyAdmin = await lonely.CreateUserAsync(TenantRole.Admin);
        var self = await onlyAdmin.LoginAsync();

        var demote = await (await self.PatchJsonAsync($"/users/{onlyAdmin.Id}", new { role = "manager" }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(demote.GetProperty("errors").TryGetProperty("role", out _));
        await (await self.PatchJsonAsync($"/users/{onlyAdmin.Id}", new { is_active = false })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        // Not by a superuser either.
        var superuser = await (await tenant.CreateUserAsync(TenantRole.Superuser)).LoginAsync();
        await (await superuser.PatchJsonAsync($"/users/{onlyAdmin.Id}", new { role = "tester" }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await superuser.PatchJsonAsync($"/users/{onlyAdmin.Id}", new { is_active = false }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("admin", await api.ScalarAsync<string>("SELECT role FROM users WHERE user_id = @id", new { id = onlyAdmin.Id }));
        await (await self.GetAsync("/users/me")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_admin_may_step_down_while_another_admin_remains()
    {
        var pair = await api.CreateTenantAsync();
        var first = await pair.CreateUserAsync(TenantRole.Admin);
        var second = await pair.CreateUserAsync(TenantRole.Admin);
        var firstClient = await first.LoginAsync();
        await (await firstClient.PatchJsonAsync($"/users/{first.Id}", new { role = "manager" })).ExpectAsync(HttpStatusCode.OK);

        // Now the second is the last one.
        var secondClient = await second.LoginAsync();
        await (await secondClient.PatchJsonAsync($"/users/{second.Id}", new { role = "tester" }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Two_admins_demoting_each_other_at_once_leave_one_admin()
    {
        var pair = await api.CreateTenantAsync();
        var first = await pair.CreateUserAsync(TenantRole.Admin);
        var second = await pair.CreateUserAsync(TenantRole.Admin);
        var clients = new[] { await first.LoginAsync(), await second.LoginAsync() };
        var responses = await Task.WhenAll(
            clients[0].PatchJsonAsync($"/users/{second.Id}", new { role = "tester" }),
            clients[1].PatchJsonAsync($"/users/{first.Id}", new { role = "tester" }));
        // The loser is refused (422), or its session was already ended by the winner's demotion (401).
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(1, await api.ScalarAsync<long>(
            "SELECT count(*) FROM users WHERE tenant_id = @id AND role = 'admin' AND is_active", new { id = pair.Id }));
    }

    [Fact]
    public async Task Deleted_account_cannot_be_reactivated()
    {
        var user = await tenant.CreateUserAsync(TenantRole.Tester);
        var client = await user.LoginAsync();
        await (await client.PostJsonAsync("/settings/delete", new { password = user.Password })).ExpectAsync(HttpStatusCode.NoContent);
        await (await adminClient.PatchJsonAsync($"/users/{user.Id}", new { is_active = true }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    private static int Base64UrlLength(string token) => Convert.FromBase64String(
        token.Replace('-', '+').Replace('_', '/').PadRight(token.Length + (4 - token.Length % 4) % 4, '=')).Length;
}
