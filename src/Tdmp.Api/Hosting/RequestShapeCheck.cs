using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using FastEndpoints;
using Microsoft.AspNetCore.Http.Metadata;

namespace Tdmp.Api.Hosting;

/// <summary>
/// Checks the shape of every request once, before any endpoint binds it, so that each mistake gets a problem that says
/// what to do: a body of the wrong content type is <c>415</c> naming the type the endpoint takes, a body-less request to
/// an endpoint that takes one is <c>400</c> saying so, and a query parameter the endpoint does not know is <c>400</c>
/// naming it with the nearest one it knows (<c>/projects?nam=x</c>: did you mean <c>name</c>?), instead of being ignored.
/// </summary>
public sealed class RequestShapeCheck(RequestDelegate next)
{
    private static readonly ConcurrentDictionary<Type, HashSet<string>> QueryNamesByRequest = new();

    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        var definition = endpoint?.Metadata.GetMetadata<EndpointDefinition>();
        if (definition is null)
        {
            await next(context);
            return;
        }

        var request = context.Request;
        if (definition.ReqDtoType is { } requestType) JsonBodyErrors.RegisterRoutes(requestType, definition.Routes);
        var unknown = request.Query.Keys.Where(k => !QueryNames(definition.ReqDtoType).Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            var known = QueryNames(definition.ReqDtoType);
            var errors = unknown.ToDictionary(k => k, k => new[]
            {
                Nearest(k, known) is { } near ? $"'{k}' is not a parameter of this endpoint; did you mean '{near}'?"
                    : known.Count == 0 ? $"'{k}' is not a parameter of this endpoint, which takes no query parameters."
                    : $"'{k}' is not a parameter of this endpoint; it takes {string.Join(", ", known.Order().Select(n => $"'{n}'"))}.",
            });
            await ProblemResponses.WriteAsync(context, 400,
                $"Unknown query parameter{(unknown.Count > 1 ? "s" : "")}: {string.Join("; ", errors.Select(e => e.Value[0]))}", errors);
            return;
        }

        var accepts = endpoint!.Metadata.GetMetadata<IAcceptsMetadata>();
        var takesBody = HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method);
        if (takesBody && accepts is { ContentTypes.Count: > 0 } && !accepts.ContentTypes.Contains("*/*"))
        {
            var expected = string.Join(" or ", accepts.ContentTypes);
            var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
            var sent = request.ContentType;
            if (string.IsNullOrEmpty(sent) && !hasBody)
            {
                await ProblemResponses.WriteAsync(context, 400,
                    $"The request has no body: send one with Content-Type {expected}.");
                return;
            }
            if (string.IsNullOrEmpty(sent) || !accepts.ContentTypes.Any(t => MatchesMediaType(sent, t)))
            {
                await ProblemResponses.WriteAsync(context, 415,
                    $"This endpoint takes Content-Type {expected}; the request sent {(string.IsNullOrEmpty(sent) ? "none" : sent)}.");
                return;
            }
            if (!hasBody && MatchesMediaType(sent, "application/json"))
            {
                await ProblemResponses.WriteAsync(context, 400,
                    "The request body is empty: send a JSON object (see the example in /api/reference).");
                return;
            }
        }
        await next(context);
    }

    /// <summary>Routing itself answers 415 when no endpoint of the path takes the body's type: name the types that would do.</summary>
    public static string UnsupportedContentType(HttpContext context)
    {
        var request = context.Request;
        var expected = context.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(request.Method) == true
                && new Microsoft.AspNetCore.Routing.Template.TemplateMatcher(
                    Microsoft.AspNetCore.Routing.Template.TemplateParser.Parse(e.RoutePattern.RawText!), new RouteValueDictionary())
                    .TryMatch(request.Path, new RouteValueDictionary()))
            .SelectMany(e => e.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes ?? [])
            .Distinct().ToList();
        var sent = string.IsNullOrEmpty(request.ContentType) ? "none" : request.ContentType;
        return expected.Count > 0
            ? $"This endpoint takes Content-Type {string.Join(" or ", expected)}; the request sent {sent}."
            : $"This endpoint does not take Content-Type {sent}; see /api/reference.";
    }

    private static bool MatchesMediaType(string sent, string expected)
        => sent.Split(';')[0].Trim().Equals(expected, StringComparison.OrdinalIgnoreCase);

    /// <summary>The query names an endpoint binds: the snake_case names of its request's properties (or their
    /// <c>BindFrom</c> names); route and body members are in the set too, which only makes the check lenient.</summary>
    private static HashSet<string> QueryNames(Type? requestType) => requestType is null
        ? []
        : QueryNamesByRequest.GetOrAdd(requestType, type => type
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => p.GetCustomAttribute<BindFromAttribute>()?.Name ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name))
            .ToHashSet(StringComparer.Ordinal));

    /// <summary>The known name closest to what was sent (edit distance at most a third of its length), if any.</summary>
    public static string? Nearest(string sent, IEnumerable<string> known)
        => known.Select(k => (Name: k, Distance: Distance(sent.ToLowerInvariant(), k)))
            .Where(k => k.Distance <= Math.Max(2, k.Name.Length / 3))
            .OrderBy(k => k.Distance).Select(k => k.Name).FirstOrDefault();

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
