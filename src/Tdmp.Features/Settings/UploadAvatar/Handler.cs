using System.Globalization;

namespace Tdmp.Features.Settings.UploadAvatar;

public sealed record UploadAvatarCommand(byte[] Content) : ICommand<AvatarInfo>;

public sealed class UploadAvatarHandler(UnitOfWork work, ICurrentUser caller, AuditTrail audit) : ICommandHandler<UploadAvatarCommand, AvatarInfo>
{
    public const int MaxBytes = 1024 * 1024;
    public const int MaxPixels = 2048;

    private const string UpsertSql = """
        INSERT INTO user_avatars (user_id, content_type, content, width, height, updated_at)
        VALUES (@user_id, @content_type, @content, @width, @height, now())
        ON CONFLICT (user_id) DO UPDATE
        SET content_type = EXCLUDED.content_type, content = EXCLUDED.content, width = EXCLUDED.width,
            height = EXCLUDED.height, updated_at = EXCLUDED.updated_at
        """;

    public async ValueTask<AvatarInfo> Handle(UploadAvatarCommand command, CancellationToken ct)
    {
        if (command.Content.Length > MaxBytes)
            throw new RuleViolationException("file", $"The picture may be at most 1 MiB ({MaxBytes} bytes); this one has {command.Content.Length}.");
        var image = ImageHeader.Read(command.Content)
            ?? throw new RuleViolationException("file",
                "Only PNG, JPEG, WebP and GIF pictures are accepted, recognised by their content; SVG and other formats are not.");
        if (image.Width is < 1 or > MaxPixels || image.Height is < 1 or > MaxPixels)
            throw new RuleViolationException("file",
                $"The picture may be at most {MaxPixels}×{MaxPixels} pixels; this one is {image.Width}×{image.Height}.");

        var (connection, transaction) = await work.BeginAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(UpsertSql, new
        {
            user_id = caller.UserId, content_type = image.ContentType, content = command.Content, width = image.Width, height = image.Height,
        }, transaction, cancellationToken: ct));
        audit.Record(new AuditEntry("user.avatar_changed", "user",
            caller.UserId.ToString(CultureInfo.InvariantCulture),
            Details: new { content_type = image.ContentType, image.Width, image.Height, size_bytes = command.Content.Length }));
        return new AvatarInfo(image.ContentType, image.Width, image.Height, command.Content.Length, $"/users/{caller.UserId}/avatar");
    }
}
