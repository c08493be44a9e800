using System.Text.RegularExpressions;
using Sakip.Api.Infrastructure.Http;

namespace Sakip.Api.WebConsole;

/// <summary>
/// The console's share of the request policy the API applies before its endpoints (<see cref="RequestPolicy"/>):
/// path values are codes, every query value and form field is given once, within its length and free of NUL, control
/// characters and invalid UTF-16, and a POST carries a readable form. A refusal is a page that names the field (400),
/// never an exception; the pages then read their values knowing they are clean.
/// </summary>
public static partial class ConsoleInput
{
    public const int MaxFieldLength = 10_000;

    public static async ValueTask<object?> Check(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var errors = new List<Problems.FieldError>();
        foreach (var (name, value) in http.Request.RouteValues)
            if (value is string raw && !PathValue().IsMatch(raw))
                errors.Add(new(name, $"harus berupa kode 1 sampai {RequestPolicy.MaxPathValueLength} huruf, angka, '-', '_' atau '.'."));
        foreach (var (name, values) in http.Request.Query)
            Field(errors, name, values, RequestPolicy.MaxQueryValueLength);

        if (HttpMethods.IsPost(http.Request.Method))
        {
            if (!http.Request.HasFormContentType)
                return Refuse(http, Problems.UnsupportedMediaType("Content-Type",
                    "Formulir konsol dikirim sebagai application/x-www-form-urlencoded atau multipart/form-data."));
            try
            {
                var form = await http.Request.ReadFormAsync(http.RequestAborted);
                foreach (var (name, values) in form) Field(errors, name, values, MaxFieldLength);
            }
            // The framework's form reader refuses control characters itself, before any field can be named.
            catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
            {
                return Refuse(http, Problems.Validation(new Problems.FieldError("form",
                    "Formulir tidak dapat dibaca: berisi karakter NUL atau karakter kendali, rusak, atau melampaui batas ukuran.")));
            }
        }

        return errors.Count > 0 ? Refuse(http, Problems.Validation(errors)) : await next(context);
    }

    private static void Field(List<Problems.FieldError> errors, string name, Microsoft.Extensions.Primitives.StringValues values, int max)
    {
        var shown = JsonBodyCheck.Clean(name) && name.Length <= 100 ? name : "?";
        if (values.Count > 1) errors.Add(new(shown, "diberikan lebih dari sekali."));
        else if (!JsonBodyCheck.Clean(name) || name.Length > 100) errors.Add(new(shown, "nama kolom ini tidak sah."));
        else if (values.ToString() is var value && value.Length > max) errors.Add(new(shown, $"paling banyak {max} karakter."));
        else if (!JsonBodyCheck.Clean(value))
            errors.Add(new(shown, "berisi karakter NUL, karakter kendali atau UTF-16 yang tidak sah."));
    }

    private static IResult Refuse(HttpContext http, Microsoft.AspNetCore.Mvc.ProblemDetails problem) =>
        ConsoleRequest.Error(http, Infrastructure.Auth.SakipUser.From(http.User), problem);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")]
    private static partial Regex PathValue();
}
