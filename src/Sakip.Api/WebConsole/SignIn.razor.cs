using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Sakip.Api.Infrastructure.Auth;

namespace Sakip.Api.WebConsole;

/// <summary>
/// Opens a console session with the same tokens the API accepts (the service's own, or the identity provider's),
/// into an HttpOnly, SameSite=Strict cookie (Secure over HTTPS) that ends when the token would.
/// </summary>
public partial class SignIn
{
    private const string Path = SignInSchemes.ConsolePath;

    public static IResult Root(HttpContext http) => SakipUser.From(http.User) is { } user
        ? Results.Redirect($"{Path}/{user.Tenant}")
        : Results.Redirect($"{Path}/sign-in");

    public static IResult Form(HttpContext http, string? returnUrl, string? error, int status = StatusCodes.Status200OK)
    {
        var settings = AuthSettings.From(http.RequestServices.GetRequiredService<IConfiguration>());
        return new RazorComponentResult<SignIn>(new
        {
            Csrf = ConsoleRequest.Csrf(http), ReturnUrl = Local(returnUrl), Error = error,
            TokenForm = settings.TokenFormEnabled(http.RequestServices.GetRequiredService<IHostEnvironment>()),
            Provider = settings.HasAuthority,
        })
        {
            StatusCode = status, ContentType = "text/html; charset=utf-8",
        };
    }

    public static async Task<IResult> Post(HttpContext http)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var returnUrl = form["returnUrl"].ToString();
        var settings = AuthSettings.From(http.RequestServices.GetRequiredService<IConfiguration>());
        if (!settings.TokenFormEnabled(http.RequestServices.GetRequiredService<IHostEnvironment>()))
            return Form(http, returnUrl, "Masuk dengan token tidak diaktifkan di layanan ini: gunakan akun pemda (SSO).",
                StatusCodes.Status403Forbidden);
        var (principal, expires, error) = await Validate(http, form["token"].ToString().Trim(), settings);
        if (principal is null) return Form(http, returnUrl, error, StatusCodes.Status401Unauthorized);

        var user = SakipUser.From(principal)!;
        await http.SignInAsync(SignInSchemes.Console, principal, new AuthenticationProperties
        {
            IsPersistent = false,
            ExpiresUtc = expires < DateTimeOffset.UtcNow.AddHours(settings.SessionHours) ? expires : DateTimeOffset.UtcNow.AddHours(settings.SessionHours),
        });
        return Results.Redirect(Local(returnUrl) is { } target && target.StartsWith($"{Path}/{user.Tenant}", StringComparison.Ordinal)
            ? target
            : $"{Path}/{user.Tenant}");
    }

    public static async Task<IResult> SignOut(HttpContext http)
    {
        await http.SignOutAsync(SignInSchemes.Console);
        return Results.Redirect($"{Path}/sign-in");
    }

    public static IResult Challenge(HttpContext http, string? returnUrl) =>
        AuthSettings.From(http.RequestServices.GetRequiredService<IConfiguration>()).HasAuthority
            ? Results.Challenge(new AuthenticationProperties { RedirectUri = $"{Path}/signed-in?to={Uri.EscapeDataString(Local(returnUrl) ?? Path)}" },
                [SignInSchemes.ConsoleProvider])
            : Results.NotFound();

    public static IResult Bounce(string? to) => new RazorComponentResult<SignedIn>(new { To = Local(to) ?? Path })
    {
        ContentType = "text/html; charset=utf-8",
    };

    /// <summary>Only a path of this console: never a redirect to another site.</summary>
    private static string? Local(string? url) =>
        url is { Length: > 1 } u && u.StartsWith(Path, StringComparison.Ordinal) && !u.StartsWith("//", StringComparison.Ordinal)
        && !u.Contains('\\') && Uri.TryCreate(u, UriKind.Relative, out _)
            ? u
            : null;

    /// <summary>
    /// The token checked exactly as the API checks it: the service's own with the signing key (when local tokens are
    /// on), the provider's against its published keys and mapped through the configured claims.
    /// </summary>
    private static async Task<(ClaimsPrincipal? Principal, DateTimeOffset Expires, string? Error)> Validate(HttpContext http,
        string token, AuthSettings settings)
    {
        if (token.Length is 0 or > 8192) return (null, default, "Tempelkan token akses.");
        JsonWebToken parsed;
        try
        {
            parsed = new JsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return (null, default, "Ini bukan token akses (JWT).");
        }

        var fromProvider = settings.HasAuthority && (!settings.LocalTokens || parsed.Issuer?.TrimEnd('/') == settings.Issuer);
        var options = http.RequestServices.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>()
            .Get(fromProvider ? SignInSchemes.ProviderBearer : JwtBearerDefaults.AuthenticationScheme);
        var parameters = options.TokenValidationParameters.Clone();
        if (fromProvider && options.ConfigurationManager is { } manager)
        {
            var configuration = await manager.GetConfigurationAsync(http.RequestAborted);
            parameters.ValidIssuer = configuration.Issuer;
            parameters.IssuerSigningKeys = configuration.SigningKeys;
        }

        var result = await new JsonWebTokenHandler { MapInboundClaims = false }.ValidateTokenAsync(token, parameters);
        if (!result.IsValid) return (null, default, "Token tidak diterima: " + (result.Exception?.Message ?? "tidak sah."));
        var principal = new ClaimsPrincipal(result.ClaimsIdentity);
        if (fromProvider)
        {
            var (identity, error) = settings.Claims.Map(principal, settings.Tenant, SignInSchemes.ConsoleProvider);
            if (identity is null) return (null, default, "Token tidak diterima: " + error);
            principal = new ClaimsPrincipal(identity);
        }

        if (TokenRules.Rejection(principal, result.SecurityToken) is { } rejected) return (null, default, "Token tidak diterima: " + rejected);
        var user = SakipUser.From(principal);
        if (user is null) return (null, default, "Token tidak menyebut tenant, pengguna dan peran.");
        if (user.Incomplete is not null)
            return (null, default, $"Token peran '{user.Role}' harus menyebut OPD-nya (klaim '{SakipClaims.Opd}'); token ini tidak.");
        if (user.Role == Roles.System) return (null, default, "Peran 'system' mengelola layanan dan tidak membaca data tenant.");
        var identityOnly = new ClaimsIdentity(principal.Claims.Where(c =>
                c.Type is SakipClaims.Tenant or SakipClaims.UserId or SakipClaims.Name or SakipClaims.Role or SakipClaims.Opd),
            SignInSchemes.Console, SakipClaims.Name, SakipClaims.Role);
        return (new ClaimsPrincipal(identityOnly), new DateTimeOffset(parsed.ValidTo, TimeSpan.Zero), null);
    }
}
