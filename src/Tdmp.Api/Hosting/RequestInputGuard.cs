using Microsoft.AspNetCore.Http.Features;
using Tdmp.Generation.Schema;

namespace Tdmp.Api.Hosting;

/// <summary>
/// Input no endpoint can take, refused once for all of them before any handler runs: a NUL character (PostgreSQL stores
/// no <c>\u0000</c> in text or jsonb) in the path, a query value, a header, a form field or a JSON string is a 400 that says
/// so, never a 500; a form body over the largest upload is a 413, also when it arrives without a Content-Length.
/// </summary>
public sealed class RequestInputGuard(RequestDelegate next, SchemaReadLimits schemaLimits)
{
    /// <summary>Room for the multipart boundaries and the small text fields beside the largest file (a schema).</summary>
    private const long FormOverheadBytes = 1 << 20;

    private long MaxFormBytes => schemaLimits.MaxBytes + FormOverheadBytes;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.Value?.Contains('\0') == true)
        {
            await RefuseAsync(context, "path");
            return;
        }
        foreach (var (key, values) in request.Query)
            if (key.Contains('\0') || values.Any(v => v?.Contains('\0') == true))
            {
                await RefuseAsync(context, key.Replace("\0", "", StringComparison.Ordinal));
                return;
            }
        foreach (var (key, values) in request.Headers)
            if (values.Any(v => v?.Contains('\0') == true))
            {
                await RefuseAsync(context, key);
                return;
            }

        if (request.HasFormContentType)
        {
            if (!await CheckFormAsync(context)) return;
        }
        else if (request.HasJsonContentType())
        {
            if (!await CheckJsonAsync(context)) return;
        }
        await next(context);
    }

    private async Task<bool> CheckFormAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength > MaxFormBytes)
        {
            await TooLargeAsync(context);
            return false;
        }
        // Kestrel stops reading (413) as soon as a body without Content-Length passes the limit.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = MaxFormBytes;
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(context.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await TooLargeAsync(context);
            return false;
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            await TooLargeAsync(context);
            return false;
        }
        catch (InvalidDataException e) when (e.Message.Contains("invalid characters", StringComparison.OrdinalIgnoreCase))
        {
            // ASP.NET's form reader refuses NUL (and other invalid characters) itself, without naming the field.
            await RefuseAsync(context, "form");
            return false;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            await ProblemResponses.WriteAsync(context, 400, "The request is malformed: the form data could not be read.");
            return false;
        }
        foreach (var (key, values) in form)
            if (key.Contains('\0') || values.Any(v => v?.Contains('\0') == true))
            {
                await RefuseAsync(context, key.Replace("\0", "", StringComparison.Ordinal));
                return false;
            }
        foreach (var file in form.Files)
            if (file.FileName.Contains('\0') || file.Name.Contains('\0'))
            {
                await RefuseAsync(context, "file");
                return false;
            }
        return true;
    }

    /// <summary>Finds a <c>\u0000</c> escape (an odd number of backslashes before <c>u0000</c>) in the buffered body; raw
    /// control characters are invalid JSON already and refused by the parser.</summary>
    private static async Task<bool> CheckJsonAsync(HttpContext context)
    {
        var request = context.Request;
        request.EnableBuffering();
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        request.Body.Position = 0;
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var start = 0;
        while (true)
        {
            var at = bytes[start..].IndexOf("u0000"u8);
            if (at < 0) return true;
            at += start;
            var backslashes = 0;
            for (var i = at - 1; i >= 0 && bytes[i] == (byte)'\\'; i--) backslashes++;
            if (backslashes % 2 == 1)
            {
                await RefuseAsync(context, "body");
                return false;
            }
            start = at + 1;
        }
    }

    private static Task RefuseAsync(HttpContext context, string field)
        => ProblemResponses.WriteAsync(context, 400,
            $"The request contains a NUL character (\\u0000) in '{field}'; no text the service stores may contain it.",
            new Dictionary<string, string[]> { [field] = ["Contains a NUL character (\\u0000)."] });

    private Task TooLargeAsync(HttpContext context)
        => ProblemResponses.WriteAsync(context, 413,
            $"The request body is larger than {MaxFormBytes:N0} bytes (the largest upload, Schemas:MaxBytes, plus form overhead).");
}
