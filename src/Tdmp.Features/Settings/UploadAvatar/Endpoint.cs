using FastEndpoints;

namespace Tdmp.Features.Settings.UploadAvatar;

public sealed class UploadAvatarEndpoint(IMediator mediator) : Endpoint<UploadAvatarRequest, AvatarInfo>
{
    /// <summary>Bodies up to this size are read, so that a picture somewhat over 1 MiB gets a clear message; larger ones are
    /// cut off while reading.</summary>
    private const long MaxBodyBytes = 4 * UploadAvatarHandler.MaxBytes;

    public override void Configure()
    {
        Post("/settings/avatar");
        Roles(TenantRoles.Everyone);
        AllowFileUploads();
        MaxRequestBodySize(MaxBodyBytes);
        Description(b => b.ProducesProblemDetails(400).ProducesProblemDetails(401).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Upload my profile picture";
            s.Description = """
                Multipart form with the field `file`. Accepted are PNG, JPEG, WebP and GIF, recognised by their magic bytes (the
                file name and the claimed content type do not count), of at most 1 MiB and 2048×2048 pixels as the image header
                states; anything else, SVG included, is `422` on `file`. A body over 4 MiB is cut off while it is read (also `422`).
                Replaces an earlier picture; served at `GET /users/{user_id}/avatar`. Audited as `user.avatar_changed`.
                """;
            s.ExampleRequest = new UploadAvatarRequest();
            s.ResponseExamples[200] = new AvatarInfo("image/png", 256, 256, 48_213, "/users/12/avatar");
        });
    }

    public override async Task HandleAsync(UploadAvatarRequest req, CancellationToken ct)
    {
        // The validator has refused files over 1 MiB before this reads one into memory.
        var file = req.File!;
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        await Send.OkAsync(await mediator.Send(new UploadAvatarCommand(buffer.ToArray()), ct), ct);
    }
}
