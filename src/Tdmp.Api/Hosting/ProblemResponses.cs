using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using FluentValidation.Results;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Npgsql;
using Tdmp.Features.Common;

namespace Tdmp.Api.Hosting;

/// <summary>
/// Every error response of the service, in one shape: RFC 9457 problem details with a readable
/// <c>detail</c>, a <c>trace_id</c> that is also in the server log, and for 422 the field <c>errors</c>.
/// </summary>
public static partial class ProblemResponses
{
    public const string ContentType = "application/problem+json";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Details quote user input ('name', <token>); keep them readable rather than \u-escaped.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static ProblemDetails Create(HttpContext context, int status, string detail, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        var problem = new ProblemDetails
        {
            Type = "about:blank",
            Title = ReasonPhrases.GetReasonPhrase(status),
            Status = status,
            Detail = detail,
            Instance = context.Request.Path,
        };
        problem.Extensions["trace_id"] = TraceId(context);
        if (errors is { Count: > 0 })
            problem.Extensions["errors"] = errors;
        return problem;
    }

    public static async Task WriteAsync(HttpContext context, int status, string detail, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(Create(context, status, detail, errors), Json, ContentType);
    }

    public static string TraceId(HttpContext context) => Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;

    /// <summary>FastEndpoints' validation and binding failures, as the same problem shape.</summary>
    public static object FromValidationFailures(List<ValidationFailure> failures, HttpContext context, int status)
    {
        // Failures without a validator's error code come from binding (a route, query or form value of the wrong type, or
        // bad JSON); every FluentValidation rule, custom ones included, carries a code.
        // That is a malformed request (400), not a rule the value broke (422).
        if (failures.Any(f => JsonBodyErrors.IsRule(f.ErrorMessage)))
            context.Response.StatusCode = status = StatusCodes.Status422UnprocessableEntity;
        else if (failures.All(f => string.IsNullOrEmpty(f.ErrorCode)))
            context.Response.StatusCode = status = StatusCodes.Status400BadRequest;
        var errors = failures
            .GroupBy(f => FieldName(f.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray());
        var detail = status == StatusCodes.Status400BadRequest
            ? "The request is malformed: " + failures[0].ErrorMessage
            : "Validation failed: " + string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value[0]}"));
        return Create(context, status, detail, errors);
    }

    /// <summary>A type as a client knows it, for binding errors: never a .NET type name.</summary>
    public static string TypeName(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) || t == typeof(long) || t == typeof(short) => "integer",
        var t when t == typeof(decimal) || t == typeof(double) || t == typeof(float) => "number",
        var t when t == typeof(bool) => "boolean (true or false)",
        var t when t == typeof(DateTime) || t == typeof(DateTimeOffset) => "date-time (ISO 8601)",
        var t when t == typeof(DateOnly) => "date (YYYY-MM-DD)",
        var t when t == typeof(Guid) => "UUID",
        var t when t.IsEnum => "value (" + string.Join(", ", Enum.GetNames(t).Select(n => JsonNamingPolicy.SnakeCaseLower.ConvertName(n))) + ")",
        _ => "value",
    };

    /// <summary><c>Rules[3].MinLength</c> → <c>rules[3].min_length</c>, the names clients send.</summary>
    public static string FieldName(string propertyName)
        => string.IsNullOrEmpty(propertyName) ? "request"
            : Identifier().Replace(propertyName, m => JsonNamingPolicy.SnakeCaseLower.ConvertName(m.Value));

    [GeneratedRegex("[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Identifier();
}

/// <summary>Maps the handlers' typed failures to HTTP statuses, in one place; anything else is a 500 without internals.</summary>
public sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        switch (exception)
        {
            case NotFoundException e:
                await ProblemResponses.WriteAsync(context, 404, e.Message);
                break;
            case ForbiddenException e:
                await ProblemResponses.WriteAsync(context, 403, e.Message);
                break;
            case UnauthorizedException e:
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await ProblemResponses.WriteAsync(context, 401, e.Message);
                break;
            case TooManyRequestsException e:
                SetRetryAfter(context, e.RetryAfter);
                await ProblemResponses.WriteAsync(context, 429, e.Message);
                break;
            case ServiceUnavailableException e:
                await WriteUnavailableAsync(context, e.RetryAfter, e.Message);
                break;
            case NpgsqlException { IsTransient: true } e:
                // The database is unreachable, restarting or out of connections: the caller's request was fine and will
                // work again shortly. A clear 503, not a 500 that reads like a bug.
                logger.LogWarning(e, "Database unavailable, trace_id {TraceId}", ProblemResponses.TraceId(context));
                await WriteUnavailableAsync(context, TimeSpan.FromSeconds(5), "The database is unavailable just now; try again shortly.");
                break;
            case PayloadTooLargeException e:
                await ProblemResponses.WriteAsync(context, 413, e.Message);
                break;
            case RuleViolationException e:
                await ProblemResponses.WriteAsync(context, 422, e.Message, e.Errors);
                break;
            case BadHttpRequestException e:
                // Kestrel's own refusals: body too large, malformed form, unexpected end of body.
                await ProblemResponses.WriteAsync(context, e.StatusCode,
                    e.StatusCode == 413 ? "The request body is too large." : "The request is malformed.");
                break;
            case OperationCanceledException when context.RequestAborted.IsCancellationRequested:
                // The client went away; nobody is left to answer.
                return true;
            default:
                logger.LogError(exception, "Unhandled error, trace_id {TraceId}", ProblemResponses.TraceId(context));
                await ProblemResponses.WriteAsync(context, 500,
                    "An unexpected error occurred. Quote the trace_id when reporting it.");
                break;
        }
        return true;
    }

    private static void SetRetryAfter(HttpContext context, TimeSpan retryAfter)
        => context.Response.Headers.RetryAfter = Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds))
            .ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Task WriteUnavailableAsync(HttpContext context, TimeSpan retryAfter, string detail)
    {
        SetRetryAfter(context, retryAfter);
        return ProblemResponses.WriteAsync(context, 503, detail);
    }
}
