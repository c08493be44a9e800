using System.Security.Claims;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Http;
using Wolverine.Http;

namespace Sakip.Api.Capaian;

/// <summary>A tenant set how capaian is scored: an optional cap (e.g. 120) and its rating bands.</summary>
public sealed record ScoringConfigured(decimal? Cap, IReadOnlyList<RatingBand> Bands);

public sealed partial record TenantScoring
{
    public const string StreamKey = "settings:scoring";
    public string Id { get; init; } = StreamKey;
    public decimal? Cap { get; init; }
    public IReadOnlyList<RatingBand> Bands { get; init; } = RatingScale.Default.Bands;
    public int Version { get; set; }

    public static TenantScoring Create(ScoringConfigured e) => new() { Cap = e.Cap, Bands = e.Bands };

    public TenantScoring Apply(ScoringConfigured e) => this with { Cap = e.Cap, Bands = e.Bands };

    public static async Task<TenantScoring> Load(IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<TenantScoring>(StreamKey, ct) ?? new TenantScoring();

    public static void Configure(StoreOptions opts)
    {
        opts.Events.MapEventType<ScoringConfigured>("scoring_configured");
        opts.Projections.Snapshot<TenantScoring>(SnapshotLifecycle.Inline);
    }
}

/// <param name="Cap">Highest capaian counted for scoring, e.g. 120; null for no cap (the default).</param>
/// <param name="Bands">Rating bands, From inclusive and To exclusive, covering every value exactly once.</param>
public sealed record ConfigureScoring(long? ExpectedVersion, decimal? Cap, [property: Required] IReadOnlyList<RatingBand>? Bands);

public static class ConfigureScoringEndpoint
{
    public static ProblemDetails Before(ClaimsPrincipal user) => Access.Require(user, "configure scoring");

    public static Task<TenantScoring> LoadAsync(IDocumentSession session, CancellationToken ct) =>
        TenantScoring.Load(session, ct);

    public static ProblemDetails Validate(ConfigureScoring command, TenantScoring current)
    {
        var checks = new FieldChecks()
            .VersionOnceSet(command.ExpectedVersion, current.Version, "scoring")
            .When(command.Cap is < 100 or > 1000, "cap", "must be between 100 and 1000, or null for no cap.")
            .When(command.Bands is null, "bands", "are required (see GET .../scoring for the default).");
        foreach (var error in command.Bands is null ? [] : RatingScale.Validate(command.Bands)) checks.Add("bands", error);
        if (checks.HasErrors) return checks.Result();
        return ExpectedVersion.Check(command.ExpectedVersion, current.Version);
    }

    /// <summary>Sets the tenant's scoring: an optional cap on capaian and the rating bands (half-open, no gaps). Needs expectedVersion once configured.</summary>
    [WolverinePut("/api/{tenant}/scoring", Name = "ConfigureScoring")]
    [Tags("Capaian")]
    public static TenantScoring Put(ConfigureScoring command, TenantScoring current, IDocumentSession session)
    {
        var configured = new ScoringConfigured(command.Cap, command.Bands!.OrderBy(b => b.From ?? decimal.MinValue).ToList());
        var version = TenantSetting.Write<TenantScoring>(session, TenantScoring.StreamKey, current.Version, configured);
        return TenantScoring.Create(configured) with { Version = version };
    }
}

public static class ScoringQueries
{
    /// <summary>The tenant's scoring: the capaian cap (null for none) and the rating bands.</summary>
    [WolverineGet("/api/{tenant}/scoring", Name = "GetScoring")]
    [Tags("Capaian")]
    public static Task<TenantScoring> Get(IQuerySession session, CancellationToken ct) => TenantScoring.Load(session, ct);
}
