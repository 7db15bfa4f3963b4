using System.Text.Json;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Tdmp.Features.Integrations.Outbound;

namespace Tdmp.Features.Integrations.S3;

/// <summary>The bucket of an <c>s3</c> integration, with its decrypted credentials.</summary>
public sealed record S3Target(string Bucket, string Region, string? EndpointUrl, bool ForcePathStyle, string AccessKeyId, string SecretAccessKey,
    string? Prefix)
{
    public static S3Target From(IntegrationRecord integration, IntegrationSecrets secrets)
    {
        var plain = integration.Plain();
        var secret = secrets.Unprotect(integration.ProtectedSecrets);
        string? Text(string name) => plain.TryGetValue(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return new S3Target(Text("bucket")!, Text("region") is { Length: > 0 } region ? region : "us-east-1", Text("endpoint_url"),
            plain.TryGetValue("force_path_style", out var f) && f.ValueKind == JsonValueKind.True,
            Text("access_key_id") ?? "", secret.GetValueOrDefault("secret_access_key") ?? "", Text("prefix"));
    }

    /// <summary>A client whose connections go through the guarded <see cref="OutboundHttp"/> handler, so an S3 endpoint URL
    /// cannot reach private networks either. Checksums only where S3 requires them, as S3-compatible stores expect.</summary>
    public AmazonS3Client CreateClient(OutboundHttp http, TimeSpan timeout, int retries)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = ForcePathStyle,
            Timeout = timeout,
            MaxErrorRetry = retries,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            HttpClientFactory = new GuardedHttpClientFactory(http),
        };
        if (!string.IsNullOrEmpty(EndpointUrl))
        {
            config.ServiceURL = EndpointUrl;
            config.AuthenticationRegion = Region;
        }
        else config.RegionEndpoint = RegionEndpoint.GetBySystemName(Region);
        return new AmazonS3Client(new BasicAWSCredentials(AccessKeyId, SecretAccessKey), config);
    }

    /// <summary>What an S3 call's failure means for the user (bucket not found, access denied, connection refused, ...).</summary>
    public static string Describe(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
            if (e is AmazonServiceException { ErrorCode: { Length: > 0 } code } service)
                return code switch
                {
                    "NoSuchBucket" => "bucket not found",
                    "AccessDenied" => "access denied",
                    "InvalidAccessKeyId" => "access key id not recognised",
                    "SignatureDoesNotMatch" => "secret access key does not match",
                    "PermanentRedirect" or "AuthorizationHeaderMalformed" => "wrong region for this bucket",
                    _ => $"S3 error {code} (HTTP {(int)service.StatusCode})",
                };
            else if (e is AmazonServiceException { StatusCode: System.Net.HttpStatusCode.NotFound })
                return "bucket not found";
        return OutboundHttp.Describe(error);
    }

    private sealed class GuardedHttpClientFactory(OutboundHttp http) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => http.CreateTransferClient();

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => true;
    }
}
