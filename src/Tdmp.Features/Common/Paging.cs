using FastEndpoints;
using Microsoft.AspNetCore.Http.Extensions;

namespace Tdmp.Features.Common;

/// <summary>The <c>limit</c> and <c>offset</c> query parameters every list endpoint takes.</summary>
public abstract class PageRequest
{
    /// <summary>How many rows to return, 1..500 (default 50).</summary>
    [QueryParam] public int Limit { get; init; } = 50;
    /// <summary>How many rows to skip (default 0).</summary>
    [QueryParam] public int Offset { get; init; }
    /// <summary>Sort order: a field of the items, with <c>-</c> in front for descending (e.g. <c>-created_at</c>); the
    /// endpoint's own order when absent. A field it cannot sort by is 422 naming those it can.</summary>
    [QueryParam] public string? Sort { get; init; }
}

/// <summary>
/// The <c>sort</c> parameter of every list, turned into an ORDER BY from the fields the list names (so no caller text
/// reaches the SQL). The item's key breaks ties, so pages never overlap.
/// </summary>
public static class Sorting
{
    public static string OrderBy(string? sort, string defaultOrder, string tieBreaker, IReadOnlyDictionary<string, string> columns)
    {
        if (string.IsNullOrWhiteSpace(sort)) return "ORDER BY " + defaultOrder;
        var descending = sort.StartsWith('-');
        var field = sort.TrimStart('-', '+');
        if (!columns.TryGetValue(field, out var column))
            throw new RuleViolationException("sort",
                $"'{field}' cannot be sorted by here; use one of {string.Join(", ", columns.Keys.Select(k => $"'{k}'"))}, "
                    + "with '-' in front for descending.");
        return $"ORDER BY {column} {(descending ? "DESC" : "ASC")}, {tieBreaker} {(descending ? "DESC" : "ASC")}";
    }
}

/// <summary>Validation rules of <see cref="PageRequest"/>, included by every list validator.</summary>
public sealed class PageRequestRules : AbstractValidator<PageRequest>
{
    public const int MaxLimit = 500;

    public PageRequestRules()
    {
        RuleFor(r => r.Limit).InclusiveBetween(1, MaxLimit);
        RuleFor(r => r.Offset).GreaterThanOrEqualTo(0);
    }
}

public static class Paging
{
    /// <summary>Adds <c>X-Total-Count</c> and an RFC 8288 <c>Link</c> header with first/prev/next/last pages.</summary>
    public static void AddHeaders(HttpContext context, PageRequest page, long total)
    {
        var response = context.Response;
        response.Headers["X-Total-Count"] = total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers.Append("Access-Control-Expose-Headers", "X-Total-Count, Link");

        var links = new List<string> { Link(context, page.Limit, 0, "first") };
        if (page.Offset > 0)
            links.Add(Link(context, page.Limit, Math.Max(0, page.Offset - page.Limit), "prev"));
        if (page.Offset + page.Limit < total)
            links.Add(Link(context, page.Limit, page.Offset + page.Limit, "next"));
        var lastOffset = total == 0 ? 0 : (total - 1) / page.Limit * page.Limit;
        links.Add(Link(context, page.Limit, lastOffset, "last"));
        response.Headers["Link"] = string.Join(", ", links);
    }

    private static string Link(HttpContext context, int limit, long offset, string rel)
    {
        var request = context.Request;
        var query = request.Query
            .Where(q => q.Key is not ("limit" or "offset"))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Append(new("limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Append(new("offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var url = UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, request.Path, QueryString.Create(query));
        return $"<{url}>; rel=\"{rel}\"";
    }
}
