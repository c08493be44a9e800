using System.Security.Claims;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Http;
using Wolverine.Http;

namespace Sakip.Api.Tenants;

/// <summary>
/// How the regional government names itself on its documents: "Kabupaten Buleleng" in the title block, "Singaraja"
/// before the date of the signature block, and the time zone its people read times in (WIB, WITA or WIT).
/// </summary>
public sealed record TenantProfileSet(string Name, string Place, string TimeZone);

public sealed partial record TenantProfile
{
    public const string StreamKey = "settings:profile";
    public string Id { get; init; } = StreamKey;

    /// <summary>The region, e.g. "Kabupaten Buleleng"; the tenant id until set.</summary>
    public string? Name { get; init; }

    public string? Place { get; init; }
    public string TimeZone { get; init; } = "Asia/Jakarta";
    public int Version { get; set; }

    public static TenantProfile Create(TenantProfileSet e) => new() { Name = e.Name, Place = e.Place, TimeZone = e.TimeZone };

    public TenantProfile Apply(TenantProfileSet e) => this with { Name = e.Name, Place = e.Place, TimeZone = e.TimeZone };

    public static async Task<TenantProfile> Load(IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<TenantProfile>(StreamKey, ct) ?? new TenantProfile();

    /// <summary>The region's zone; UTC when the machine does not know it.</summary>
    public TimeZoneInfo Zone() => TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    public static void Configure(StoreOptions opts)
    {
        opts.Events.MapEventType<TenantProfileSet>("tenant_profile_set");
        opts.Projections.Snapshot<TenantProfile>(SnapshotLifecycle.Inline);
    }
}

/// <param name="Name">The region as documents name it, e.g. "Kabupaten Buleleng".</param>
/// <param name="Place">Where its documents are signed, e.g. "Singaraja".</param>
/// <param name="TimeZone">IANA zone: Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT).</param>
/// <param name="ExpectedVersion">The profile's version the change is based on (from GET; required once a profile is set).</param>
public sealed record SetTenantProfile(long? ExpectedVersion, [property: Required] string? Name, [property: Required] string? Place,
    [property: Required] string? TimeZone);

public static class SetTenantProfileEndpoint
{
    public static ProblemDetails Before(ClaimsPrincipal user) => Access.Require(user, "name the regional government");

    public static Task<TenantProfile> LoadAsync(IDocumentSession session, CancellationToken ct) => TenantProfile.Load(session, ct);

    public static ProblemDetails Validate(SetTenantProfile command, TenantProfile current)
    {
        var checks = new FieldChecks()
            .VersionOnceSet(command.ExpectedVersion, current.Version, "profile")
            .Required("name", command.Name, 200)
            .Required("place", command.Place, 100)
            .Required("timeZone", command.TimeZone, 100)
            .When(command.TimeZone is { Length: > 0 } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone.Trim(), out _),
                "timeZone", "is not a time zone this service knows, e.g. Asia/Makassar.");
        if (checks.HasErrors) return checks.Result();
        return ExpectedVersion.Check(command.ExpectedVersion, current.Version);
    }

    /// <summary>Names the regional government on its documents (title block, place of signing) and its time zone (admin).</summary>
    [WolverinePut("/api/{tenant}/profile", Name = "SetTenantProfile")]
    [Tags("Tenants")]
    [ProducesResponseType<TenantProfile>(StatusCodes.Status200OK)]
    public static TenantProfile Put(SetTenantProfile command, TenantProfile current, IDocumentSession session)
    {
        var set = new TenantProfileSet(command.Name!.Trim(), command.Place!.Trim(), command.TimeZone!.Trim());
        var version = TenantSetting.Write<TenantProfile>(session, TenantProfile.StreamKey, current.Version, set);
        return TenantProfile.Create(set) with { Version = version };
    }
}

public static class TenantProfileQueries
{
    /// <summary>How the tenant names itself on its documents, and its time zone.</summary>
    [WolverineGet("/api/{tenant}/profile", Name = "GetTenantProfile")]
    [Tags("Tenants")]
    [ProducesResponseType<TenantProfile>(StatusCodes.Status200OK)]
    public static Task<TenantProfile> Get(IQuerySession session, CancellationToken ct) => TenantProfile.Load(session, ct);
}
