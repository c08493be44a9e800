using Marten;
using Sakip.Api.Indicators;
using Sakip.Api.OpdYears;
using Sakip.Api.Realizations;
using Sakip.Api.Scales;

namespace Sakip.Api.Capaian;

/// <summary>A tenant's scoring settings: its grade scales, its rating bands, and an optional cap on capaian.</summary>
public sealed record CapaianSettings(TenantScales? TenantScales, RatingScale Rating, decimal? Cap = null)
{
    public GradeScale? Scales(string? name) => TenantScales.Of(TenantScales, name);

    public static async Task<CapaianSettings> Load(IQuerySession session, CancellationToken ct)
    {
        var scoring = await TenantScoring.Load(session, ct);
        return new CapaianSettings(await TenantScales.Load(session, ct), new RatingScale(scoring.Bands), scoring.Cap);
    }

    /// <summary>The settings read in a batch another read executes: the settings once the batch has run.</summary>
    public static Func<Task<CapaianSettings>> Enlist(Marten.Services.BatchQuerying.IBatchedQuery batch)
    {
        var scales = batch.Load<TenantScales>(TenantScales.StreamKey);
        var scoring = batch.Load<TenantScoring>(TenantScoring.StreamKey);
        return async () =>
        {
            var settings = await scoring ?? new TenantScoring();
            return new CapaianSettings(await scales, new RatingScale(settings.Bands), settings.Cap);
        };
    }

    /// <summary>The last month with a reported realization (not returned): what "s.d. bulan" means when none is chosen.</summary>
    public static int? LastReportedMonth(OpdYear state) => state.Indicators.Values
        .SelectMany(i => i.Realizations.Values.Where(r => r.Status != RealizationStatus.Returned)
            .Select(r => (int?)Periods.LastMonthOf(i.Schedule, r.Period)))
        .Max();
}
