namespace Sakip.Api.Indicators;

/// <summary>A soft problem: the change is stored, and the planner is told what looks wrong.</summary>
public sealed record Warning(string Field, string Message);

/// <summary>The soft checks of ../shared/domain.md: disagreements are warned about, never silently fixed.</summary>
public static class PlanWarnings
{
    public static IReadOnlyList<Warning> ForTargets(Aggregation aggregation, TargetValue? annual,
        IReadOnlyList<TargetValue?> periods)
    {
        var warnings = new List<Warning>();
        var numbers = periods.Select(p => p?.Number).ToList();
        if (aggregation == Aggregation.Cumulative)
        {
            decimal? previous = null;
            for (var i = 0; i < numbers.Count; i++)
            {
                if (numbers[i] is not { } value) continue;
                if (previous is { } before && value < before)
                    warnings.Add(new("periodTargets", $"period {i + 1} ({value}) is lower than an earlier period ({before}): a cumulative target should not decrease."));
                previous = value;
            }
        }

        if (annual?.Number is { } year && numbers.Any(n => n is not null) && periods.All(p => p is null || p.Number is not null))
        {
            var present = numbers.OfType<decimal>().ToList();
            var (expected, rule) = aggregation switch
            {
                Aggregation.Sum => (present.Sum(), "the sum of the period targets"),
                Aggregation.Average => (present.Average(), "the mean of the period targets"),
                _ => (present[^1], "the last period target"),
            };
            if (expected != year)
                warnings.Add(new("annualTarget", $"the annual target {year} differs from {rule} ({expected}) for a {aggregation.ToString().ToLowerInvariant()} indicator."));
        }

        // The annual target of a running total or a level is the year-end value: a last period left empty hides it.
        if (annual?.Number is { } annualNumber && aggregation is Aggregation.Cumulative or Aggregation.Last &&
            periods.Count > 0 && periods[^1] is null && periods.Any(p => p is not null))
        {
            var (last, name) = periods.Count == 4 ? ("TW4", "TW4") : ("12", "December");
            warnings.Add(new("periodTargets", $"the annual target {annualNumber} has no {name} target (period {last} is empty): " +
                                              "the year-end value of the plan differs from the annual target."));
        }

        return warnings;
    }

    public static IReadOnlyList<Warning> ForBudget(decimal? pagu, IReadOnlyList<decimal?> plan)
    {
        var warnings = new List<Warning>();
        decimal? previous = null;
        for (var i = 0; i < plan.Count; i++)
        {
            if (plan[i] is not { } value) continue;
            if (previous is { } before && value < before)
                warnings.Add(new("budget.monthlyPlan", $"month {i + 1} ({value:N2}) is lower than an earlier month ({before:N2}): the plan is cumulative and should not decrease."));
            previous = value;
        }

        if (pagu is { } total && previous is { } last && last != total)
            warnings.Add(new("budget.monthlyPlan", $"the plan ends at {last:N2}, not at the pagu {total:N2}."));
        return warnings;
    }
}
