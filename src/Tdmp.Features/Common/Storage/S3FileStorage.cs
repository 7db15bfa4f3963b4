using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Tdmp.Features.Common.Storage;

/// <summary>The <c>Storage:S3</c> section: the bucket that holds dataset files when several nodes share them.</summary>
public sealed class S3StorageOptions
{
    public string? Bucket { get; set; }
    /// <summary>Endpoint of an S3-compatible store (MinIO, s3rver); empty for AWS.</summary>
    public string? ServiceUrl { get; set; }
    public string Region { get; set; } = "us-east-1";
    /// <summary>Access key; without one the SDK's default credentials (environment, instance role) are used.</summary>
    public string? AccessKey { get; set; }
    public string? SecretKey { get; set; }
    public bool ForcePathStyle { get; set; }
    /// <summary>Files from this size on are uploaded in parts.</summary>
    public long MultipartThresholdBytes { get; set; } = 16 * 1024 * 1024;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Bucket);
}

/// <summary>
/// Dataset files in an S3 bucket: staged in a local temporary file and uploaded on commit (in parts when large), so a reader
/// never sees half a file; read back into a temporary file that is deleted when closed, which gives downloads a seekable
/// stream for ranges. The bucket is configured by the operator, so unlike integrations it may be on a private network.
/// </summary>
public sealed class S3FileStorage : IFileStorage, IDisposable
{
    private readonly S3StorageOptions options;
    private readonly AmazonS3Client client;
    private readonly string staging = Path.Combine(Path.GetTempPath(), "tdmp-s3-staging");

    public S3FileStorage(StorageOptions storage)
    {
        options = storage.S3;
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (!string.IsNullOrWhiteSpace(options.ServiceUrl))
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region;
        }
        else config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        client = string.IsNullOrEmpty(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey ?? ""), config);
    }

    public string LocalStagingPath
    {
        get
        {
            Directory.CreateDirectory(staging);
            return staging;
        }
    }

    public IStagedFile Stage(string key)
    {
        Directory.CreateDirectory(staging);
        return new StagedS3File(this, Path.Combine(staging, Guid.NewGuid().ToString("N")), key);
    }

    public async Task<StoredFile?> OpenAsync(string key, CancellationToken ct)
    {
        GetObjectResponse response;
        try
        {
            response = await client.GetObjectAsync(options.Bucket, key, ct);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        Directory.CreateDirectory(staging);
        var path = Path.Combine(staging, "read-" + Guid.NewGuid().ToString("N"));
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            using (response)
                await response.ResponseStream.CopyToAsync(file, ct);
            file.Position = 0;
            return new StoredFile(file, file.Length, null);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    public async Task DeleteAsync(string prefix, CancellationToken ct)
    {
        var request = new ListObjectsV2Request { BucketName = options.Bucket, Prefix = prefix };
        ListObjectsV2Response page;
        do
        {
            page = await client.ListObjectsV2Async(request, ct);
            // One by one: multi-object delete needs a Content-MD5 that not every S3-compatible store accepts the same way.
            foreach (var item in page.S3Objects ?? [])
                await client.DeleteObjectAsync(options.Bucket, item.Key, ct);
            request.ContinuationToken = page.NextContinuationToken;
        } while (page.IsTruncated == true);
    }

    public void DeleteAbandonedStaging(TimeSpan idle) => StagingFolder.DeleteIdleFiles(staging, idle);

    public void Dispose() => client.Dispose();

    private sealed class StagedS3File(S3FileStorage storage, string temporary, string key) : IStagedFile
    {
        public Stream Stream { get; } = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 256 * 1024, useAsync: true);

        public async Task CommitAsync(CancellationToken ct)
        {
            await Stream.DisposeAsync(); // flushes, unless the writer disposed it already
            await using (var content = new FileStream(temporary, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
                await S3Uploads.UploadAsync(storage.client, storage.options.Bucket!, key, content, storage.options.MultipartThresholdBytes, null, ct);
            File.Delete(temporary);
        }

        public async ValueTask DisposeAsync()
        {
            await Stream.DisposeAsync();
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
