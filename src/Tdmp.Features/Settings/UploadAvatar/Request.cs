using FastEndpoints;

namespace Tdmp.Features.Settings.UploadAvatar;

public sealed class UploadAvatarRequest
{
    /// <summary>A PNG, JPEG, WebP or GIF picture of at most 1 MiB and 2048×2048 pixels.</summary>
    public IFormFile? File { get; init; }

    public sealed class Validator : Validator<UploadAvatarRequest>
    {
        public Validator()
        {
            RuleFor(r => r.File).NotNull().WithMessage("Send the picture as the multipart field file.");
            RuleFor(r => r.File).Must(file => file is null || file.Length <= UploadAvatarHandler.MaxBytes)
                .WithMessage($"The picture may be at most 1 MiB ({UploadAvatarHandler.MaxBytes} bytes).");
        }
    }
}

/// <summary>The stored picture.</summary>
public sealed record AvatarInfo(string ContentType, int Width, int Height, long SizeBytes, string Url);
