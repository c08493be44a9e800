using System.Net;
using System.Text.Json.Nodes;
using MiniExcelLibs;
using Sakip.Api.Demo;

namespace Sakip.Api.Tests.Renstra;

[Collection(SakipCollection.Name)]
public sealed class when_an_annual_plan_cascades_from_the_renstra(SakipApp app)
{
    private static string Sample(string file) => File.ReadAllText(Path.Combine(DemoData.SamplesDirectory, file));

    /// <summary>The Renstra established, then the 2020 Rencana Aksi of samples/ (its indicators name the IKU they serve).</summary>
    private async Task<LampungBarat2018> WithAnnualPlan(string? plan = null)
    {
        var lb = await new LampungBarat2018(app).Established();
        var report = await (await LampungBarat2018.Upload(lb.Planner, $"/api/{lb.Tenant}/imports/rencana-aksi",
            plan ?? Sample("rencana-aksi-lampung-barat-2020.csv"), "rencana-aksi-lampung-barat-2020.csv")).Json(HttpStatusCode.OK);
        report["stored"]!.GetValue<bool>().ShouldBeTrue();
        return lb;
    }

    private async Task SignAndRealize(LampungBarat2018 lb)
    {
        var planUrl = $"/api/{lb.Tenant}/opds/{LampungBarat2018.Opd}/years/2020/plan";
        var plan = await (await lb.Planner.GetAsync(planUrl)).Json(HttpStatusCode.OK);
        (await lb.Planner.PostJson($"{planUrl}/agreement", new
        {
            expectedVersion = plan["version"]!.GetValue<int>(), documentNumber = "800/045/PK/2020", signedOn = "2020-02-03",
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await LampungBarat2018.Upload(lb.Operator, $"/api/{lb.Tenant}/imports/realisasi",
            Sample("realisasi-lampung-barat-2020.csv"), "realisasi-lampung-barat-2020.csv")).Json(HttpStatusCode.OK))["stored"]!
            .GetValue<bool>().ShouldBeTrue();
    }

    private static JsonNode Row(JsonNode lkjip, string code) =>
        lkjip["rows"]!.AsArray().Single(r => r!["code"]!.GetValue<string>() == code)!;

    [Fact]
    public async Task the_year_end_figure_of_the_annual_indicator_is_the_renstra_realization_in_the_lkjip_table()
    {
        var lb = await WithAnnualPlan();
        await SignAndRealize(lb);
        var iku = await lb.Indicator("IKU-1");
        (await lb.Operator.PutJson($"/api/{lb.Tenant}/renstra-indicators/{iku["id"]}/realizations/2019", new
        {
            expectedVersion = iku["version"]!.GetValue<int>(), value = 16, evidence = "LKjIP 2019",
        })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var lkjip = await (await lb.Inspector.GetAsync($"{lb.Url}/lkjip?year=2020")).Json(HttpStatusCode.OK);
        lkjip["rows"]!.AsArray().Select(r => r!["code"]!.GetValue<string>()).ShouldBe(["IKU-1", "IKU-2", "IKU-3", "IKU-4"]);
        var koperasi = Row(lkjip, "IKU-1");
        koperasi["years"]!.AsArray().Select(y => (y!["year"]!.GetValue<int>(), y["target"]!.GetValue<decimal>(),
            y["realization"]?.GetValue<decimal>(), y["source"]?.GetValue<string>())).ShouldBe([
            (2018, 11m, null, null), (2019, 17m, 16m, "direct"), (2020, 22m, 21m, "cascade"),   // TW4 21, cumulative
        ]);
        koperasi["capaianThisYear"]!.GetValue<decimal>().ShouldBe(Math.Round(21m / 22m * 100, 2, MidpointRounding.AwayFromZero));
        koperasi["trend"]!["change"]!.GetValue<decimal>().ShouldBe(5m);
        koperasi["trend"]!["direction"]!.GetValue<string>().ShouldBe("improved");
        koperasi["endTarget"]!.GetValue<decimal>().ShouldBe(25m);
        koperasi["capaianAgainstEndTarget"]!.GetValue<decimal>().ShouldBe(84m);                    // 21 / 25
        Row(lkjip, "IKU-3")["years"]![2]!["realization"]!.GetValue<decimal>().ShouldBe(861.52m);    // "861,52" at TW4

        var workbook = await (await lb.Inspector.GetAsync($"{lb.Url}/lkjip?year=2020&format=xlsx")).Content.ReadAsByteArrayAsync();
        using var stream = new MemoryStream(workbook);
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        rows.Count.ShouldBe(4);
        rows[0].Keys.ShouldBe(["No", "Sasaran", "Indikator Kinerja Utama", "Satuan", "Target 2018", "Realisasi 2018", "Target 2019",
            "Realisasi 2019", "Target 2020", "Realisasi 2020", "Capaian 2020 (%)", "Perubahan Realisasi thd 2019", "Tren",
            "Target Akhir 2022", "Capaian thd Target Akhir 2022 (%)"]);
        Convert.ToDecimal(rows[0]["Realisasi 2020"]).ShouldBe(21m);
        rows[0]["Tren"].ShouldBe("meningkat");
        Convert.ToDecimal(rows[0]["Capaian thd Target Akhir 2022 (%)"]).ShouldBe(84m);
    }

    [Fact]
    public async Task a_year_served_by_annual_indicators_is_not_reported_directly()
    {
        var lb = await WithAnnualPlan();
        await SignAndRealize(lb);
        var iku = await lb.Indicator("IKU-1");
        var refused = await (await lb.Operator.PutJson($"/api/{lb.Tenant}/renstra-indicators/{iku["id"]}/realizations/2020", new
        {
            expectedVersion = iku["version"]!.GetValue<int>(), value = 30, evidence = "Laporan",
        })).Problem(HttpStatusCode.UnprocessableEntity);
        refused["detail"]!.GetValue<string>().ShouldContain("IKU-1 2020");
    }

    [Fact]
    public async Task an_annual_target_that_differs_from_the_renstra_target_of_its_year_is_warned_about()
    {
        // PDRB perdagangan 2020: the Renstra says 870.03; this annual plan says 860
        var plan = Sample("rencana-aksi-lampung-barat-2020.csv").Replace("\"870,03\",-,-,-,\"870,03\"", "860,-,-,-,860");
        var lb = new LampungBarat2018(app);
        await lb.Established();
        var report = await (await LampungBarat2018.Upload(lb.Planner, $"/api/{lb.Tenant}/imports/rencana-aksi?dryRun=true", plan))
            .Json(HttpStatusCode.OK);
        report["warnings"]!.AsArray().Select(w => (w!["row"]!.GetValue<int>(), w["message"]!.GetValue<string>()))
            .ShouldContain(w => w.Item1 == 4 && w.Item2.Contains("annual target 860 of IKU-3 differs from the Renstra target 870.03"));

        lb = await WithAnnualPlan(plan);
        var cascade = await (await lb.Planner.GetAsync($"{lb.Url}/cascade")).Json(HttpStatusCode.OK);
        var pdrb = cascade["indicators"]!.AsArray().Single(i => i!["code"]!.GetValue<string>() == "IKU-3")!;
        var year2020 = pdrb["years"]![2]!;
        year2020["servedBy"]!.AsArray().Select(s => s!["code"]!.GetValue<string>()).ShouldBe(["IKU-3"]);
        year2020["warnings"]!.AsArray().Single()!.GetValue<string>().ShouldContain("differs from the Renstra target 870.03");
        pdrb["years"]![1]!["servedBy"]!.AsArray().ShouldBeEmpty("no annual plan of 2019 cascades from it");
        cascade["warnings"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task an_annual_indicator_names_the_renstra_indicator_it_serves_through_the_api()
    {
        var lb = await new LampungBarat2018(app).Established();
        var unlinked = string.Join('\n', Sample("rencana-aksi-lampung-barat-2020.csv").Split('\n').Select(l => l.EndsWith(",IKU-1") ? l[..^5] : l));
        (await LampungBarat2018.Upload(lb.Planner, $"/api/{lb.Tenant}/imports/rencana-aksi", unlinked)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var annual = (await (await lb.Planner.GetAsync($"/api/{lb.Tenant}/opds/{LampungBarat2018.Opd}/years/2020/indicators"))
            .Json(HttpStatusCode.OK)).AsArray().Single(i => i!["code"]!.GetValue<string>() == "IKU-1")!;
        annual["renstra"].ShouldBeNull();
        var url = $"/api/{lb.Tenant}/indicators/{annual["id"]}/renstra";
        var version = annual["version"]!.GetValue<int>();

        (await (await lb.Planner.PutJson(url, new { expectedVersion = version, renstraIndicator = "IKU-9" }))
            .Problem(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["renstraIndicator"]);
        var mismatched = await (await lb.Planner.PutJson(url, new { expectedVersion = version, renstraIndicator = "IKU-2" })).Json(HttpStatusCode.OK);
        mismatched["warnings"]!.AsArray().Single()!["message"]!.GetValue<string>()
            .ShouldContain("annual target 22 of IKU-1 differs from the Renstra target 10");
        var linked = await (await lb.Planner.PutJson(url, new { expectedVersion = ++version, renstraIndicator = "IKU-1" })).Json(HttpStatusCode.OK);
        linked["renstra"]!["code"]!.GetValue<string>().ShouldBe("IKU-1");
        linked["warnings"]!.AsArray().ShouldBeEmpty("22 Kop in 2020 on both sides");

        var cascade = await (await lb.Planner.GetAsync($"{lb.Url}/cascade")).Json(HttpStatusCode.OK);
        cascade["indicators"]![0]!["years"]![2]!["servedBy"]!.AsArray().Single()!["id"]!.GetValue<string>().ShouldBe(annual["id"]!.GetValue<string>());

        var planUrl = $"/api/{lb.Tenant}/opds/{LampungBarat2018.Opd}/years/2020/plan";
        (await lb.Planner.PostJson($"{planUrl}/agreement", new
        {
            expectedVersion = (await (await lb.Planner.GetAsync(planUrl)).Json(HttpStatusCode.OK))["version"]!.GetValue<int>(),
            documentNumber = "800/045/PK/2020", signedOn = "2020-02-03",
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await lb.Planner.PutJson(url, new { expectedVersion = version + 1, renstraIndicator = (string?)null }))
            .Problem(HttpStatusCode.UnprocessableEntity)).ErrorFields().ShouldContain("revision");
    }
}
