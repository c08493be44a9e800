using System.Security.Claims;
using System.Text.Json;

namespace Sakip.Api.Infrastructure.Auth;

/// <summary>
/// Section <c>Sakip:Auth</c>: the pemda's identity provider (OpenID Connect, e.g. Keycloak) beside or instead of the
/// tokens the service signs itself, and which of its claims carry the tenant, the role and the OPD.
/// </summary>
public sealed record AuthSettings
{
    /// <summary>The issuer URL, e.g. https://sso.bulelengkab.go.id/realms/sakip; its discovery document is read from
    /// <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public string? Authority { get; init; }

    public string? ClientId { get; init; }
    public string? ClientSecret { get; init; }

    /// <summary>The audience API tokens must name; the client id when empty.</summary>
    public string? Audience { get; init; }

    /// <summary>Metadata over HTTPS only; by default required unless the authority is on this machine (loopback).</summary>
    public bool? RequireHttpsMetadata { get; init; }

    /// <summary>Scopes the console asks for beside <c>openid</c>.</summary>
    public string Scopes { get; init; } = "profile";

    public ClaimMapping Claims { get; init; } = new();

    /// <summary>The tenant of every user of this authority, when its tokens name none (one realm per pemda).</summary>
    public string? Tenant { get; init; }

    /// <summary>Whether tokens signed with <c>Sakip:SigningKey</c> (the <c>token</c> command) are accepted too.</summary>
    public bool LocalTokens { get; init; } = true;

    /// <summary>The console's token form; by default on, except in Production when an authority is configured.</summary>
    public bool? TokenSignIn { get; init; }

    /// <summary>How long a console session lasts at most (never longer than the token it was opened with).</summary>
    public double SessionHours { get; init; } = 8;

    public bool HasAuthority => !string.IsNullOrWhiteSpace(Authority);

    public string? Issuer => Authority?.TrimEnd('/');

    public bool TokenFormEnabled(IHostEnvironment environment) => TokenSignIn ?? !(environment.IsProduction() && HasAuthority);

    public bool HttpsMetadata => RequireHttpsMetadata
                                 ?? !(Uri.TryCreate(Authority, UriKind.Absolute, out var uri) && uri.IsLoopback);

    public static AuthSettings From(IConfiguration configuration) =>
        configuration.GetSection("Sakip:Auth").Get<AuthSettings>() ?? new AuthSettings();
}

/// <summary>
/// Where each value of a <see cref="SakipUser"/> is in the provider's token: a claim name, or a dotted path into a
/// JSON claim (Keycloak's realm roles: <c>realm_access.roles</c>). The first value that is a role of this service is
/// the role.
/// </summary>
public sealed record ClaimMapping
{
    public string Tenant { get; init; } = SakipClaims.Tenant;
    public string UserId { get; init; } = SakipClaims.UserId;
    public string Name { get; init; } = SakipClaims.Name;
    public string Role { get; init; } = SakipClaims.Role;
    public string Opd { get; init; } = SakipClaims.Opd;

    /// <summary>The provider's claims as this service's, or why they do not make a user of it.</summary>
    public (ClaimsIdentity? Identity, string? Error) Map(ClaimsPrincipal external, string? fixedTenant, string authenticationType)
    {
        var tenant = Values(external, Tenant).FirstOrDefault() ?? fixedTenant;
        var userId = Values(external, UserId).FirstOrDefault();
        var role = Values(external, Role).FirstOrDefault(r => Roles.All.Contains(r));
        if (tenant is null) return (null, $"The token names no tenant (claim '{Tenant}').");
        if (userId is null) return (null, $"The token names no user (claim '{UserId}').");
        if (role is null) return (null, $"The token names no role of this service (claim '{Role}': {string.Join(", ", Roles.All)}).");
        var claims = new List<Claim>
        {
            new(SakipClaims.Tenant, tenant), new(SakipClaims.UserId, userId),
            new(SakipClaims.Name, Values(external, Name).FirstOrDefault() ?? userId), new(SakipClaims.Role, role),
        };
        if (Values(external, Opd).FirstOrDefault() is { Length: > 0 } opd) claims.Add(new Claim(SakipClaims.Opd, opd));
        return (new ClaimsIdentity(claims, authenticationType, SakipClaims.Name, SakipClaims.Role), null);
    }

    /// <summary>The string values at a claim name or a dotted path into a JSON claim; arrays give every element.</summary>
    public static IReadOnlyList<string> Values(ClaimsPrincipal principal, string path)
    {
        var direct = principal.FindAll(path).Select(c => c.Value).Where(v => v.Length > 0).ToList();
        if (direct.Count > 0 || !path.Contains('.')) return direct;
        var segments = path.Split('.');
        var values = new List<string>();
        foreach (var claim in principal.FindAll(segments[0]))
        {
            try
            {
                using var json = JsonDocument.Parse(claim.Value);
                var node = json.RootElement;
                var found = true;
                foreach (var segment in segments.Skip(1))
                {
                    if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(segment, out node))
                    {
                        found = false;
                        break;
                    }
                }

                if (!found) continue;
                if (node.ValueKind == JsonValueKind.Array)
                    values.AddRange(node.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!));
                else if (node.ValueKind == JsonValueKind.String) values.Add(node.GetString()!);
            }
            catch (JsonException)
            {
            }
        }

        return values;
    }
}
