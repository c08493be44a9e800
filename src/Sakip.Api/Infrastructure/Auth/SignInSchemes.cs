using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Sakip.Api.Infrastructure.Http;

namespace Sakip.Api.Infrastructure.Auth;

/// <summary>
/// What sits beside the service's own bearer tokens (<see cref="AuthSetup"/>): bearer tokens of the pemda's identity
/// provider, and the console's cookie session opened with a token or by OpenID Connect. A request is authenticated by
/// one scheme picked from its path and its token's issuer; the API never reads the console's cookie, so a form on
/// another site can never call it with a user's session.
/// </summary>
public static class SignInSchemes
{
    public const string Default = "sakip";
    public const string ProviderBearer = "provider-bearer";
    public const string Console = "console";
    public const string ConsoleProvider = "console-oidc";
    public const string ConsolePath = "/console";

    public static WebApplicationBuilder AddSakipSignIn(this WebApplicationBuilder builder)
    {
        var settings = AuthSettings.From(builder.Configuration);
        var master = SigningKeys.Resolve(SakipSettings.From(builder.Configuration)).Key;
        builder.Services.AddDataProtection();
        builder.Services.Replace(ServiceDescriptor.Singleton<IDataProtectionProvider>(new KeyedDataProtection(master)));
        builder.Services.Configure<AuthenticationOptions>(o =>
        {
            o.DefaultScheme = Default;
            o.DefaultAuthenticateScheme = Default;
            o.DefaultChallengeScheme = Default;
            o.DefaultForbidScheme = Default;
        });

        var authentication = builder.Services.AddAuthentication()
            .AddPolicyScheme(Default, null, o => o.ForwardDefaultSelector = context => Select(context, settings))
            .AddCookie(Console, o =>
            {
                o.Cookie.Name = "sakip_console";
                o.Cookie.Path = ConsolePath;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = false;
                o.ExpireTimeSpan = TimeSpan.FromHours(settings.SessionHours);
                o.LoginPath = ConsolePath + "/sign-in";
                o.AccessDeniedPath = ConsolePath + "/sign-in";
                o.ReturnUrlParameter = "returnUrl";
            });
        if (!settings.HasAuthority) return builder;

        authentication.AddJwtBearer(ProviderBearer, o =>
        {
            o.Authority = settings.Issuer;
            o.Audience = settings.Audience ?? settings.ClientId;
            o.RequireHttpsMetadata = settings.HttpsMetadata;
            o.MapInboundClaims = false;
            o.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.RsaSha256];
            o.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);
            o.Events = new JwtBearerEvents
            {
                OnTokenValidated = context => Map(context, settings),
                OnAuthenticationFailed = context => RetryAfterKeyRollover(context, settings),
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    await Problems.Write(context.HttpContext, Problems.Unauthorized(context.ErrorDescription));
                },
                OnForbidden = context => Problems.Write(context.HttpContext, Problems.Forbidden(
                    SakipUser.From(context.HttpContext.User)?.Incomplete ?? "This token does not allow this request.")),
            };
        });
        authentication.AddOpenIdConnect(ConsoleProvider, o =>
        {
            o.Authority = settings.Issuer;
            o.ClientId = settings.ClientId;
            o.ClientSecret = settings.ClientSecret;
            o.RequireHttpsMetadata = settings.HttpsMetadata;
            o.ResponseType = "code";
            o.UsePkce = true;
            // A redirect (GET) back, not a cross-site form post: the correlation cookies can then stay SameSite=Lax.
            o.ResponseMode = "query";
            o.SignInScheme = Console;
            o.CallbackPath = ConsolePath + "/signin-oidc";
            o.SignedOutCallbackPath = ConsolePath + "/signout-oidc";
            o.MapInboundClaims = false;
            o.SaveTokens = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            o.Scope.Clear();
            o.Scope.Add("openid");
            foreach (var scope in settings.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries)) o.Scope.Add(scope);
            o.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.RsaSha256];
            foreach (var cookie in new[] { o.CorrelationCookie, o.NonceCookie })
            {
                cookie.SameSite = SameSiteMode.Lax;
                cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.Path = ConsolePath;
            }

            o.Events = new OpenIdConnectEvents
            {
                OnTokenValidated = context =>
                {
                    var (identity, error) = settings.Claims.Map(context.Principal!, settings.Tenant, ConsoleProvider);
                    if (identity is null) context.Fail(error!);
                    else if (SakipUser.From(new ClaimsPrincipal(identity))?.Incomplete is { } incomplete) context.Fail(incomplete);
                    else
                    {
                        context.Principal = new ClaimsPrincipal(identity);
                        context.Properties!.IsPersistent = false;
                        context.Properties.ExpiresUtc = DateTimeOffset.UtcNow.AddHours(settings.SessionHours);
                    }

                    return Task.CompletedTask;
                },
                OnRemoteFailure = context =>
                {
                    context.HandleResponse();
                    context.Response.Redirect(ConsolePath + "/sign-in?error=" + Uri.EscapeDataString(
                        context.Failure?.Message is { Length: > 0 and < 300 } m ? m : "Masuk melalui penyedia identitas gagal."));
                    return Task.CompletedTask;
                },
            };
        });
        return builder;
    }

    /// <summary>The console's pages read the cookie; the API reads a bearer token, the provider's or the service's own.</summary>
    private static string Select(HttpContext context, AuthSettings settings)
    {
        if (context.Request.Path.StartsWithSegments(ConsolePath)) return Console;
        if (!settings.HasAuthority) return JwtBearerDefaults.AuthenticationScheme;
        if (!settings.LocalTokens) return ProviderBearer;
        return IssuerOf(context.Request.Headers.Authorization.ToString()) == settings.Issuer
            ? ProviderBearer
            : JwtBearerDefaults.AuthenticationScheme;
    }

    private static string? IssuerOf(string authorization)
    {
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            return new JsonWebToken(authorization["Bearer ".Length..].Trim()).Issuer?.TrimEnd('/');
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static Task Map(Microsoft.AspNetCore.Authentication.JwtBearer.TokenValidatedContext context, AuthSettings settings)
    {
        var (identity, error) = settings.Claims.Map(context.Principal!, settings.Tenant, ProviderBearer);
        if (identity is null) context.Fail(error!);
        else if (TokenRules.Rejection(new ClaimsPrincipal(identity), context.SecurityToken) is { } why) context.Fail(why);
        else context.Principal = new ClaimsPrincipal(identity);
        return Task.CompletedTask;
    }

    /// <summary>
    /// A token signed with a key the cached key set lacks (the provider rolled its keys over) is checked again once
    /// the key set is read anew, so the first request after a rollover already passes. The provider's keys are read
    /// at most as often as the handler allows (RefreshInterval), whatever tokens arrive.
    /// </summary>
    private static async Task RetryAfterKeyRollover(Microsoft.AspNetCore.Authentication.JwtBearer.AuthenticationFailedContext context, AuthSettings settings)
    {
        if (context.Exception is not SecurityTokenSignatureKeyNotFoundException || context.Options.ConfigurationManager is not { } manager)
            return;
        var token = context.Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
        var kid = new JsonWebToken(token).Kid;
        manager.RequestRefresh();
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var configuration = await manager.GetConfigurationAsync(context.HttpContext.RequestAborted);
            if (configuration.SigningKeys.Any(k => k.KeyId == kid))
            {
                var parameters = context.Options.TokenValidationParameters.Clone();
                parameters.ValidIssuer = configuration.Issuer;
                parameters.IssuerSigningKeys = configuration.SigningKeys;
                var result = await new JsonWebTokenHandler { MapInboundClaims = false }.ValidateTokenAsync(token, parameters);
                if (!result.IsValid) return;
                var (identity, error) = settings.Claims.Map(new ClaimsPrincipal(result.ClaimsIdentity), settings.Tenant, ProviderBearer);
                if (identity is null || TokenRules.Rejection(new ClaimsPrincipal(identity), result.SecurityToken) is not null) return;
                context.Principal = new ClaimsPrincipal(identity);
                context.Success();
                return;
            }

            await Task.Delay(100, context.HttpContext.RequestAborted);
        }
    }
}
