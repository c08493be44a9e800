using Microsoft.AspNetCore.Diagnostics;

namespace Sakip.Api.Infrastructure.Http;

/// <summary>
/// What every answer carries and every request is held to before routing: no sniffing, nothing cached of the API,
/// URL and header limits answered as problem details, and a problem body for every refusal the framework answers
/// with an empty one (no route, wrong method, ...).
/// </summary>
public static class HttpHygiene
{
    /// <summary>Path and query together; Kestrel's own, higher limit (see <see cref="ConfigureKestrel"/>) stays behind it.</summary>
    public const int MaxUrlLength = 8 * 1024;

    public const int MaxHeaderBytes = 32 * 1024;

    /// <summary>
    /// Kestrel answers requests beyond its limits before the application runs, with an empty body; its limits are set
    /// above the service's so that every realistic refusal comes from <see cref="UseHygiene"/> with a problem body.
    /// </summary>
    public static void ConfigureKestrel(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel)
    {
        kestrel.AddServerHeader = false;
        kestrel.Limits.MaxRequestLineSize = 8 * MaxUrlLength;
        kestrel.Limits.MaxRequestHeadersTotalSize = 2 * MaxHeaderBytes;
    }

    public static IApplicationBuilder UseHygiene(this IApplicationBuilder app)
    {
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.Remove("Server");
                if (!context.Request.Path.StartsWithSegments("/docs") && !context.Request.Path.StartsWithSegments("/openapi") &&
                    !context.Request.Path.StartsWithSegments("/console/assets"))
                {
                    headers.CacheControl = "no-store";
                    headers.Pragma = "no-cache";
                    headers.Remove("Expires");
                }

                return Task.CompletedTask;
            });

            var request = context.Request;
            if (request.Path.Value?.Length + request.QueryString.Value?.Length > MaxUrlLength)
            {
                await Problems.Write(context, Problems.Status(StatusCodes.Status414UriTooLong, "The URL is too long.",
                    $"Path and query may hold at most {MaxUrlLength} characters."));
                return;
            }

            if (request.Headers.Sum(h => h.Key.Length + h.Value.Sum(v => v?.Length ?? 0) + 4) > MaxHeaderBytes)
            {
                await Problems.Write(context, Problems.Status(StatusCodes.Status431RequestHeaderFieldsTooLarge,
                    "The request headers are too large.", $"The headers may hold at most {MaxHeaderBytes / 1024} KiB together."));
                return;
            }

            await next(context);
        });
        return app.UseStatusCodePages(FillEmpty);
    }

    /// <summary>A refusal the framework answered with an empty body gets one, in the service's words.</summary>
    private static Task FillEmpty(StatusCodeContext status)
    {
        var context = status.HttpContext;
        var code = context.Response.StatusCode;
        var problem = code switch
        {
            StatusCodes.Status404NotFound => Problems.NotFound(
                $"Nothing here: {context.Request.Method} {context.Request.Path} is not a resource of this service (see /docs)."),
            StatusCodes.Status405MethodNotAllowed => Problems.Status(code, "This method is not allowed here.",
                $"{context.Request.Path} answers {context.Response.Headers.Allow.ToString()} only."),
            StatusCodes.Status406NotAcceptable => Problems.Status(code, "The answer cannot be given in an accepted format.",
                "This operation answers application/json (and problems as application/problem+json): accept one of them."),
            StatusCodes.Status415UnsupportedMediaType => Problems.UnsupportedMediaType("Content-Type",
                "This operation reads a JSON body: send Content-Type: application/json."),
            >= 500 => Problems.Status(code, "The service could not answer.", "The error was logged; retry later."),
            _ => Problems.Status(code, "The request was refused.", $"The request was refused with status {code}."),
        };
        problem.Extensions["traceId"] = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
        return Problems.Write(context, problem);
    }
}
