using Microsoft.AspNetCore.Authentication.JwtBearer;
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
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    await Problems.Write(context.HttpContext, Problems.Unauthorized(context.ErrorDescription));
                },
                OnForbidden = context => Problems.Write(context.HttpContext,
                    Problems.Forbidden("This token does not allow this request.")),
            };
        });
        builder.Services.AddAuthorization();
        return builder;
    }
}
