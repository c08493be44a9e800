using Sakip.Api.Indicators;
using Sakip.Api.Scales;

namespace Sakip.Api.Capaian;

/// <summary>A tenant's scoring settings: its grade scales, its rating bands, and an optional cap on capaian.</summary>
public sealed record CapaianSettings(TenantScales? TenantScales, RatingScale Rating, decimal? Cap = null)
{
    public GradeScale? Scales(string? name) => TenantScales.Of(TenantScales, name);
}
