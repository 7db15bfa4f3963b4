using Dapper;
using Tdmp.Tests.Features.Users;

namespace Tdmp.Tests.Features.Settings;

[Collection(IdentityApiCollection.Name)]
public sealed class DeleteAccountTests(TdmpApi api) : IAsyncLifetime
{
    private TestTenant tenant = null!;

    public async Task InitializeAsync() => tenant = await api.CreateTenantAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private sealed record Row(string username, string email, string? full_name, string? password_hash, bool is_active, DateTime? deleted_at);

    [Fact]
    public async Task Delete_needs_the_password()
    {
        var user = await tenant.CreateUserAsync(TenantRole.Tester);
        var client = await user.LoginAsync();
        await (await client.PostJsonAsync("/settings/delete", new { password = "not the password at all" }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await client.GetAsync("/users/me")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Delete_deactivates_anonymises_removes_the_avatar_and_keeps_the_audit_rows()
    {
        var user = await tenant.CreateUserAsync(TenantRole.Tester);
        var client = await user.LoginAsync();
        var other = await user.LoginAsync();
        await (await client.PostAsync("/settings/avatar", TestImages.Form(TestImages.Png(4, 4)))).ExpectAsync(HttpStatusCode.OK);
        await IdentityKit.EnableTwoFactorAsync(client, user.Password, api.Clock);
        var auditBefore = await api.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE actor_id = @id", new { id = user.Id });
        Assert.True(auditBefore >= 3);

        await (await client.PostJsonAsync("/settings/delete", new { password = user.Password })).ExpectAsync(HttpStatusCode.NoContent);

        await using var db = api.OpenDb();
        var row = await db.QuerySingleAsync<Row>(
            "SELECT username, email, full_name, password_hash, is_active, deleted_at FROM users WHERE user_id = @id", new { id = user.Id });
        Assert.Equal($"deleted:{user.Id}", row.username);
        Assert.DoesNotContain(user.Username, row.email);
        Assert.Null(row.full_name);
        Assert.Null(row.password_hash);
        Assert.False(row.is_active);
        Assert.NotNull(row.deleted_at);
        Assert.Equal(0, await db.QuerySingleAsync<long>("SELECT count(*) FROM user_avatars WHERE user_id = @id", new { id = user.Id }));
        Assert.Equal(0, await db.QuerySingleAsync<long>("SELECT count(*) FROM user_two_factor WHERE user_id = @id", new { id = user.Id }));

        // Every session ends, the old name no longer logs in, and the history is intact plus the deletion.
        await (await client.GetAsync("/users/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await other.GetAsync("/users/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await api.TryLoginAsync(user.Username, user.Password)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var auditAfter = await db.QuerySingleAsync<long>("SELECT count(*) FROM audit_log WHERE actor_id = @id", new { id = user.Id });
        Assert.Equal(auditBefore + 1, auditAfter);
        Assert.Equal(1, await api.AuditCountAsync("user.deleted", user.Id.ToString()));

        var admin = await (await tenant.CreateUserAsync(TenantRole.Admin)).LoginAsync();
        await (await admin.GetAsync($"/users/{user.Id}/avatar")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var seen = await (await admin.GetAsync($"/users/{user.Id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal($"deleted:{user.Id}", seen.GetProperty("username").GetString());
        Assert.False(seen.GetProperty("invitation_pending").GetBoolean());
    }

    [Fact]
    public async Task Last_admin_cannot_delete_the_account()
    {
        var lonely = await api.CreateTenantAsync();
        var admin = await lonely.CreateUserAsync(TenantRole.Admin);
        var client = await admin.LoginAsync();
        await (await client.PostJsonAsync("/settings/delete", new { password = admin.Password }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await client.GetAsync("/users/me")).ExpectAsync(HttpStatusCode.OK);
    }
}
