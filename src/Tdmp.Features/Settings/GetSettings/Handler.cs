namespace Tdmp.Features.Settings.GetSettings;

public sealed record GetSettingsQuery : IQuery<SettingsView>;

public sealed class GetSettingsHandler(NpgsqlDataSource db, ICurrentUser caller) : IQueryHandler<GetSettingsQuery, SettingsView>
{
    public async ValueTask<SettingsView> Handle(GetSettingsQuery query, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await SettingsView.FindAsync(connection, null, caller.UserId, ct);
    }
}
