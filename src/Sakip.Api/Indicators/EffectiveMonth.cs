using Sakip.Api.Domain;

namespace Sakip.Api.Indicators;

/// <summary>A formal revision applies from its effective month: it may not change a period that ends before it.</summary>
public static class EffectiveMonth
{
    public static IReadOnlyList<Refusal> Check(Schedule schedule, IEnumerable<int> changedPeriods, int effectiveFromMonth) =>
        changedPeriods
            .Where(p => RealizedTargets.LastMonthOf(schedule, p) < effectiveFromMonth)
            .Select(p => new Refusal("revision-before-effective-month", $"periodTargets[{p}]",
                $"is before the effective month {effectiveFromMonth}.")
            {
                Kind = RefusalKind.Refused,
                Summary = $"The revision takes effect from month {effectiveFromMonth}; it cannot change earlier periods.",
            })
            .ToList();
}
