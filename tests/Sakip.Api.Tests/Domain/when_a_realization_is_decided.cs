using Sakip.Api.Domain;
using Sakip.Api.Indicators;
using Sakip.Api.Plans;
using Sakip.Api.Realizations;
using Sakip.Api.Scales;

namespace Sakip.Api.Tests.Domain;

/// <summary>The realization rules as pure functions: no host, no PostgreSQL, no HTTP.</summary>
public sealed class when_a_realization_is_decided
{
    private static readonly Plan Established = new() { Id = "plan:diskop:2022", Opd = "diskop", Year = 2022, Status = PlanStatus.Established };

    private static Indicator Defined(Schedule schedule = Schedule.Monthly, ValueKind kind = ValueKind.Percent, bool budget = true) =>
        Indicator.Create(new IndicatorDefined("i-1", "diskop", 2022, "IKU-1", "n-1", "Koperasi aktif", "%", Polarity.Positive,
            Aggregation.Cumulative, schedule, kind, kind == ValueKind.Grade ? GradeScale.PredikatAkip.Name : null, null, null,
            budget, null, null));

    private static RealizationInput Input(int period = 3, decimal? number = 19m, string? text = null, decimal? budget = null,
        string? evidence = "Laporan", string? reason = null) =>
        new(period, new RawValue(number, text), budget, evidence, null, null, null, reason);

    private static decimal? Invariant(string text) => decimal.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null;

    [Fact]
    public void every_period_of_the_schedule_is_accepted_and_every_other_is_refused()
    {
        for (var period = -3; period <= 20; period++)
        {
            (RealizationRules.Period(period, Schedule.Monthly) is null).ShouldBe(period is >= 1 and <= 12, $"monthly {period}");
            (RealizationRules.Period(period, Schedule.Quarterly) is null).ShouldBe(period is >= 1 and <= 4, $"quarterly {period}");
        }

        RealizationRules.Period(5, Schedule.Quarterly)!.Message.ShouldBe("must be 1 to 4 for a quarterly indicator.");
    }

    [Fact]
    public void a_valid_submission_decides_one_event_with_the_trimmed_input()
    {
        var (submitted, refusals) = RealizationRules.Decide(Defined(), Established, null,
            Input(evidence: "  Laporan RAT  ", budget: 18_000_000m), Invariant);
        refusals.ShouldBeEmpty();
        submitted.ShouldNotBeNull();
        submitted.Evidence.ShouldBe("Laporan RAT");
        submitted.Value.ShouldBe(RealizedValue.Of(19m));
        submitted.Correction.ShouldBeNull();
    }

    [Fact]
    public void malformed_fields_are_all_named_before_the_plan_is_asked()
    {
        var (submitted, refusals) = RealizationRules.Decide(Defined(budget: false), plan: null, null,
            Input(period: 13, number: null, text: "x", budget: -5m, evidence: null), Invariant);
        submitted.ShouldBeNull();
        refusals.Select(r => r.Rule).ShouldBe(["period-out-of-range", "evidence-required", "budget-without-carrier",
            "budget-negative", "value-not-a-number"]);
        refusals.ShouldAllBe(r => r.Kind == RefusalKind.Invalid);
    }

    [Fact]
    public void a_grade_is_read_on_the_indicators_scale_whatever_its_case()
    {
        RealizationRules.Value(new RawValue(null, "bb"), ValueKind.Grade, GradeScale.PredikatAkip, Invariant).Value
            .ShouldBe(RealizedValue.OfGrade("BB"));
        RealizationRules.Value(new RawValue(3m, null), ValueKind.Grade, GradeScale.PredikatAkip, Invariant).Refusal!.Message
            .ShouldBe("expects a grade on the scale predikat-akip (D, C, CC, B, BB, A, AA).");
    }

    [Fact]
    public void a_draft_or_closed_plan_refuses_and_a_missing_one_is_not_found()
    {
        RealizationRules.Reporting(null)!.Kind.ShouldBe(RefusalKind.Missing);
        RealizationRules.Reporting(Established with { Status = PlanStatus.Draft })!.Rule.ShouldBe("plan-draft");
        RealizationRules.Reporting(Established with { Status = PlanStatus.Closed })!.Rule.ShouldBe("year-closed");
        RealizationRules.Reporting(Established).ShouldBeNull();
    }

    [Fact]
    public void only_a_verified_realization_needs_a_reason_to_be_corrected()
    {
        Realization Existing(RealizationStatus status) => new(3, RealizedValue.Of(19m), null, "Laporan", null, null, null, status,
            DateTimeOffset.UnixEpoch, 0, null);
        RealizationRules.CorrectionReason(3, null, null).ShouldBeNull();
        RealizationRules.CorrectionReason(3, Existing(RealizationStatus.Submitted), null).ShouldBeNull();
        RealizationRules.CorrectionReason(3, Existing(RealizationStatus.Verified), "Salah ketik").ShouldBeNull();
        var refused = RealizationRules.CorrectionReason(3, Existing(RealizationStatus.Verified), " ")!;
        (refused.Kind, refused.Field).ShouldBe((RefusalKind.Refused, "correctionReason"));
        refused.Summary.ShouldBe("Period 3 was verified already: a correction needs a reason, and is flagged.");
    }

    [Fact]
    public void a_revision_refuses_each_period_ending_before_its_effective_month()
    {
        for (var from = 1; from <= 12; from++)
        {
            EffectiveMonth.Check(Schedule.Monthly, Enumerable.Range(1, 12), from).Select(r => r.Field)
                .ShouldBe(Enumerable.Range(1, from - 1).Select(p => $"periodTargets[{p}]"));
            EffectiveMonth.Check(Schedule.Quarterly, Enumerable.Range(1, 4), from).Count.ShouldBe((from - 1) / 3);
        }
    }
}
