using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;

namespace Sakip.Api.Infrastructure.Auth;

public static class TokenIssuer
{
    /// <summary>
    /// Tokens cannot be revoked before they expire; a day covers a working day and a night shift. The service refuses
    /// longer-lived tokens, whoever signed them.
    /// </summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(24);

    public static string Issue(SakipSettings settings, SakipUser user, TimeSpan lifetime, DateTimeOffset now)
    {
        var claims = new List<Claim>
        {
            new(SakipClaims.Tenant, user.Tenant),
            new(SakipClaims.UserId, user.UserId),
            new(SakipClaims.Name, user.Name),
            new(SakipClaims.Role, user.Role),
        };
        if (user.Opd is not null) claims.Add(new Claim(SakipClaims.Opd, user.Opd));

        var token = new JwtSecurityToken(settings.Issuer, settings.Audience, claims, now.UtcDateTime,
            now.Add(lifetime).UtcDateTime,
            new SigningCredentials(SigningKeys.Resolve(settings), SecurityAlgorithms.HmacSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }
}
