using Microsoft.AspNetCore.Antiforgery;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Http;

namespace Sakip.Api.WebConsole;

/// <summary>
/// The inspector's and analyst's console at <c>/console</c>: server-rendered pages in Bahasa Indonesia over the same
/// query code and the same rules as the API, signed in with a cookie (see <see cref="SignInSchemes"/>).
/// </summary>
public static class ConsoleSetup
{
    private const string Path = SignInSchemes.ConsolePath;

    public static WebApplicationBuilder AddSakipConsole(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents();
        builder.Services.AddAntiforgery(o =>
        {
            o.FormFieldName = "__csrf";
            o.HeaderName = null;
            o.Cookie.Name = "sakip_console_csrf";
            o.Cookie.Path = Path;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return builder;
    }

    /// <summary>
    /// Headers of every console response: no script, style or frame from elsewhere, no caching of pages that hold the
    /// record, no referrer that would carry a page's address (and its filters) to another site.
    /// </summary>
    public static IApplicationBuilder UseSakipConsoleHeaders(this IApplicationBuilder app)
    {
        var authority = AuthSettings.From(app.ApplicationServices.GetRequiredService<IConfiguration>()).Issuer is { } issuer
                        && Uri.TryCreate(issuer, UriKind.Absolute, out var uri)
            ? " " + uri.GetLeftPart(UriPartial.Authority)
            : "";
        return app.UseWhen(c => c.Request.Path.StartsWithSegments(Path), console => console.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; " +
                                                $"form-action 'self'{authority}; frame-ancestors 'none'; base-uri 'none'";
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
                if (!context.Request.Path.StartsWithSegments(Path + "/assets")) headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });
            await next(context);
        }));
    }

    public static WebApplication MapSakipConsole(this WebApplication app)
    {
        var console = app.MapGroup(Path).AddEndpointFilter(ConsoleInput.Check).AddEndpointFilter(RequireFormToken).ExcludeFromDescription();
        console.MapGet("", SignIn.Root);
        console.MapGet("/assets/{name}", ConsoleAssets.Get);
        console.MapGet("/sign-in", (HttpContext http, string? returnUrl, string? error) => SignIn.Form(http, returnUrl, error));
        console.MapPost("/sign-in", (Delegate)SignIn.Post);
        console.MapPost("/sign-out", (Delegate)SignIn.SignOut);
        console.MapGet("/sign-in/provider", SignIn.Challenge);
        console.MapGet("/signed-in", SignIn.Bounce);

        console.MapGet("/{tenant}", HomePage.Get);
        var year = console.MapGroup("/{tenant}/opds/{opd}/years/{year:int}");
        year.MapGet("", OpdYearPage.Get);
        year.MapGet("/changes", ChangesPage.Get);
        year.MapGet("/revisions", RegisterPage.Get);
        year.MapGet("/rencana-aksi", RencanaAksiPrint.Get);
        year.MapGet("/laporan-capaian", LaporanPrint.Get);
        year.MapGet("/rencana-aksi.xlsx", Downloads.RencanaAksi);
        year.MapGet("/laporan-capaian.xlsx", Downloads.Laporan);
        console.MapGet("/{tenant}/opds/{opd}/renstra/{startYear:int}-{endYear:int}/lkjip", LkjipPage.Get);
        console.MapGet("/{tenant}/audit", AuditTrailPage.Get);
        console.MapGet("/{tenant}/audit.{format:regex(^(csv|xlsx)$)}", Downloads.Audit);
        console.MapGet("/{tenant}/indicators/{id}", IndicatorPage.Get);
        console.MapGet("/{tenant}/notes", NotesPage.Get);
        console.MapPost("/{tenant}/notes", NotesPage.Post);
        console.MapGet("/{tenant}/integrity", IntegrityPage.Get);
        console.MapPost("/{tenant}/integrity/checkpoints", IntegrityPage.Issue);
        console.MapGet("/{tenant}/integrity/checkpoints/{id}", IntegrityPage.Download);
        console.MapPost("/{tenant}/integrity/verification", IntegrityPage.Verify);
        return app;
    }

    /// <summary>Every form of the console carries the token of the session that rendered it: a form on another site cannot.</summary>
    private static async ValueTask<object?> RequireFormToken(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsPost(http.Request.Method)) return await next(context);
        try
        {
            await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return ConsoleRequest.Error(http, null, Problems.Validation(new Problems.FieldError("__csrf",
                "Formulir ini tidak berasal dari sesi konsol yang sedang berjalan (atau sudah kedaluwarsa): muat ulang halaman lalu kirim lagi.")));
        }

        return await next(context);
    }
}
