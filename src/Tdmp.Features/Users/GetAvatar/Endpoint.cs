using FastEndpoints;

namespace Tdmp.Features.Users.GetAvatar;

public sealed class GetAvatarEndpoint(IMediator mediator) : Endpoint<GetAvatarRequest>
{
    public static readonly string[] ImageTypes = ["image/png", "image/jpeg", "image/webp", "image/gif"];

    public override void Configure()
    {
        Get("/users/{user_id}/avatar");
        Roles(TenantRoles.Everyone);
        Description(b => b.Produces<byte[]>(200, ImageTypes[0], ImageTypes[1..])
            .ProducesProblemDetails(401).ProducesProblemDetails(404).ProducesProblemDetails(422));
        Summary(s =>
        {
            s.Summary = "Get a user's profile picture";
            s.Description = """
                The picture uploaded with `POST /settings/avatar`, as PNG, JPEG, WebP or GIF: its `Content-Type` is the one found
                from the file's magic bytes at upload, never the one the uploader claimed, and it is served with
                `X-Content-Type-Options: nosniff` and a `Content-Security-Policy` that runs nothing. Any user of the same tenant
                may fetch it (superusers: any user). No picture, or a user of another tenant, is `404`.
                """;
            s.ResponseExamples[200] = "(the image bytes)";
        });
    }

    public override async Task HandleAsync(GetAvatarRequest req, CancellationToken ct)
    {
        var avatar = await mediator.Send(req, ct);
        var headers = HttpContext.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        headers.CacheControl = "private, no-cache";
        await Send.BytesAsync(avatar.Content, fileName: null, contentType: avatar.ContentType,
            lastModified: new DateTimeOffset(DateTime.SpecifyKind(avatar.UpdatedAt, DateTimeKind.Utc)), cancellation: ct);
    }
}
