namespace Tdmp.Tests.Features.Projects;

/// <summary>The shared permission query datasets and constraint sets use: <c>edit</c> membership lets testers create in a project.</summary>
[Collection(ApiCollection.Name)]
public sealed class ProjectAccessTests(TdmpApi api) : IAsyncLifetime
{
    private TestTenant tenant = null!;
    private TestUser creator = null!;
    private long projectId;

    private sealed record Caller(long UserId, long TenantId, TenantRole Role) : ICurrentUser
    {
        public string Username => "caller";
        public Guid SessionId => Guid.Empty;
        public string? ClientIp => null;
    }

    public async Task InitializeAsync()
    {
        tenant = await api.CreateTenantAsync();
        creator = await tenant.CreateUserAsync(TenantRole.Manager);
        projectId = await ProjectData.CreateProjectAsync(api, tenant.Id, creator.Id);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<ProjectGrant?> GrantAsync(TenantRole role, string? membership, long? userId = null, long? tenantId = null)
    {
        var user = userId ?? (await tenant.CreateUserAsync(role)).Id;
        if (membership is not null) await ProjectData.AddMemberAsync(api, projectId, user, membership);
        await using var db = api.OpenDb();
        return await ProjectAccess.FindAsync(db, null, new Caller(user, tenantId ?? tenant.Id, role), projectId, CancellationToken.None);
    }

    [Fact]
    public async Task Tester_with_edit_membership_can_edit_but_not_manage()
    {
        var grant = await GrantAsync(TenantRole.Tester, "edit");
        Assert.True(grant!.CanSee);
        Assert.True(grant.CanEdit);
        Assert.False(grant.CanManage);
    }

    [Fact]
    public async Task Tester_with_view_membership_can_see_but_not_edit()
    {
        var grant = await GrantAsync(TenantRole.Tester, "view");
        Assert.True(grant!.CanSee);
        Assert.False(grant.CanEdit);
    }

    [Fact]
    public async Task Tester_without_membership_cannot_see()
        => Assert.False((await GrantAsync(TenantRole.Tester, null))!.CanSee);

    [Fact]
    public async Task Manager_member_can_edit_but_only_the_creator_manages()
    {
        var member = await GrantAsync(TenantRole.Manager, "view");
        Assert.True(member!.CanEdit);
        Assert.False(member.CanManage);
        var owner = await GrantAsync(TenantRole.Manager, null, creator.Id);
        Assert.True(owner!.CanEdit);
        Assert.True(owner.CanManage);
        Assert.False(owner.CanDelete);
    }

    [Fact]
    public async Task Admin_of_another_tenant_does_not_find_the_project()
    {
        var other = await api.CreateTenantAsync();
        var stranger = await other.CreateUserAsync(TenantRole.Admin);
        Assert.Null(await GrantAsync(TenantRole.Admin, null, stranger.Id, other.Id));
    }
}
