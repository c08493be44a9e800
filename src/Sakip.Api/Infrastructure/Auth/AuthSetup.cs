using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;
using Sakip.Api.Infrastructure.Http;

namespace Sakip.Api.Infrastructure.Auth;

public static class AuthSetup
{
    public static WebApplicationBuilder AddSakipAuth(this WebApplicationBuilder builder)
    {
        var settings = SakipSettings.From(builder.Configuration);
        var key = SigningKeys.Resolve(settings);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = settings.Issuer,
                ValidAudience = settings.Audience,
                IssuerSigningKey = key,
                NameClaimType = SakipClaims.Name,
                RoleClaimType = SakipClaims.Role,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            o.Events = new JwtBearerEvents
            {
                OnTokenValidated = context =>
                {
                    if (TokenRules.Rejection(context.Principal!, context.SecurityToken) is { } why) context.Fail(new TokenRejected(why));
                    return Task.CompletedTask;
                },
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    var why = context.AuthenticateFailure is TokenRejected rejected ? rejected.Message : context.ErrorDescription;
                    await Problems.Write(context.HttpContext, Problems.Unauthorized(why));
                },
                OnForbidden = context => Problems.Write(context.HttpContext, Problems.Forbidden(
                    SakipUser.From(context.HttpContext.User)?.Incomplete ?? "This token does not allow this request.")),
            };
        });
        // Every endpoint's default: an authenticated caller whose token names everything its role needs. Authenticated
        // by the scheme that picks the service's own or the identity provider's bearer handler (SignInSchemes).
        builder.Services.AddAuthorization(o => o.DefaultPolicy = new AuthorizationPolicyBuilder(SignInSchemes.Default)
            .RequireAuthenticatedUser()
            .RequireAssertion(c => SakipUser.From(c.User) is { Incomplete: null })
            .Build());
        return builder;
    }

    private sealed class TokenRejected(string message) : Exception(message);
}

/// <summary>What a signed token must also state to be accepted.</summary>
public static class TokenRules
{
    /// <summary>
    /// Why a correctly signed token is still not accepted, or null. A role the service does not know is not a caller
    /// it can reason about (401, like a token from another issuer: get a proper one); nor is a token that lives longer
    /// than <see cref="TokenIssuer.MaxLifetime"/>, whoever signed it.
    /// </summary>
    public static string? Rejection(System.Security.Claims.ClaimsPrincipal principal, SecurityToken token)
    {
        var role = principal.FindFirst(SakipClaims.Role)?.Value;
        if (role is null || !Roles.All.Contains(role))
            return $"The token's role '{role}' is not a role of this service ({string.Join(", ", Roles.All)}).";
        var issued = token.ValidFrom == DateTime.MinValue ? DateTime.UtcNow : token.ValidFrom;
        return token.ValidTo - issued > TokenIssuer.MaxLifetime + TimeSpan.FromMinutes(1)
            ? $"The token is valid for longer than {TokenIssuer.MaxLifetime.TotalHours:0} hours; get a shorter-lived one."
            : null;
    }
}
