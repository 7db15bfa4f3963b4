using Amazon.S3;
using Amazon.S3.Model;

namespace Tdmp.Features.Common.Storage;

/// <summary>
/// Uploads a seekable stream to S3: one PUT up to <c>multipartThreshold</c>, a multipart upload (parts of that size, at
/// least 5 MiB) above it, aborted on failure so no orphaned parts stay behind. The payload is signed whole instead of in
/// aws-chunked frames, which S3-compatible stores (s3rver, older MinIO) do not all decode; AWS takes both.
/// </summary>
public static class S3Uploads
{
    public const long MinPartSize = 5 * 1024 * 1024;

    public static async Task UploadAsync(IAmazonS3 client, string bucket, string key, Stream content, long multipartThreshold,
        IDictionary<string, string>? metadata, CancellationToken ct)
    {
        var length = content.Length - content.Position;
        if (length <= multipartThreshold)
        {
            var put = new PutObjectRequest { BucketName = bucket, Key = key, InputStream = content, AutoCloseStream = false,
                UseChunkEncoding = false };
            foreach (var (name, value) in metadata ?? new Dictionary<string, string>()) put.Metadata[name] = value;
            await client.PutObjectAsync(put, ct);
            return;
        }

        var start = new InitiateMultipartUploadRequest { BucketName = bucket, Key = key };
        foreach (var (name, value) in metadata ?? new Dictionary<string, string>()) start.Metadata[name] = value;
        var upload = await client.InitiateMultipartUploadAsync(start, ct);
        try
        {
            var partSize = Math.Max(MinPartSize, multipartThreshold);
            var parts = new List<PartETag>();
            var buffer = new byte[partSize];
            for (var number = 1; ; number++)
            {
                var read = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
                if (read == 0) break;
                using var part = new MemoryStream(buffer, 0, read, writable: false);
                var response = await client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = bucket, Key = key, UploadId = upload.UploadId, PartNumber = number, InputStream = part, PartSize = read,
                    UseChunkEncoding = false,
                }, ct);
                parts.Add(new PartETag(number, response.ETag));
                if (read < buffer.Length) break;
            }
            await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = bucket, Key = key, UploadId = upload.UploadId, PartETags = parts,
            }, ct);
        }
        catch
        {
            await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = upload.UploadId },
                CancellationToken.None);
            throw;
        }
    }
}
