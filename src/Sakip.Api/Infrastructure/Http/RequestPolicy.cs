using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Options;
using Wolverine.Http;

namespace Sakip.Api.Infrastructure.Http;

/// <summary>What an endpoint reads from a request, as its OpenAPI description states it.</summary>
public sealed record RequestContract(IReadOnlyList<(string Name, Type Type)> Path, IReadOnlyList<(string Name, Type Type)> Query,
    Type? Body, bool BodyRequired);

/// <summary>
/// One place where every request is read before an endpoint sees it, so no endpoint can forget a rule: path values
/// are codes (letters, digits, '-', '_'), numbers where the route says so; every query value the endpoint declares is
/// readable as its type (an unreadable one is a 400, never silently ignored); a JSON body is JSON, of the declared
/// shape (<see cref="JsonBodyCheck"/>) and at most <see cref="MaxJsonBytes"/>. Refusals are problem details that
/// name the field.
/// </summary>
public static partial class RequestPolicy
{
    public const int MaxJsonBytes = 2 * 1024 * 1024;
    public const int MaxQueryValueLength = 2000;
    public const int MaxPathValueLength = 100;

    private static readonly ConcurrentDictionary<HttpChain, RequestContract> Contracts = new();

    public static IApplicationBuilder UseRequestPolicy(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var chain = context.GetEndpoint()?.Metadata.GetMetadata<HttpChain>();
        if (chain is null)
        {
            await next(context);
            return;
        }

        var contract = Contracts.GetOrAdd(chain, c => Describe(c, context.RequestServices));
        var errors = Parameters(context, contract);
        if (errors.Count > 0)
        {
            await Problems.Write(context, Problems.Validation(errors));
            return;
        }

        if (contract.Body is { } type && await Body(context, type, contract.BodyRequired) is { } refused)
        {
            await Problems.Write(context, refused);
            return;
        }

        await next(context);
    });

    private static List<Problems.FieldError> Parameters(HttpContext context, RequestContract contract)
    {
        var errors = new List<Problems.FieldError>();
        foreach (var (name, type) in contract.Path)
        {
            var raw = context.Request.RouteValues[name]?.ToString() ?? "";
            if (name == "tenant") continue; // the tenant gate answers for it
            var problem = type == typeof(string)
                ? PathCode().IsMatch(raw) ? null : $"must be a code of 1 to {MaxPathValueLength} letters, digits, '-' or '_'."
                : Unreadable(raw, type);
            if (problem is not null) errors.Add(new(name, problem));
        }

        foreach (var (name, type) in contract.Query)
        {
            if (!context.Request.Query.TryGetValue(name, out var values)) continue;
            if (values.Count > 1) errors.Add(new(name, "is given more than once."));
            else if (values[0] is not { } raw) continue;
            else if (raw.Length > MaxQueryValueLength) errors.Add(new(name, $"must be at most {MaxQueryValueLength} characters."));
            else if (!JsonBodyCheck.Clean(raw)) errors.Add(new(name, "holds a NUL, a control character or invalid UTF-16."));
            else if (type != typeof(string) && Unreadable(raw, type) is { } problem) errors.Add(new(name, problem));
        }

        return errors;
    }

    /// <summary>Why a path or query value cannot be read as its declared type, or null when it can.</summary>
    public static string? Unreadable(string raw, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var ok = type == typeof(int) ? int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
            : type == typeof(long) ? long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
            : type == typeof(bool) ? bool.TryParse(raw, out _)
            : type == typeof(decimal) ? decimal.TryParse(raw, NumberStyles.Number, CultureInfo.InvariantCulture, out _)
            : type == typeof(DateOnly) ? DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            : type == typeof(Guid) ? Guid.TryParse(raw, out _)
            : type.IsEnum ? Enum.GetNames(type).Contains(raw, StringComparer.OrdinalIgnoreCase)
            : type == typeof(string);
        return ok ? null : $"'{Shorten(raw)}' is not {JsonBodyCheck.Expected(type)}.";
    }

    private static async Task<Microsoft.AspNetCore.Mvc.ProblemDetails?> Body(HttpContext context, Type type, bool required)
    {
        var request = context.Request;
        if (request.ContentLength > MaxJsonBytes) return TooLarge();
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxJsonBytes) return TooLarge();
        }

        request.Body = new MemoryStream(buffer.ToArray(), writable: false);
        if (buffer.Length == 0)
            return required
                ? Problems.Validation(new Problems.FieldError("$", "is required: send a JSON object (Content-Type: application/json)."))
                : null;
        if (!IsJson(request.ContentType))
            return Problems.UnsupportedMediaType("Content-Type",
                $"This operation reads a JSON body: send Content-Type: application/json, not '{Shorten(request.ContentType ?? "")}'.");

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            return Problems.Validation(new Problems.FieldError("$",
                $"is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})."));
        }

        using (document)
        {
            var options = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            var errors = new JsonBodyCheck(options).Check(document.RootElement, type);
            return errors.Count > 0 ? Problems.Validation(errors) : null;
        }
    }

    private static Microsoft.AspNetCore.Mvc.ProblemDetails TooLarge() => Problems.TooLarge("$",
        $"A JSON body may be at most {MaxJsonBytes / 1024 / 1024} MiB.");

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return true;
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)) return false;
        var charsetOk = !media.Charset.HasValue || media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase);
        return charsetOk && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
                             media.MediaType.Equals("text/json", StringComparison.OrdinalIgnoreCase) ||
                             media.SubTypeWithoutSuffix.HasValue && media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The endpoint's parameters as the API explorer (and so the OpenAPI document) describes them.</summary>
    private static RequestContract Describe(HttpChain chain, IServiceProvider services)
    {
        var description = services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items
            .SelectMany(g => g.Items)
            .FirstOrDefault(d => d.ActionDescriptor is WolverineActionDescriptor w && ReferenceEquals(w.Chain, chain));
        var parameters = description?.ParameterDescriptions ?? [];
        var path = chain.RoutePattern?.Parameters
            .Select(p => (p.Name, parameters.FirstOrDefault(d => d.Name == p.Name && d.Source == BindingSource.Path)?.Type ?? typeof(string)))
            .ToList() ?? [];
        var query = parameters.Where(d => d.Source == BindingSource.Query && d.Type is not null)
            .Select(d => (d.Name, d.Type!)).DistinctBy(p => p.Name).ToList();
        var body = parameters.FirstOrDefault(d => d.Source == BindingSource.Body);
        var type = body?.Type is { } t && t != typeof(void) && chain.HasRequestType ? t : null;
        var declared = chain.Method.Method.GetParameters().FirstOrDefault(p => p.ParameterType == type);
        var optional = declared is not null && new System.Reflection.NullabilityInfoContext().Create(declared).WriteState ==
            System.Reflection.NullabilityState.Nullable;
        return new RequestContract(path, query, type, type is not null && !optional);
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$")]
    private static partial Regex PathCode();
}
