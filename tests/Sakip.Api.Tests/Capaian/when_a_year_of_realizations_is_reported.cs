using System.Net;
using MiniExcelLibs;
using Newtonsoft.Json.Linq;
using Snapshooter.Xunit;

namespace Sakip.Api.Tests.Capaian;

[Collection(SakipCollection.Name)]
public sealed class when_a_year_of_realizations_is_reported(SakipApp app)
{
    private static decimal Round2(decimal v) => Math.Round(v, 2, MidpointRounding.AwayFromZero);

    [Fact]
    public async Task each_aggregation_kind_and_polarity_gives_the_capaian_computed_by_hand()
    {
        var year = await new Perdagangan2024(app).Build();
        var december = await year.Capaian(12);

        decimal Capaian(string code) => Perdagangan2024.Indicator(december, code)["capaian"]!.GetValue<decimal>();
        // average: (96 + 94 + 95 + 97) / 4 = 95.5 against 95
        Capaian("BAPOK").ShouldBe(Round2(95.5m / 95m * 100));
        // last, negative: the latest realization 3 against the target 3 is exactly 100
        Capaian("HARGA").ShouldBe(100m);
        // sum, negative: 5 + 4 + 6 + 3 = 18 complaints against 20: (2·20 − 18) / 20 · 100
        Capaian("ADUAN").ShouldBe(110m);
        // sum, positive: 80 + 500 + 120 + 200 = 900 UTTP against 70 + 585 + 120 + 170 = 945
        Capaian("UTTP").ShouldBe(Round2(900m / 945m * 100));
        // last, positive: 79.0 against 79.12, although an earlier quarter was higher relative to its target
        Capaian("KOPAKTIF").ShouldBe(Round2(79.0m / 79.12m * 100));

        Perdagangan2024.Indicator(december, "UTTP")["rating"]!.GetValue<string>().ShouldBe("Sangat Tinggi");
        var complaints = Perdagangan2024.Indicator(december, "ADUAN")["periods"]!.AsArray();
        complaints[0]!["capaian"]!.GetValue<decimal>().ShouldBe(100m, "negative, R = T = 5 in TW 1");
        complaints[0]!["status"]!.GetValue<string>().ShouldBe("verified");
        complaints[3]!["status"]!.GetValue<string>().ShouldBe("submitted");

        // the metrology kegiatan has no indicator of its own; its sub kegiatan carries UTTP
        var nodes = december["nodes"]!.AsArray();
        var program = nodes.Single(n => n!["code"]!.GetValue<string>() == "3.30.03")!;
        program["performanceCapaian"]!.GetValue<decimal>().ShouldBe(Round2((95.5m / 95m * 100 + 100m) / 2));
    }

    [Fact]
    public async Task a_period_without_target_is_not_applicable_and_budget_is_measured_against_pagu_and_plan()
    {
        var year = await new Perdagangan2024(app).Build();
        var june = await year.Capaian(6);

        var harga = Perdagangan2024.Indicator(june, "HARGA");
        harga["targetToDate"].ShouldBeNull("no target until TW 4");
        harga["capaian"].ShouldBeNull("not applicable, not zero and not an error");
        harga["rating"].ShouldBeNull();
        harga["realizedToDate"]!.GetValue<decimal>().ShouldBe(3.5m);

        var budget = Perdagangan2024.Indicator(june, "BAPOK")["budget"]!;
        budget["pagu"]!.GetValue<decimal>().ShouldBe(200_000_000m);
        budget["plannedToDate"]!.GetValue<decimal>().ShouldBe(100_000_000m);    // the June plan
        budget["realizedToDate"]!.GetValue<decimal>().ShouldBe(90_000_000m);    // reported with TW 2
        budget["againstPagu"]!.GetValue<decimal>().ShouldBe(45m);               // 90 / 200 · 100
        budget["againstPlan"]!.GetValue<decimal>().ShouldBe(90m);               // 90 / 100 · 100

        // UTTP by June: 80 + 500 = 580 against 70 + 585 = 655
        Perdagangan2024.Indicator(june, "UTTP")["capaian"]!.GetValue<decimal>().ShouldBe(Round2(580m / 655m * 100));
    }

    [Fact]
    public async Task the_laporan_capaian_and_its_workbook_are_pinned()
    {
        var year = await new Perdagangan2024(app).Build();
        var json = await (await year.Analyst.GetAsync($"{year.Base}/laporan-capaian?month=12&consistent=true"))
            .Json(HttpStatusCode.OK);

        var rows = json["rows"]!.AsArray();
        rows.Select(r => r!["code"]!.GetValue<string>())
            .ShouldBe(["2.17.03", "3.30.03", "3.30.04", "3.30.04.2.01", "3.30.04.2.01.0001"]);
        var total = json["total"]!;
        total["budget"]!.GetValue<decimal>().ShouldBe(200_000_000m);           // only the program rows' money
        total["budgetRealized"]!.GetValue<decimal>().ShouldBe(190_000_000m);
        total["financialCapaian"]!.GetValue<decimal>().ShouldBe(95m);          // 190 / 200 · 100
        var performance = ((79.0m / 79.12m * 100) + (95.5m / 95m * 100 + 100m) / 2 + 110m) / 3;
        total["performanceCapaian"]!.GetValue<decimal>().ShouldBe(Round2(performance));
        total["average"]!.GetValue<decimal>().ShouldBe(Round2((95m + performance) / 2));

        Snapshot.Match(JToken.Parse(json.ToJsonString()), "laporan-capaian-json");

        var workbook = await (await year.Analyst.GetAsync($"{year.Base}/laporan-capaian?month=12&format=xlsx&consistent=true"))
            .Content.ReadAsStreamAsync();
        var sheet = workbook.Query(useHeaderRow: false, startCell: $"A{Sakip.Api.Capaian.LaporanWorkbook.FirstDataRow}")
            .Cast<IDictionary<string, object?>>().TakeWhile(r => r.Values.Any(v => v is not null))
            .Select(r => new JObject(r.Where(c => c.Value is not null).Select(c => new JProperty(c.Key, JToken.FromObject(c.Value!)))))
            .ToList();
        sheet[^2]["B"]!.ToString().ShouldBe("JUMLAH");
        Snapshot.Match(new JArray(sheet), "laporan-capaian-xlsx");
    }
}
