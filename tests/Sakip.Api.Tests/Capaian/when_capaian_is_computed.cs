using Sakip.Api.Capaian;
using Sakip.Api.Indicators;
using Sakip.Api.Scales;

namespace Sakip.Api.Tests.Capaian;

public sealed class when_capaian_is_computed
{
    private static decimal? Perf(decimal target, decimal realized, Polarity polarity = Polarity.Positive) =>
        CapaianRules.Performance(TargetValue.Of(target), RealizedValue.Of(realized), polarity, null);

    [Fact]
    public void year_to_date_follows_the_seeds_aggregation_kinds()
    {
        // UTTP ditera (sum): 70 + 585 + 120 + 170
        CapaianRules.YearToDate(Aggregation.Sum, [70m, 585m, 120m, 170m], 4).ShouldBe(945m);
        CapaianRules.YearToDate(Aggregation.Sum, [70m, 585m, 120m, 170m], 2).ShouldBe(655m);
        // Koperasi aktif dan sehat (cumulative), monthly with targets only at quarter ends
        decimal?[] cumulative = [null, null, 19.5m, null, null, 39m, null, null, 58.5m, null, null, 78m];
        CapaianRules.YearToDate(Aggregation.Cumulative, cumulative, 12).ShouldBe(78m);
        CapaianRules.YearToDate(Aggregation.Cumulative, cumulative, 5).ShouldBe(19.5m);
        CapaianRules.YearToDate(Aggregation.Cumulative, cumulative, 2).ShouldBeNull();
        // % koperasi aktif (last) may fall: the latest counts
        CapaianRules.YearToDate(Aggregation.Last, [77.72m, 78.41m, 78.82m, 79.12m], 4).ShouldBe(79.12m);
        CapaianRules.YearToDate(Aggregation.Last, [77.72m, 78.41m, 76m, null], 4).ShouldBe(76m);
        // ketersediaan barang pokok (average): (95 + 95 + 95 + 95) / 4, and (96 + 94) / 2
        CapaianRules.YearToDate(Aggregation.Average, [95m, 95m, 95m, 95m], 4).ShouldBe(95m);
        CapaianRules.YearToDate(Aggregation.Average, [96m, 94m, null, null], 4).ShouldBe(95m);
    }

    [Fact]
    public void positive_negative_and_the_floor()
    {
        Perf(945, 900).ShouldBe(900m / 945m * 100);
        Perf(3, 3, Polarity.Negative).ShouldBe(100m);                // (2·3 − 3) / 3 · 100
        Perf(3, 2.5m, Polarity.Negative).ShouldBe((6m - 2.5m) / 3m * 100);
        Perf(3, 7, Polarity.Negative).ShouldBe(0m);                  // (6 − 7) / 3 < 0, floored
        Perf(0, 5).ShouldBeNull();
        CapaianRules.Performance(null, RealizedValue.Of(5), Polarity.Positive, null).ShouldBeNull();
        CapaianRules.Performance(TargetValue.Of(5), null, Polarity.Positive, null).ShouldBeNull();
    }

    [Fact]
    public void ranges_grades_and_the_cap()
    {
        var range = TargetValue.Between(80, 90);
        CapaianRules.Performance(range, RealizedValue.Of(85), Polarity.Positive, null).ShouldBe(100m);
        CapaianRules.Performance(range, RealizedValue.Of(72), Polarity.Positive, null).ShouldBe(72m / 80m * 100);
        CapaianRules.Performance(range, RealizedValue.Of(99), Polarity.Positive, null).ShouldBe((180m - 99m) / 90m * 100);

        var akip = GradeScale.PredikatAkip; // D C CC B BB A AA → A is rank 6, BB rank 5
        CapaianRules.Performance(TargetValue.OfGrade("A"), RealizedValue.OfGrade("BB"), Polarity.Positive, akip)
            .ShouldBe(100m * 5 / 6);
        CapaianRules.Performance(TargetValue.OfGrade("A"), RealizedValue.OfGrade("AA"), Polarity.Positive, akip).ShouldBe(100m);

        CapaianRules.Performance(TargetValue.Of(10), RealizedValue.Of(15), Polarity.Positive, null).ShouldBe(150m);
        CapaianRules.Performance(TargetValue.Of(10), RealizedValue.Of(15), Polarity.Positive, null, cap: 120).ShouldBe(120m);
    }

    [Fact]
    public void budget_against_pagu_and_plan()
    {
        CapaianRules.Financial(309_730_949m, 246_396_436m).ShouldBe(246_396_436m / 309_730_949m * 100);
        CapaianRules.AgainstPlan(18_786_239m, 18_000_000m).ShouldBe(18_000_000m / 18_786_239m * 100);
        CapaianRules.Financial(0, 5).ShouldBeNull();
        CapaianRules.Round2(79.554999m).ShouldBe(79.55m);
        CapaianRules.Round2(79.555m).ShouldBe(79.56m);
        CapaianRules.Round2(-0.125m).ShouldBe(-0.13m);
    }

    [Fact]
    public void properties_hold_over_many_generated_cases()
    {
        var random = new Random(20221231);
        for (var i = 0; i < 5000; i++)
        {
            var target = Math.Round((decimal)random.NextDouble() * 1000 + 0.01m, 2);
            var less = Math.Round((decimal)random.NextDouble() * 2000, 2);
            var more = less + Math.Round((decimal)random.NextDouble() * 100 + 0.01m, 2);

            Perf(target, target).ShouldBe(100m);
            Perf(target, target, Polarity.Negative).ShouldBe(100m);
            Perf(target, more)!.Value.ShouldBeGreaterThanOrEqualTo(Perf(target, less)!.Value);
            Perf(target, more, Polarity.Negative)!.Value.ShouldBeLessThanOrEqualTo(Perf(target, less, Polarity.Negative)!.Value);
        }
    }
}

public sealed class when_capaian_is_rated
{
    [Fact]
    public void every_value_from_0_to_1000_gets_exactly_one_band_and_boundaries_go_up()
    {
        var bands = RatingScale.Default.Bands;
        for (var v = 0m; v <= 1000m; v += 0.01m)
            bands.Count(b => b.Contains(v)).ShouldBe(1, $"value {v}");

        RatingScale.Default.Rate(91m).ShouldBe("Sangat Tinggi");
        RatingScale.Default.Rate(90.99m).ShouldBe("Tinggi");
        RatingScale.Default.Rate(76m).ShouldBe("Tinggi");
        RatingScale.Default.Rate(66m).ShouldBe("Sedang");
        RatingScale.Default.Rate(51m).ShouldBe("Rendah");
        RatingScale.Default.Rate(50.99m).ShouldBe("Sangat Rendah");
        RatingScale.Default.Rate(null).ShouldBeNull();
        RatingScale.Validate(bands).ShouldBeEmpty();
    }

    [Fact]
    public void a_gap_or_an_overlap_is_rejected()
    {
        RatingScale.Validate([new("Rendah", null, 50), new("Tinggi", 60, null)]).ShouldHaveSingleItem().ShouldContain("gap");
        RatingScale.Validate([new("Rendah", null, 70), new("Tinggi", 60, null)]).ShouldHaveSingleItem().ShouldContain("overlap");
        RatingScale.Validate([new("Tinggi", 60, null)]).ShouldHaveSingleItem().ShouldContain("below 60");
    }
}
