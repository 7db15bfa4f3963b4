namespace Tdmp.Features.Common;

/// <summary>A failure a handler reports in domain terms; the host maps each kind to one HTTP status, once.</summary>
public abstract class ApiException(string detail) : Exception(detail);

/// <summary>The resource does not exist or the caller may not see it (404, never 403 for other tenants).</summary>
public sealed class NotFoundException(string detail) : ApiException(detail);

/// <summary>The caller's role lacks the permission (403).</summary>
public sealed class ForbiddenException(string detail) : ApiException(detail);

/// <summary>Missing, invalid, expired or revoked credentials (401).</summary>
public sealed class UnauthorizedException(string detail) : ApiException(detail);

/// <summary>Too many attempts (429 with Retry-After).</summary>
public sealed class TooManyRequestsException(string detail, TimeSpan retryAfter) : ApiException(detail)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>The request is well-formed but breaks a rule or conflicts with existing state (422 with field errors).</summary>
public sealed class RuleViolationException : ApiException
{
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    public RuleViolationException(string field, string message) : base(message)
        => Errors = new Dictionary<string, string[]> { [field] = [message] };

    public RuleViolationException(string detail, IReadOnlyDictionary<string, string[]> errors) : base(detail)
        => Errors = errors;
}

/// <summary>An upload over its size limit (413).</summary>
public sealed class PayloadTooLargeException(string detail) : ApiException(detail);

/// <summary>The database cannot be reached just now (503 with Retry-After): the request is fine, try it again soon.</summary>
public sealed class ServiceUnavailableException(string detail, TimeSpan retryAfter) : ApiException(detail)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
