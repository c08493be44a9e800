using Sakip.Api.Imports;
using Sakip.Api.Indicators;
using Sakip.Api.Renstra;
using Sakip.Api.Scales;

namespace Sakip.Api.Tests.Renstra;

/// <summary>The pure rules under the Renstra: target cells, the seed's warnings, and annual figures combined.</summary>
public sealed class when_renstra_figures_are_read_and_combined
{
    [Theory]
    [InlineData("11 Kop", NumberFormat.En, 11, "Kop")]
    [InlineData("10%", NumberFormat.En, 10, "%")]
    [InlineData("3.90%", NumberFormat.En, 3.90, "%")]
    [InlineData("656,081.37", NumberFormat.En, 656081.37, null)]
    [InlineData("1.587,5 dokumen", NumberFormat.Id, 1587.5, "dokumen")]
    [InlineData("3 bidang", NumberFormat.Id, 3, "bidang")]
    public void a_target_cell_separates_its_number_and_its_unit(string cell, NumberFormat format, double number, string? unit)
    {
        YearTargetCells.TryParse(cell, format, null, out var target, out var printed).ShouldBeTrue();
        target!.Number.ShouldBe((decimal)number);
        printed.ShouldBe(unit);
    }

    [Fact]
    public void empty_cells_are_no_target_grades_need_a_scale_and_words_are_refused()
    {
        YearTargetCells.TryParse("-", NumberFormat.Id, null, out var none, out _).ShouldBeTrue();
        none.ShouldBeNull();
        YearTargetCells.TryParse("BB", NumberFormat.Id, GradeScale.PredikatAkip, out var grade, out _).ShouldBeTrue();
        grade!.Grade.ShouldBe("BB");
        YearTargetCells.TryParse("BB", NumberFormat.Id, null, out _, out _).ShouldBeFalse();
        YearTargetCells.TryParse("sebelas Kop", NumberFormat.Id, null, out _, out _).ShouldBeFalse();
        YearTargetCells.TryParse("806.05", NumberFormat.Id, null, out _, out _).ShouldBeFalse("806.05 is no Indonesian number");
    }

    private static List<YearTarget> Years(params decimal?[] values) =>
        values.Select((v, i) => new YearTarget(2018 + i, v is null ? null : TargetValue.Of(v.Value), null)).ToList();

    private static List<int?> Jumps(params decimal?[] values) =>
        RenstraWarnings.ForTargets("unit", Years(values)).Where(w => w.Message.Contains("factor")).Select(w => w.Year).ToList();

    [Fact]
    public void a_jump_by_a_factor_of_ten_names_the_odd_year_out_and_not_its_neighbours()
    {
        Jumps(806.05m, 37.96m, 870.03m, 887.43m, 905.17m).ShouldBe([2019]);
        Jumps(2m, 656_081.37m, 662_642.19m, 669_268.61m, 675_961.30m).ShouldBe([2018]);
        Jumps(31m, 189m, 317m, 330m, 340m).ShouldBeEmpty("growing six-fold in a year is a plan, not a typo");
        Jumps(0m, 0m, 0m, 0m, 1m).ShouldBeEmpty("zero targets have no ratio");
        Jumps(null, 15m, null, 1500m, null).ShouldBe([2019, 2021], "two years alone: either may be the wrong one");
    }

    [Fact]
    public void a_unit_one_letter_off_is_a_typo_and_another_word_is_a_change()
    {
        RenstraWarnings.LooksLikeTypo("uni", "unit").ShouldBeTrue();
        RenstraWarnings.LooksLikeTypo("orng", "orang").ShouldBeTrue();
        RenstraWarnings.LooksLikeTypo("Kop", "kali").ShouldBeFalse();
        RenstraWarnings.LooksLikeTypo("%", "dokumen").ShouldBeFalse();
        RenstraWarnings.SameUnit("Orang", "orang").ShouldBeTrue();
    }

    [Fact]
    public void a_position_whose_title_line_moved_is_named_by_each_of_its_symptoms()
    {
        RenstraWarnings.ForPosition("Kepala Seksi Industri Agro", "Melaksanakan sebagian tugas Dinas", ["a. Penyiapan", "b. Penyusunan"])
            .ShouldBeEmpty();
        RenstraWarnings.ForPosition("Melaksanakan penyusunan dan pelaksanaan kebijakan", "a. Perumusan kebijakan teknis", ["d. Pelaksanaan tugas lain"])
            .Select(w => w.Field).ShouldBe(["position", "tugas", "fungsi"]);
    }

    [Fact]
    public void several_annual_indicators_add_up_as_counts_average_as_levels_and_do_not_mix()
    {
        RenstraProgress.Combine([(Aggregation.Sum, RealizedValue.Of(10)), (Aggregation.Cumulative, RealizedValue.Of(5))]).Value!.Number.ShouldBe(15);
        RenstraProgress.Combine([(Aggregation.Last, RealizedValue.Of(80)), (Aggregation.Average, RealizedValue.Of(90))]).Value!.Number.ShouldBe(85);
        RenstraProgress.Combine([(Aggregation.Sum, RealizedValue.Of(10)), (Aggregation.Last, null)]).Value!.Number.ShouldBe(10);
        var mixed = RenstraProgress.Combine([(Aggregation.Sum, RealizedValue.Of(10)), (Aggregation.Last, RealizedValue.Of(80))]);
        mixed.Value.ShouldBeNull();
        mixed.Problem!.ShouldContain("do not combine");
        RenstraProgress.Combine([(Aggregation.Last, RealizedValue.OfGrade("A")), (Aggregation.Last, RealizedValue.OfGrade("B"))]).Value.ShouldBeNull();
        RenstraProgress.Combine([]).ShouldBe((null, null));
    }
}
