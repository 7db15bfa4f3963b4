using System.Buffers.Binary;

namespace Tdmp.Features.Settings.UploadAvatar;

/// <summary>
/// What an uploaded picture is, read from its magic bytes and header only (never decoded, never the client's claimed
/// type): PNG, JPEG, WebP or GIF with its size in pixels. Anything else, SVG included, is not recognised.
/// </summary>
public sealed record ImageHeader(string ContentType, int Width, int Height)
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The picture's type and size, or null when the bytes are none of the four formats.</summary>
    public static ImageHeader? Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(PngSignature))
            return Png(bytes);
        if (bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF)
            return Jpeg(bytes);
        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8))
            return bytes.Length < 10 ? null
                : new("image/gif", BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..]), BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]));
        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
            return WebP(bytes);
        return null;
    }

    private static ImageHeader? Png(ReadOnlySpan<byte> bytes)
    {
        // The first chunk is IHDR: length 13, then width and height as big-endian 32-bit integers.
        if (bytes.Length < 24 || !bytes[12..16].SequenceEqual("IHDR"u8))
            return null;
        var width = BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]);
        var height = BinaryPrimitives.ReadUInt32BigEndian(bytes[20..]);
        return width > int.MaxValue || height > int.MaxValue ? null : new("image/png", (int)width, (int)height);
    }

    private static ImageHeader? Jpeg(ReadOnlySpan<byte> bytes)
    {
        // Walk the marker segments up to the first start-of-frame, which holds the size.
        var i = 2;
        while (i + 3 < bytes.Length)
        {
            if (bytes[i] != 0xFF)
                return null;
            var marker = bytes[i + 1];
            if (marker == 0xFF) { i++; continue; } // fill byte
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7)) { i += 2; continue; } // markers without a length
            if (marker is 0xD9 or 0xDA) // end of image or start of scan before any frame header
                return null;
            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[(i + 2)..]);
            if (length < 2)
                return null;
            var isFrame = marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC);
            if (isFrame)
                return i + 9 > bytes.Length ? null
                    : new("image/jpeg", BinaryPrimitives.ReadUInt16BigEndian(bytes[(i + 7)..]),
                        BinaryPrimitives.ReadUInt16BigEndian(bytes[(i + 5)..]));
            i += 2 + length;
        }
        return null;
    }

    private static ImageHeader? WebP(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 30)
            return null;
        var chunk = bytes[12..16];
        var data = bytes[20..];
        if (chunk.SequenceEqual("VP8 "u8))
        {
            // Lossy: a 3-byte frame tag, the start code 9D 01 2A, then 14-bit width and height.
            if (data[3] != 0x9D || data[4] != 0x01 || data[5] != 0x2A)
                return null;
            return new("image/webp", BinaryPrimitives.ReadUInt16LittleEndian(data[6..]) & 0x3FFF,
                BinaryPrimitives.ReadUInt16LittleEndian(data[8..]) & 0x3FFF);
        }
        if (chunk.SequenceEqual("VP8L"u8))
        {
            // Lossless: signature 0x2F, then width - 1 and height - 1 in 14 bits each.
            if (data[0] != 0x2F)
                return null;
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data[1..]);
            return new("image/webp", (int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
        }
        if (chunk.SequenceEqual("VP8X"u8))
        {
            // Extended: flags and 3 reserved bytes, then canvas width - 1 and height - 1 in 24 bits each.
            return new("image/webp", ReadUInt24(data[4..]) + 1, ReadUInt24(data[7..]) + 1);
        }
        return null;
    }

    private static int ReadUInt24(ReadOnlySpan<byte> bytes) => bytes[0] | bytes[1] << 8 | bytes[2] << 16;
}
