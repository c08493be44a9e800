using System.Security.Claims;

namespace Sakip.Api.Infrastructure.Auth;

public static class Roles
{
    public const string Admin = "admin";
    public const string Planner = "planner";
    public const string Operator = "operator";
    public const string Verifier = "verifier";
    public const string Inspector = "inspector";
    public const string Analyst = "analyst";

    /// <summary>Operates the service itself (adds tenants); holds no tenant's data rights.</summary>
    public const string System = "system";

    public static readonly IReadOnlySet<string> All =
        new HashSet<string>([Admin, Planner, Operator, Verifier, Inspector, Analyst, System]);
}

public static class SakipClaims
{
    public const string Tenant = "tenant";
    public const string UserId = "sub";
    public const string Name = "name";
    public const string Role = "role";
    public const string Opd = "opd";
}

/// <summary>The authenticated caller, as the token states it.</summary>
public sealed record SakipUser(string Tenant, string UserId, string Name, string Role, string? Opd)
{
    public static SakipUser? From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return null;
        string? Claim(string type) => principal.FindFirst(type)?.Value;
        var tenant = Claim(SakipClaims.Tenant);
        var userId = Claim(SakipClaims.UserId);
        var role = Claim(SakipClaims.Role);
        if (tenant is null || userId is null || role is null) return null;
        return new SakipUser(tenant, userId, Claim(SakipClaims.Name) ?? userId, role,
            string.IsNullOrEmpty(Claim(SakipClaims.Opd)) ? null : Claim(SakipClaims.Opd));
    }

    public bool IsAdmin => Role == Roles.Admin;

    /// <summary>True when the token is not limited to one OPD, or is limited to this one.</summary>
    public bool CoversOpd(string opd) => IsAdmin || Opd is null || string.Equals(Opd, opd, StringComparison.Ordinal);
}
