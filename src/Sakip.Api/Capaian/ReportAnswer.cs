using Microsoft.Net.Http.Headers;

namespace Sakip.Api.Capaian;

/// <summary>
/// Writes a report body that is already JSON bytes. With an entity tag, a client that sends it back in
/// <c>If-None-Match</c> gets 304 without the body; freshness and integrity headers are on the 304 too, since they
/// change without the body changing (RFC 9110 §15.4.5: a 304 carries what a 200 would, but the content).
/// </summary>
public sealed class ReportAnswer(ReportBody body) : IResult
{
    public Task ExecuteAsync(HttpContext context)
    {
        var response = context.Response;
        if (body.ETag is { } etag)
        {
            response.Headers.ETag = etag;
            response.Headers.CacheControl = "private, no-cache";
            if (Matches(context.Request.Headers.IfNoneMatch, etag))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return Task.CompletedTask;
            }
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = body.Json.Length;
        return response.Body.WriteAsync(body.Json, context.RequestAborted).AsTask();
    }

    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag) =>
        EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags) &&
        tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(new EntityTagHeaderValue(etag), useStrongComparison: false));
}
