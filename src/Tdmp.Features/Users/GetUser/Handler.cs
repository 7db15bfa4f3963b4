namespace Tdmp.Features.Users.GetUser;

public sealed class GetUserHandler(NpgsqlDataSource db, ICurrentUser caller) : IQueryHandler<GetUserRequest, UserView>
{
    public async ValueTask<UserView> Handle(GetUserRequest query, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await UserView.FindAsync(connection, null, caller, query.UserId, ct)
            ?? throw new NotFoundException("User not found");
    }
}
