namespace Tdmp.Features.Users.GetUser;

public sealed record GetUserQuery(long UserId) : IQuery<UserView>;

public sealed class GetUserHandler(NpgsqlDataSource db, ICurrentUser caller) : IQueryHandler<GetUserQuery, UserView>
{
    public async ValueTask<UserView> Handle(GetUserQuery query, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await UserView.FindAsync(connection, null, caller, query.UserId, ct)
            ?? throw new NotFoundException("User not found");
    }
}
