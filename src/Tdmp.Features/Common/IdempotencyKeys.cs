using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Tdmp.Features.Common;

/// <summary>Endpoint metadata: this create endpoint honours an <c>Idempotency-Key</c> header.</summary>
public sealed class AcceptsIdempotencyKey
{
    public static readonly AcceptsIdempotencyKey Instance = new();
}

public static class IdempotencyKeyEndpoints
{
    /// <summary>Marks the endpoint (in its <c>Description</c>) as honouring <c>Idempotency-Key</c>; <see cref="IdempotencyKeys"/> does the
    /// rest.</summary>
    public static RouteHandlerBuilder AcceptsIdempotencyKey(this RouteHandlerBuilder builder)
        => builder.WithMetadata(Common.AcceptsIdempotencyKey.Instance);
}

/// <summary>
/// <c>Idempotency-Key</c> for the create endpoints marked with <see cref="AcceptsIdempotencyKey"/>, done once for all of
/// them: the same key and request from the same user within 24 hours answers the first response again (same status,
/// body, Location), nothing is created twice; the same key with another request is <c>422</c>.
/// <para>Races, also between nodes, are settled by PostgreSQL: the first request inserts its key row and keeps its
/// transaction open while the endpoint runs; a second request's insert waits on the primary key until the first
/// commits (then it reads and answers the stored response) or rolls back (then it runs itself). Only 2xx responses are
/// remembered: after a failure the key is free again, so a retry can succeed.</para>
/// </summary>
public sealed class IdempotencyKeys(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;

    // An expired row of the same key is taken over; a live one makes this insert do nothing (after waiting for its
    // transaction, when that is still running).
    private const string ClaimSql = """
        INSERT INTO idempotency_keys (user_id, idempotency_key, request_hash, status_code, response_body)
        VALUES (@user_id, @key, @request_hash, 0, ''::bytea)
        ON CONFLICT (user_id, idempotency_key) DO UPDATE
            SET request_hash = EXCLUDED.request_hash, created_at = now(), status_code = 0, content_type = NULL,
                location = NULL, response_body = ''::bytea
            WHERE idempotency_keys.created_at < now() - interval '24 hours'
        RETURNING true
        """;

    private const string StoreSql = """
        UPDATE idempotency_keys SET status_code = @status_code, content_type = @content_type, location = @location, response_body = @body
        WHERE user_id = @user_id AND idempotency_key = @key
        """;

    private const string StoredSql = """
        SELECT request_hash, status_code, content_type, location, response_body
        FROM idempotency_keys
        WHERE user_id = @user_id AND idempotency_key = @key
        """;

    private sealed record Stored(string request_hash, int status_code, string? content_type, string? location, byte[] response_body);

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method)
            || context.GetEndpoint()?.Metadata.GetMetadata<AcceptsIdempotencyKey>() is null
            || !context.Request.Headers.TryGetValue(Header, out var values)
            || context.User.FindFirst(TdmpClaims.UserId)?.Value is not { } userClaim) // no caller: the endpoint answers 401
        {
            await next(context);
            return;
        }
        var key = values.ToString();
        if (key.Length is 0 or > MaxKeyLength)
            throw new RuleViolationException(Header, $"The {Header} header must have 1 to {MaxKeyLength} characters.");

        var ct = context.RequestAborted;
        var userId = long.Parse(userClaim, System.Globalization.CultureInfo.InvariantCulture);
        var requestHash = await RequestHashAsync(context.Request, ct);
        var db = context.RequestServices.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var claimed = await connection.ExecuteScalarAsync<bool?>(new CommandDefinition(ClaimSql,
            new { user_id = userId, key, request_hash = requestHash }, transaction, cancellationToken: ct));
        if (claimed is null)
        {
            var stored = await connection.QuerySingleAsync<Stored>(
                new CommandDefinition(StoredSql, new { user_id = userId, key }, transaction, cancellationToken: ct));
            await transaction.RollbackAsync(ct);
            if (stored.request_hash != requestHash)
                throw new RuleViolationException(Header,
                    $"This {Header} was used within the last 24 hours for another request (other body or endpoint); "
                    + "send a new key for a new request.");
            context.Response.StatusCode = stored.status_code;
            if (stored.content_type is { } contentType) context.Response.ContentType = contentType;
            if (stored.location is { } location) context.Response.Headers.Location = location;
            context.Response.Headers[ReplayedHeader] = "true";
            context.Response.ContentLength = stored.response_body.Length;
            await context.Response.Body.WriteAsync(stored.response_body, ct);
            return;
        }

        // Create responses are small: buffer the body, so that it can be stored before the client sees it.
        var clientBody = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = clientBody;
        }
        var status = context.Response.StatusCode;
        if (status is >= 200 and < 300)
        {
            // The resource exists now: remember the answer even if the client has gone, because its retry is coming.
            await connection.ExecuteAsync(new CommandDefinition(StoreSql, new
            {
                user_id = userId, key, status_code = status, content_type = context.Response.ContentType,
                location = context.Response.Headers.Location.ToString() is { Length: > 0 } l ? l : null, body = buffer.ToArray(),
            }, transaction, cancellationToken: CancellationToken.None));
            await transaction.CommitAsync(CancellationToken.None);
        }
        else await transaction.RollbackAsync(CancellationToken.None);
        buffer.Position = 0;
        await buffer.CopyToAsync(clientBody, ct);
    }

    /// <summary>
    /// SHA-256 of what identifies the request: method, path, and the body. A multipart body is hashed by its fields and
    /// files, not its bytes, because clients such as curl pick a new random boundary for each retry.
    /// </summary>
    private static async Task<string> RequestHashAsync(HttpRequest request, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(text));
            hash.AppendData([0]);
        }
        Add(request.Method);
        Add(request.Path.Value ?? "");
        Add(request.QueryString.Value ?? "");
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            foreach (var field in form.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                Add(field.Key);
                foreach (var value in field.Value) Add(value ?? "");
            }
            foreach (var file in form.Files.OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                Add(file.Name);
                Add(file.FileName);
                await using var content = file.OpenReadStream();
                Add(Convert.ToHexStringLower(await SHA256.HashDataAsync(content, ct)));
            }
        }
        else
        {
            request.EnableBuffering();
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, ct);
            request.Body.Position = 0;
            hash.AppendData(body.ToArray());
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
