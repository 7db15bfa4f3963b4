using Tdmp.Features.Common.Auth;

namespace Tdmp.Tests.Features.Users;

/// <summary>The per-node memory of session checks, on its own: what it remembers and what a revocation makes it forget.</summary>
public sealed class RevocableCacheTests
{
    private static RevocableCache NewCache(TimeSpan ttl) => new(new AuthOptions { CredentialCacheTtl = ttl }, TimeProvider.System);

    private static readonly string SessionA = RevocableCache.SessionKey(Guid.NewGuid());
    private static readonly string SessionB = RevocableCache.SessionKey(Guid.NewGuid());
    private static readonly string User = RevocableCache.UserKey(5);

    [Fact]
    public async Task Answer_is_remembered_until_its_key_or_its_owner_is_revoked()
    {
        var cache = NewCache(TimeSpan.FromHours(1));
        var loads = 0;
        Task<string?> Load() { loads++; return Task.FromResult<string?>("admin"); }

        Assert.Equal("admin", await cache.GetOrLoadAsync(SessionA, User, Load));
        Assert.Equal("admin", await cache.GetOrLoadAsync(SessionA, User, Load));
        Assert.Equal(1, loads);

        cache.Evict(SessionA);
        await cache.GetOrLoadAsync(SessionA, User, Load);
        Assert.Equal(2, loads);

        await cache.GetOrLoadAsync(SessionB, User, Load);
        cache.Evict(User); // every session of the user
        await cache.GetOrLoadAsync(SessionA, User, Load);
        await cache.GetOrLoadAsync(SessionB, User, Load);
        Assert.Equal(5, loads);
    }

    [Fact]
    public async Task A_load_that_overlaps_a_revocation_is_answered_but_not_remembered()
    {
        var cache = NewCache(TimeSpan.FromHours(1));
        var loads = 0;
        await cache.GetOrLoadAsync<string>(SessionA, User, () =>
        {
            loads++;
            cache.Evict(User); // revoked while the database was being asked
            return Task.FromResult<string?>("tester");
        });
        await cache.GetOrLoadAsync(SessionA, User, () => { loads++; return Task.FromResult<string?>(null); });
        Assert.Equal(2, loads);
    }

    [Fact]
    public async Task A_zero_ttl_asks_every_time()
    {
        var cache = NewCache(TimeSpan.Zero);
        var loads = 0;
        for (var i = 0; i < 3; i++) await cache.GetOrLoadAsync(SessionA, User, () => { loads++; return Task.FromResult<string?>("admin"); });
        Assert.Equal(3, loads);
    }
}
