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

    /// <summary>Roles that act for one OPD: their tokens must name it, and cover nothing else.</summary>
    public static readonly IReadOnlySet<string> OpdScoped = new HashSet<string>([Planner, Operator, Verifier]);

    /// <summary>Roles that read who changed what in every OPD of the tenant.</summary>
    public static readonly IReadOnlySet<string> TenantWideReaders = new HashSet<string>([Admin, Inspector, Analyst]);
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

    public bool IsOpdScoped => Roles.OpdScoped.Contains(Role);

    /// <summary>
    /// Why this token may do nothing at all, or null: an OPD-scoped role without its OPD would otherwise act for
    /// every OPD (its checks compare the OPD it names, and it names none).
    /// </summary>
    public string? Incomplete => IsOpdScoped && Opd is null
        ? $"A {Role} token must name the OPD it acts for (claim '{SakipClaims.Opd}'); this one names none."
        : null;

    /// <summary>True for an admin, and for an OPD-scoped token of exactly this OPD.</summary>
    public bool CoversOpd(string opd) =>
        IsAdmin || IsOpdScoped && Opd is not null && string.Equals(Opd, opd, StringComparison.Ordinal);
}
