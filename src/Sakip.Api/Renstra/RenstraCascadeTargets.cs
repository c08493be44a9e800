using Marten;

namespace Sakip.Api.Renstra;

/// <summary>The Renstra that covers an OPD-year, with its indicators by code: what an annual plan may cascade from.</summary>
public sealed record RenstraCascadeTargets(RenstraPlan Plan, IReadOnlyDictionary<string, RenstraIndicator> ByCode)
{
    public RenstraIndicator? Find(string code) => ByCode.GetValueOrDefault(code.Trim());

    public static async Task<RenstraCascadeTargets?> Load(IQuerySession session, string opd, int year, CancellationToken ct)
    {
        var plan = await session.Query<RenstraPlan>()
            .FirstOrDefaultAsync(r => r.Opd == opd && r.StartYear <= year && r.EndYear >= year, ct);
        if (plan is null) return null;
        var indicators = await session.Query<RenstraIndicator>()
            .Where(i => i.Opd == opd && i.StartYear == plan.StartYear && i.EndYear == plan.EndYear).ToListAsync(ct);
        return new RenstraCascadeTargets(plan, indicators.ToDictionary(i => i.Code, StringComparer.OrdinalIgnoreCase));
    }
}
